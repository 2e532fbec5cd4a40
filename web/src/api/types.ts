import type { z } from 'zod';
import type {
  Level as LevelSchema,
  Notification as NotificationSchema,
  PointEntry as PointEntrySchema,
  ReviewItem,
} from '@advocate-hub/shared';

/**
 * Response types that shared exports only as zod schemas, derived here without a runtime import
 * (type positions only), so the first chunk stays free of zod.
 */
export type PointEntry = z.infer<typeof PointEntrySchema>;
export type Level = z.infer<typeof LevelSchema>;
export type AppNotification = z.infer<typeof NotificationSchema>;
export type ReviewDecision = 'approve' | 'reject' | 'retry';
export type { ReviewItem };

/** GET /api/me/points and GET /api/admin/members/:id/points. */
export interface PointsPage {
  entries: PointEntry[];
  nextCursor: string | null;
  balance: number;
  lifetime: number;
}

/** POST …/adjustments and POST /api/admin/completions/:id/reverse. */
export interface LedgerChange {
  entry: PointEntry;
  balance: number;
  lifetime: number;
}

export interface NotificationsPage {
  notifications: AppNotification[];
  unread: number;
  nextCursor: string | null;
}

export interface ReviewsPage {
  reviews: ReviewItem[];
  nextCursor: string | null;
  total: number;
}

export interface LevelInput {
  name: string;
  threshold: number;
  description?: string | null;
  privileges?: string[];
}
