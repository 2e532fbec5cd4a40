import { api } from './client';
import type { NotificationsPage, PointsPage } from './types';

/** The signed-in member's own ledger and notifications. */
export const meApi = {
  points(params: { limit?: number; cursor?: string | null }, signal?: AbortSignal) {
    return api.get<PointsPage>('/api/me/points', params, { signal });
  },
  /** Polled in the background: never sends the member to the sign-in page by itself. */
  notifications(params: { limit?: number; cursor?: string | null }, signal?: AbortSignal) {
    return api.get<NotificationsPage>('/api/me/notifications', params, { signal, onAuthFailure: 'silent' });
  },
  /** Mark these notifications read, or all of them when `ids` is left out. */
  markNotificationsRead(ids?: string[]) {
    return api.post<{ unread: number }>('/api/me/notifications/read', ids ? { ids } : {});
  },
};
