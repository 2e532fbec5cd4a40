import type { z } from 'zod';
import type {
  ApiKey as ApiKeySchema,
  CreatedApiKeyResponse as CreatedApiKeyResponseSchema,
  EventImportResponse,
  EventsLogResponse as EventsLogResponseSchema,
  IntegrationEvent,
  MemberImportResponse,
} from '@advocate-hub/shared';
import { api, withQuery } from '@/shared/api/client';

export type ApiKey = z.infer<typeof ApiKeySchema>;
export type CreatedApiKey = z.infer<typeof CreatedApiKeyResponseSchema>;
export type EventsLog = z.infer<typeof EventsLogResponseSchema>;
export type { EventImportResponse, IntegrationEvent, MemberImportResponse };

/** What a CSV import answers: one line per row and a summary. */
export type ImportReport = EventImportResponse | MemberImportResponse;

export const integrationsApi = {
  apiKeys(signal?: AbortSignal) {
    return api.get<{ apiKeys: ApiKey[] }>('/api/admin/api-keys', undefined, { signal });
  },
  createApiKey(name: string, scopes: ApiKey['scopes']) {
    return api.post<CreatedApiKey>('/api/admin/api-keys', { name, scopes });
  },
  revokeApiKey(id: string) {
    return api.delete<{ apiKey: ApiKey }>(`/api/admin/api-keys/${encodeURIComponent(id)}`);
  },
  events(cursor?: string | null, signal?: AbortSignal) {
    return api.get<EventsLog>(withQuery('/api/admin/events', { limit: 25, cursor }), undefined, { signal });
  },
  importEvents(csv: string, dryRun: boolean) {
    return api.post<EventImportResponse>(withQuery('/api/admin/events/import', { dryRun }), { csv });
  },
  importMembers(csv: string, opts: { dryRun: boolean; invite: boolean }) {
    return api.post<MemberImportResponse>(withQuery('/api/admin/members/import', opts), { csv });
  },
};
