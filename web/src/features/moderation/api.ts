import type { z } from 'zod';
import type {
  MemberHistory,
  ModerateMemberBody,
  ModerateMemberResponse as ModerateMemberResponseSchema,
  ModeratePostBody,
  ModeratePostResponse as ModeratePostResponseSchema,
  ModerateThreadBody,
  ModerateThreadResponse as ModerateThreadResponseSchema,
  ModerationSummary,
  QueueItem,
  QueueResponse,
  Sanction,
  SanctionsResponse as SanctionsResponseSchema,
} from '@advocate-hub/shared';
import { api } from '@/shared/api/client';

export type { MemberHistory, ModerationSummary, QueueItem, QueueResponse, Sanction };
/** Derived in type positions only, so no zod reaches the browser for them. */
export type ModeratePostResponse = z.infer<typeof ModeratePostResponseSchema>;
export type ModerateMemberResponse = z.infer<typeof ModerateMemberResponseSchema>;
export type ModerateThreadResponse = z.infer<typeof ModerateThreadResponseSchema>;
export type ActiveSanction = z.infer<typeof SanctionsResponseSchema>['sanctions'][number];
export type QueueFlag = QueueItem['flags'][number];
export type MemberAction = ModerateMemberBody['action'];

/** The moderators' work: the summary, the flag queue, a member's history and sanctions. */
export const moderationApi = {
  summary(signal?: AbortSignal) {
    return api.get<ModerationSummary>('/api/moderation/summary', undefined, { signal });
  },
  queue(params: { limit?: number; cursor?: string | number | null }, signal?: AbortSignal) {
    return api.get<QueueResponse>('/api/moderation/queue', params, { signal });
  },
  moderatePost(postId: string, body: ModeratePostBody) {
    return api.post<ModeratePostResponse>(`/api/moderation/posts/${postId}`, body);
  },
  /** Lock, pin, hide or move a thread (from the thread page). */
  moderateThread(threadId: string, body: ModerateThreadBody) {
    return api.post<ModerateThreadResponse>(`/api/moderation/threads/${threadId}`, body);
  },
  memberHistory(memberId: string, signal?: AbortSignal) {
    return api.get<MemberHistory>(`/api/moderation/members/${memberId}`, undefined, { signal });
  },
  moderateMember(memberId: string, body: ModerateMemberBody) {
    return api.post<ModerateMemberResponse>(`/api/moderation/members/${memberId}`, body);
  },
  sanctions(params: { active?: boolean } = {}, signal?: AbortSignal) {
    return api.get<z.infer<typeof SanctionsResponseSchema>>(
      '/api/moderation/sanctions',
      { active: params.active === undefined ? undefined : String(params.active) },
      { signal },
    );
  },
};
