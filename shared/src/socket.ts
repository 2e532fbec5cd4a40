/** socket.io event names and payloads (design.md). Later issues fill the handlers. */
export interface LeaderboardEntry {
  rank: number;
  memberId: string;
  name: string;
  points: number;
}
export interface ServerToClientEvents {
  'leaderboard:update': (p: {
    board: string;
    period: 'all' | 'month' | 'week';
    entries: LeaderboardEntry[];
    updatedAt: string;
  }) => void;
  'me:update': (p: { balance: number; lifetime: number; levelId: string | null; badgeIds: string[] }) => void;
}
export interface ClientToServerEvents {
  'leaderboard:subscribe': (p: { board: string; period: 'all' | 'month' | 'week' }) => void;
}
