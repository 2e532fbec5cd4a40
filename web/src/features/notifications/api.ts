import type { z } from 'zod';
import type { Notification as NotificationSchema } from '@advocate-hub/shared';
import { api } from '@/shared/api/client';

/** Derived in type positions only, so the first chunk stays free of zod. */
export type AppNotification = z.infer<typeof NotificationSchema>;

export interface NotificationsPage {
  notifications: AppNotification[];
  unread: number;
  nextCursor: string | null;
}

/** The signed-in member's notifications. */
export const notificationsApi = {
  /** Polled in the background: never sends the member to the sign-in page by itself. */
  notifications(params: { limit?: number; cursor?: string | null }, signal?: AbortSignal) {
    return api.get<NotificationsPage>('/api/me/notifications', params, { signal, onAuthFailure: 'silent' });
  },
  /** Mark these notifications read, or all of them when `ids` is left out. */
  markNotificationsRead(ids?: string[]) {
    return api.post<{ unread: number }>('/api/me/notifications/read', ids ? { ids } : {});
  },
};
