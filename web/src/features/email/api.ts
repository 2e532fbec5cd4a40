import type {
  BulkInviteResponse,
  EmailMessage,
  EmailMessageSummary,
  EmailStatus,
  NotificationPrefs,
  UnsubscribeParams,
  UnsubscribeTopic,
} from '@advocate-hub/shared';
import { api } from '@/shared/api/client';

export type { EmailMessage, EmailMessageSummary, EmailStatus, NotificationPrefs, BulkInviteResponse };

/** Email: account recovery, email change, preferences, unsubscribe, and the admin's outbox. */
export const emailApi = {
  forgotPassword(email: string) {
    return api.post<{ ok: true; message: string }>('/api/auth/password/forgot', { email });
  },
  resetPassword(token: string, password: string) {
    return api.post<{ ok: true }>('/api/auth/password/reset', { token, password });
  },
  changeEmail(newEmail: string, password: string) {
    return api.post<{ ok: true; pendingEmail: string }>('/api/me/email', { newEmail, password });
  },
  confirmEmail(token: string) {
    return api.post<{ ok: true; email: string }>('/api/auth/email/confirm', { token });
  },
  preferences() {
    return api.get<NotificationPrefs>('/api/me/notification-preferences');
  },
  savePreferences(prefs: NotificationPrefs) {
    return api.put<NotificationPrefs>('/api/me/notification-preferences', prefs);
  },
  unsubscribe(params: UnsubscribeParams) {
    return api.post<{ ok: true; topic: UnsubscribeTopic }>('/api/email/unsubscribe', params);
  },
  messages(params: { status?: EmailStatus | null; q?: string; limit?: number; cursor?: string | null }) {
    return api.get<{ messages: EmailMessageSummary[]; nextCursor: string | null }>('/api/admin/email/messages', {
      status: params.status ?? undefined,
      q: params.q || undefined,
      limit: params.limit,
      cursor: params.cursor ?? undefined,
    });
  },
  message(id: string) {
    return api.get<{ message: EmailMessage }>(`/api/admin/email/messages/${id}`);
  },
  retry(id: string) {
    return api.post<{ message: EmailMessage }>(`/api/admin/email/messages/${id}/retry`);
  },
  digestNow(memberId?: string) {
    return api.post<{ queued: number }>('/api/admin/email/digest', memberId ? { memberId } : {});
  },
};
