import type {
  BoardInfo,
  EventAudience,
  EventBoard,
  LeaderboardResponse,
  LeaderboardSettings,
  LeaderboardsResponse,
  Season,
  WallResponse,
} from '@advocate-hub/shared';
import { api } from '@/shared/api/client';

export type { BoardInfo, EventBoard, LeaderboardResponse, LeaderboardSettings, Season, WallResponse };

export interface SeasonInput {
  name: string;
  startsAt: string;
  endsAt: string;
}

export interface EventBoardInput {
  name: string;
  joinCodeId: string;
  audience: EventAudience;
  startsAt: string;
  endsAt: string;
}

const path = (board: string) => `/api/leaderboards/${encodeURIComponent(board)}`;

/** Leaderboards: the boards a member may see, a board's ranking and an event wall's extras. */
export const leaderboardsApi = {
  boards(signal?: AbortSignal) {
    return api.get<LeaderboardsResponse>('/api/leaderboards', undefined, { signal });
  },
  board(board: string, params: { period?: string; limit?: number }, signal?: AbortSignal) {
    return api.get<LeaderboardResponse>(path(board), params, { signal });
  },
  wall(board: string, signal?: AbortSignal) {
    return api.get<WallResponse>(`${path(board)}/wall`, undefined, { signal });
  },
};

/** The admin's leaderboard settings, seasons and event boards. */
export const leaderboardsAdminApi = {
  settings() {
    return api.get<{ settings: LeaderboardSettings }>('/api/admin/leaderboards/settings');
  },
  saveSettings(settings: LeaderboardSettings) {
    return api.put<{ settings: LeaderboardSettings }>('/api/admin/leaderboards/settings', settings);
  },
  seasons() {
    return api.get<{ seasons: Season[] }>('/api/admin/leaderboards/seasons');
  },
  createSeason(body: SeasonInput) {
    return api.post<{ season: Season }>('/api/admin/leaderboards/seasons', body);
  },
  updateSeason(id: string, body: Partial<SeasonInput>) {
    return api.patch<{ season: Season }>(`/api/admin/leaderboards/seasons/${id}`, body);
  },
  deleteSeason(id: string) {
    return api.delete<{ ok: true }>(`/api/admin/leaderboards/seasons/${id}`);
  },
  events() {
    return api.get<{ events: EventBoard[] }>('/api/admin/leaderboards/events');
  },
  createEvent(body: EventBoardInput) {
    return api.post<{ event: EventBoard }>('/api/admin/leaderboards/events', body);
  },
  updateEvent(id: string, body: Partial<Omit<EventBoardInput, 'joinCodeId'>>) {
    return api.patch<{ event: EventBoard }>(`/api/admin/leaderboards/events/${id}`, body);
  },
  deleteEvent(id: string) {
    return api.delete<{ ok: true }>(`/api/admin/leaderboards/events/${id}`);
  },
};
