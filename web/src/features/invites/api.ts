import type { Role } from '@advocate-hub/shared';
import { api } from '@/shared/api/client';

export interface InviteResult {
  invite: { id: string; email: string; roles: Role[]; expiresAt: string };
  inviteUrl: string;
}

/** Inviting members (the admin side; accepting goes through the sign-up pages). */
export const invitesApi = {
  invite(body: { email: string; name?: string; roles?: Role[] }) {
    return api.post<InviteResult>('/api/admin/invites', body);
  },
};
