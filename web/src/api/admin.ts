import type { AdminMember, JoinCode, MemberStatus, Program, Role, UpdateProgramBody } from '@advocate-hub/shared';
import { api } from './client';

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
};
