import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { BadgeArt, BadgeRule } from '@advocate-hub/shared';
import { members } from '../members/members.table.js';

export const badges = pgTable('badges', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  description: text('description'),
  /** Legacy: an emoji, letters or an image address typed before badge art existed. */
  icon: text('icon'),
  /** A built-in design in a tier's colours (shared `badge-art.ts`); null with `image_url` or for legacy badges. */
  art: jsonb('art').$type<BadgeArt>(),
  /** An uploaded picture (`/media/…`), shown instead of the art. */
  imageUrl: text('image_url'),
  rule: jsonb('rule').$type<BadgeRule>().notNull(),
  archivedAt: timestamp('archived_at', { withTimezone: true }),
  createdBy: uuid('created_by').references(() => members.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
export type BadgeRow = typeof badges.$inferSelect;

/** A badge is granted to a member at most once (primary key); a revoked grant stays as history. */
export const memberBadges = pgTable(
  'member_badges',
  {
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    badgeId: uuid('badge_id')
      .notNull()
      .references(() => badges.id, { onDelete: 'cascade' }),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
    reason: text('reason'),
    grantedBy: uuid('granted_by').references(() => members.id, { onDelete: 'set null' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedReason: text('revoked_reason'),
    revokedBy: uuid('revoked_by').references(() => members.id, { onDelete: 'set null' }),
  },
  (t) => [
    primaryKey({ columns: [t.memberId, t.badgeId] }),
    index('member_badges_badge_idx')
      .on(t.badgeId)
      .where(sql`${t.revokedAt} is null`),
    // The home page's community feed: the latest badges granted.
    index('member_badges_granted_idx')
      .on(t.grantedAt.desc())
      .where(sql`${t.revokedAt} is null`),
  ],
);
