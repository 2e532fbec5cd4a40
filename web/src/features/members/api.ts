import type {
  AdminMember,
  ChangePasswordBody,
  MeMember,
  MemberStatus,
  Role,
  UpdateMeBody,
  UpdateMemberProfileBody,
} from '@advocate-hub/shared';
import { api } from '@/shared/api/client';

/** A page of GET /api/admin/members. */
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

/** The admin's member directory: search, profile fields, roles, suspension. */
export const membersApi = {
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
  member(id: string) {
    return api.get<{ member: AdminMember }>(`/api/admin/members/${id}`);
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
};

/** What a member changes about themselves. */
export const meApi = {
  /** PATCH /api/me; answers `{member}` (or the bare member, as GET /api/me may). */
  async update(body: UpdateMeBody): Promise<MeMember> {
    const res = await api.patch<MeMember | { member: MeMember }>('/api/me', body);
    return 'member' in res ? res.member : res;
  },
  /** POST /api/me/password: every other session ends; this one stays signed in. */
  changePassword(body: ChangePasswordBody) {
    return api.post<{ ok: true; sessionsEnded: number }>('/api/me/password', body);
  },
};
