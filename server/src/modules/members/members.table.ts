import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { LEADERBOARD_VISIBILITIES, MEMBER_STATUSES, ROLES, type NotificationPrefs } from '@advocate-hub/shared';

export const members = pgTable(
  'members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash'),
    status: text('status', { enum: MEMBER_STATUSES }).notNull().default('invited'),
    trusted: boolean('trusted').notNull().default(false),
    company: text('company'),
    title: text('title'),
    industry: text('industry'),
    region: text('region'),
    persona: text('persona'),
    products: text('products')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    timezone: text('timezone'),
    avatarUrl: text('avatar_url'),
    balance: integer('balance').notNull().default(0),
    lifetime: integer('lifetime').notNull().default(0),
    joinCodeId: uuid('join_code_id'),
    lastNps: integer('last_nps'),
    lastNpsAt: timestamp('last_nps_at', { withTimezone: true }),
    suspendedAt: timestamp('suspended_at', { withTimezone: true }),
    suspendedReason: text('suspended_reason'),
    joinedAt: timestamp('joined_at', { withTimezone: true }),
    /** When `lifetime` last changed: among equal totals, whoever got there first ranks first. */
    lifetimeAt: timestamp('lifetime_at', { withTimezone: true }),
    /** How the member appears on leaderboards: named, anonymous ("Advocate #<alias>") or hidden. */
    leaderboardVisibility: text('leaderboard_visibility', { enum: LEADERBOARD_VISIBILITIES })
      .notNull()
      .default('named'),
    /**
     * The number of "Advocate #<alias>": unique, the same on every board, and not the join order (a
     * sequence scrambled by a multiplier modulo a prime, see migration 0008).
     */
    aliasNumber: integer('alias_number')
      .notNull()
      .default(sql`((nextval('member_alias_seq') * 5023231) % 9999991)::int`),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
    /** Notification preferences per topic and channel (`NotificationPrefs` in shared); empty = everything on. */
    notificationPrefs: jsonb('notification_prefs')
      .$type<NotificationPrefs>()
      .notNull()
      .default(sql`'{"topics":{}}'::jsonb`),
    /** When the member put away the home page's "how it works" explainer (null: still shown while new). */
    homeIntroDismissedAt: timestamp('home_intro_dismissed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('members_email_key').on(t.email),
    index('members_created_idx').on(t.createdAt.desc(), t.id.desc()),
    check('members_email_lower', sql`${t.email} = lower(${t.email})`),
    check('members_status_check', sql`${t.status} in ('invited','active','suspended')`),
    check('members_balance_nonnegative', sql`${t.balance} >= 0`),
    check('members_lifetime_nonnegative', sql`${t.lifetime} >= 0`),
    check('members_leaderboard_visibility_check', sql`${t.leaderboardVisibility} in ('named','anonymous','hidden')`),
    uniqueIndex('members_alias_number_key').on(t.aliasNumber),
  ],
);
export type MemberRow = typeof members.$inferSelect;
export type NewMemberRow = typeof members.$inferInsert;

export const memberRoles = pgTable(
  'member_roles',
  {
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ROLES }).notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.memberId, t.role] }),
    index('member_roles_role_idx').on(t.role),
    check('member_roles_role_check', sql`${t.role} in ('advocate','admin','moderator','requester')`),
  ],
);
