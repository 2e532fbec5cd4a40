import type { z } from 'zod';
import type {
  AudienceBody as AudienceBodySchema,
  AudienceResponse as AudienceResponseSchema,
  Segment,
  SegmentMember as SegmentMemberSchema,
  SegmentMembersResponse as SegmentMembersResponseSchema,
  SegmentPreviewResponse,
  SegmentRule,
  SegmentValuesResponse,
} from '@advocate-hub/shared';
import { api } from '@/shared/api/client';

/** Response types shared exports only as zod schemas, derived in type positions (no zod at run time). */
export type SegmentMember = z.infer<typeof SegmentMemberSchema>;
export type SegmentMembersPage = z.infer<typeof SegmentMembersResponseSchema>;
export type AudienceInput = z.input<typeof AudienceBodySchema>;
export type Audience = z.infer<typeof AudienceResponseSchema>;

/** A segment as the web sends it: `description` empty → null. */
export interface SegmentInput {
  name: string;
  description?: string | null;
  rule: SegmentRule;
}

/** The admin's segment calls (saved rules over member fields) and the challenge audience count. */
export const segmentsApi = {
  list(signal?: AbortSignal) {
    return api.get<{ segments: Segment[] }>('/api/admin/segments', undefined, { signal });
  },
  get(id: string, signal?: AbortSignal) {
    return api.get<{ segment: Segment }>(`/api/admin/segments/${id}`, undefined, { signal });
  },
  create(body: SegmentInput) {
    return api.post<{ segment: Segment }>('/api/admin/segments', body);
  },
  update(id: string, body: Partial<SegmentInput>) {
    return api.patch<{ segment: Segment }>(`/api/admin/segments/${id}`, body);
  },
  remove(id: string) {
    return api.delete<{ ok: true }>(`/api/admin/segments/${id}`);
  },
  preview(rule: SegmentRule, signal?: AbortSignal) {
    return api.post<SegmentPreviewResponse>('/api/admin/segments/preview', { rule }, { signal });
  },
  members(id: string, limit = 100, signal?: AbortSignal) {
    return api.get<SegmentMembersPage>(`/api/admin/segments/${id}/members`, { limit }, { signal });
  },
  values(signal?: AbortSignal) {
    return api.get<SegmentValuesResponse>('/api/admin/segments/values', undefined, { signal });
  },
  audience(body: AudienceInput, signal?: AbortSignal) {
    return api.post<Audience>('/api/admin/challenges/audience', body, { signal });
  },
};
