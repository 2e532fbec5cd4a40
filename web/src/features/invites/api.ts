import type { BulkInviteResponse, OpenInvite, Role } from '@advocate-hub/shared';
import { api } from '@/shared/api/client';

export interface InviteResult {
  invite: { id: string; email: string; roles: Role[]; expiresAt: string };
  inviteUrl: string;
}
export type { BulkInviteResponse, OpenInvite };

/** Inviting members (the admin side; accepting goes through the sign-up pages). */
export const invitesApi = {
  invite(body: { email: string; name?: string; roles?: Role[]; sendEmail?: boolean }) {
    return api.post<InviteResult>('/api/admin/invites', body);
  },
  /** Up to 500 addresses at once (pasted lines), one email each. */
  inviteMany(body: { emails: string; roles?: Role[] }) {
    return api.post<BulkInviteResponse>('/api/admin/invites/bulk', body);
  },
  /** A new link for an open invite, emailed again (the old link stops working). */
  resend(id: string) {
    return api.post<InviteResult>(`/api/admin/invites/${id}/resend`);
  },
  open(q?: string) {
    return api.get<{ invites: OpenInvite[] }>('/api/admin/invites', { q: q || undefined });
  },
};
