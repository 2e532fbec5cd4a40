import type {
  AdminChallenge,
  AdminMember,
  ChallengeStatus,
  CompletionStatus,
  CreateChallengeBody,
  Group,
  JoinCode,
  MemberStatus,
  Program,
  Role,
  UpdateChallengeBody,
  UpdateMemberProfileBody,
  UpdateProgramBody,
} from '@advocate-hub/shared';
import { api } from './client';
import type { LedgerChange, Level, LevelInput, PointsPage, ReviewDecision, ReviewItem, ReviewsPage } from './types';

/** Typed calls for the admin area; shapes come from @advocate-hub/shared. */

export interface MembersPage {
  members: AdminMember[];
  nextCursor: string | null;
  total: number;
}

export interface MembersFilter {
  q?: string;
  role?: Role | null;
  status?: MemberStatus | null;
  limit?: number;
  cursor?: string | null;
}

export interface InviteResult {
  invite: { id: string; email: string; roles: Role[]; expiresAt: string };
  inviteUrl: string;
}

export interface AuditEntry {
  id: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  data: Record<string, unknown>;
  createdAt: string;
}

export interface CreateJoinCodeInput {
  label: string;
  code?: string;
  maxUses?: number | null;
  expiresAt?: string | null;
}

export interface GroupMember {
  id: string;
  name: string;
  email: string;
  addedAt: string;
}

export interface GroupInput {
  name: string;
  description?: string | null;
}

export const adminApi = {
  members(filter: MembersFilter, signal?: AbortSignal) {
    return api.get<MembersPage>(
      '/api/admin/members',
      {
        q: filter.q?.trim(),
        role: filter.role,
        status: filter.status,
        limit: filter.limit,
        cursor: filter.cursor,
      },
      { signal },
    );
  },
  updateProfile(id: string, body: UpdateMemberProfileBody) {
    return api.patch<{ member: AdminMember }>(`/api/admin/members/${id}`, body);
  },
  setRoles(id: string, roles: Role[]) {
    return api.put<{ member: AdminMember }>(`/api/admin/members/${id}/roles`, { roles });
  },
  suspend(id: string, reason: string) {
    return api.post<{ member: AdminMember }>(`/api/admin/members/${id}/suspend`, { reason });
  },
  reactivate(id: string) {
    return api.post<{ member: AdminMember }>(`/api/admin/members/${id}/reactivate`, {});
  },
  invite(body: { email: string; name?: string; roles?: Role[] }) {
    return api.post<InviteResult>('/api/admin/invites', body);
  },
  joinCodes() {
    return api.get<{ joinCodes: JoinCode[] }>('/api/admin/join-codes');
  },
  createJoinCode(body: CreateJoinCodeInput) {
    return api.post<{ joinCode: JoinCode }>('/api/admin/join-codes', body);
  },
  setJoinCodeDisabled(id: string, disabled: boolean) {
    return api.patch<{ joinCode: JoinCode }>(`/api/admin/join-codes/${id}`, { disabled });
  },
  audit(params: { limit?: number; cursor?: string | null }) {
    return api.get<{ entries: AuditEntry[]; nextCursor: string | null }>('/api/admin/audit', params);
  },
  updateProgram(body: UpdateProgramBody) {
    return api.patch<{ program: Program }>('/api/admin/program', body);
  },

  challenges(filter: { status?: ChallengeStatus | null; q?: string }, signal?: AbortSignal) {
    return api.get<{ challenges: AdminChallenge[] }>(
      '/api/admin/challenges',
      { status: filter.status, q: filter.q?.trim() },
      { signal },
    );
  },
  challenge(id: string, signal?: AbortSignal) {
    return api.get<{ challenge: AdminChallenge }>(`/api/admin/challenges/${id}`, undefined, { signal });
  },
  createChallenge(body: CreateChallengeBody) {
    return api.post<{ challenge: AdminChallenge }>('/api/admin/challenges', body);
  },
  updateChallenge(id: string, body: UpdateChallengeBody) {
    return api.patch<{ challenge: AdminChallenge }>(`/api/admin/challenges/${id}`, body);
  },
  publishChallenge(id: string) {
    return api.post<{ challenge: AdminChallenge }>(`/api/admin/challenges/${id}/publish`, {});
  },
  archiveChallenge(id: string) {
    return api.post<{ challenge: AdminChallenge }>(`/api/admin/challenges/${id}/archive`, {});
  },
  duplicateChallenge(id: string) {
    return api.post<{ challenge: AdminChallenge }>(`/api/admin/challenges/${id}/duplicate`, {});
  },

  reviews(params: { status: CompletionStatus; limit?: number; cursor?: string | null }, signal?: AbortSignal) {
    return api.get<ReviewsPage>('/api/admin/reviews', params, { signal });
  },
  decideReview(completionId: string, body: { decision: ReviewDecision; feedback?: string }) {
    return api.post<{ review: ReviewItem }>(`/api/admin/reviews/${completionId}`, body);
  },
  reverseCompletion(completionId: string, reason: string) {
    return api.post<LedgerChange>(`/api/admin/completions/${completionId}/reverse`, { reason });
  },

  adjustPoints(memberId: string, body: { points: number; reason: string }) {
    return api.post<LedgerChange>(`/api/admin/members/${memberId}/adjustments`, body);
  },
  memberPoints(memberId: string, params: { limit?: number; cursor?: string | null }, signal?: AbortSignal) {
    return api.get<PointsPage>(`/api/admin/members/${memberId}/points`, params, { signal });
  },

  levels() {
    return api.get<{ levels: Level[] }>('/api/admin/levels');
  },
  createLevel(body: LevelInput) {
    return api.post<{ level: Level }>('/api/admin/levels', body);
  },
  updateLevel(id: string, body: Partial<LevelInput>) {
    return api.patch<{ level: Level }>(`/api/admin/levels/${id}`, body);
  },
  deleteLevel(id: string) {
    return api.delete<{ ok: true }>(`/api/admin/levels/${id}`);
  },

  groups(signal?: AbortSignal) {
    return api.get<{ groups: Group[] }>('/api/admin/groups', undefined, { signal });
  },
  createGroup(body: GroupInput) {
    return api.post<{ group: Group }>('/api/admin/groups', body);
  },
  updateGroup(id: string, body: Partial<GroupInput>) {
    return api.patch<{ group: Group }>(`/api/admin/groups/${id}`, body);
  },
  deleteGroup(id: string) {
    return api.delete<{ ok: true }>(`/api/admin/groups/${id}`);
  },
  groupMembers(id: string, signal?: AbortSignal) {
    return api.get<{ members: GroupMember[] }>(`/api/admin/groups/${id}/members`, undefined, { signal });
  },
  addGroupMembers(id: string, memberIds: string[]) {
    return api.post<{ group: Group }>(`/api/admin/groups/${id}/members`, { memberIds });
  },
  removeGroupMembers(id: string, memberIds: string[]) {
    return api.delete<{ group: Group }>(`/api/admin/groups/${id}/members`, { memberIds });
  },
};
