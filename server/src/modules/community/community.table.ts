import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  customType,
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
import type { CommunitySettings, Targeting } from '@advocate-hub/shared';
import { members } from '../members/members.table.js';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const communityCategories = pgTable(
  'community_categories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    color: text('color').notNull().default('#2563eb'),
    position: integer('position').notNull().default(0),
    /** members: anyone who sees the category may start threads; staff: admins and moderators only. */
    startPolicy: text('start_policy', { enum: ['members', 'staff'] })
      .notNull()
      .default('members'),
    /** Q&A: threads can have an accepted answer. */
    qa: boolean('qa').notNull().default(false),
    targeting: jsonb('targeting')
      .$type<Targeting>()
      .notNull()
      .default(sql`'{"includeSegmentIds":[],"includeGroupIds":[],"excludeSegmentIds":[],"excludeGroupIds":[]}'::jsonb`),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('community_categories_slug_key').on(t.slug),
    check('community_categories_start_policy_check', sql`${t.startPolicy} in ('members','staff')`),
  ],
);
export type CategoryRow = typeof communityCategories.$inferSelect;

export const communityThreads = pgTable(
  'community_threads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    categoryId: uuid('category_id')
      .notNull()
      .references(() => communityCategories.id),
    authorId: uuid('author_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    pinned: boolean('pinned').notNull().default(false),
    locked: boolean('locked').notNull().default(false),
    hiddenAt: timestamp('hidden_at', { withTimezone: true }),
    acceptedPostId: uuid('accepted_post_id'),
    /** Visible replies (the first post not counted). */
    replyCount: integer('reply_count').notNull().default(0),
    lastPostAt: timestamp('last_post_at', { withTimezone: true }).notNull().defaultNow(),
    lastPostSeq: bigint('last_post_seq', { mode: 'number' }).notNull().default(0),
    lastAuthorId: uuid('last_author_id').references(() => members.id, { onDelete: 'set null' }),
    searchTitle: tsvector('search_title').generatedAlwaysAs(sql`to_tsvector('english', title)`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('community_threads_category_idx').on(t.categoryId, t.lastPostAt.desc(), t.id.desc()),
    index('community_threads_latest_idx').on(t.lastPostAt.desc(), t.id.desc()),
    index('community_threads_search_idx').using('gin', t.searchTitle),
  ],
);
export type ThreadRow = typeof communityThreads.$inferSelect;

export const communityPosts = pgTable(
  'community_posts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Order of posts (in a thread and overall): the thread page's cursor. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    threadId: uuid('thread_id')
      .notNull()
      .references(() => communityThreads.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    /** md5 of the normalised body: the same text posted again by its author is refused. */
    bodyHash: text('body_hash').notNull(),
    first: boolean('first').notNull().default(false),
    status: text('status', { enum: ['visible', 'hidden', 'deleted'] })
      .notNull()
      .default('visible'),
    /** Why it is hidden: flags (until reviewed) or a moderator. */
    hiddenBy: text('hidden_by', { enum: ['flags', 'moderator'] }),
    linksAllowed: boolean('links_allowed').notNull().default(true),
    quotePostId: uuid('quote_post_id'),
    reactionCounts: jsonb('reaction_counts').$type<Record<string, number>>().notNull().default({}),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    search: tsvector('search').generatedAlwaysAs(sql`to_tsvector('english', body)`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('community_posts_seq_key').on(t.seq),
    index('community_posts_thread_idx').on(t.threadId, t.seq),
    index('community_posts_author_idx').on(t.authorId, t.createdAt.desc()),
    index('community_posts_hash_idx').on(t.authorId, t.bodyHash),
    index('community_posts_search_idx').using('gin', t.search),
    check('community_posts_status_check', sql`${t.status} in ('visible','hidden','deleted')`),
  ],
);
export type PostRow = typeof communityPosts.$inferSelect;

/** Earlier bodies of an edited post (moderators read them). */
export const communityPostRevisions = pgTable(
  'community_post_revisions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    postId: uuid('post_id')
      .notNull()
      .references(() => communityPosts.id, { onDelete: 'cascade' }),
    /** The body before this edit. */
    body: text('body').notNull(),
    editedBy: uuid('edited_by').references(() => members.id, { onDelete: 'set null' }),
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('community_post_revisions_post_idx').on(t.postId, t.id)],
);

export const communityReactions = pgTable(
  'community_reactions',
  {
    postId: uuid('post_id')
      .notNull()
      .references(() => communityPosts.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.postId, t.memberId, t.kind] })],
);

/** How far a member has read a thread (unread markers). */
export const communityReads = pgTable(
  'community_reads',
  {
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    threadId: uuid('thread_id')
      .notNull()
      .references(() => communityThreads.id, { onDelete: 'cascade' }),
    lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
    readAt: timestamp('read_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.threadId] })],
);

/** One row: points, caps, thresholds and limits of the community. */
export const communitySettings = pgTable(
  'community_settings',
  {
    id: integer('id').primaryKey().default(1),
    settings: jsonb('settings').$type<CommunitySettings>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('community_settings_single_row', sql`${t.id} = 1`)],
);

// ---------------------------------------------------------------- moderation

export const communityFlags = pgTable(
  'community_flags',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    postId: uuid('post_id')
      .notNull()
      .references(() => communityPosts.id, { onDelete: 'cascade' }),
    flaggerId: uuid('flagger_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    note: text('note'),
    /** The flagger's weight when the flag was raised. */
    weight: integer('weight_milli').notNull(),
    /** open → upheld (a moderator agreed), rejected (disagreed) or ignored. */
    status: text('status', { enum: ['open', 'upheld', 'rejected', 'ignored'] })
      .notNull()
      .default('open'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('community_flags_once').on(t.postId, t.flaggerId),
    index('community_flags_flagger_idx').on(t.flaggerId, t.status),
    check('community_flags_status_check', sql`${t.status} in ('open','upheld','rejected','ignored')`),
  ],
);

/** One open item per flagged post; a moderator's decision closes it. */
export const moderationQueue = pgTable(
  'moderation_queue',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    postId: uuid('post_id')
      .notNull()
      .references(() => communityPosts.id, { onDelete: 'cascade' }),
    /** Σ open flags' weights, in thousandths. */
    score: integer('score_milli').notNull().default(0),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedBy: uuid('resolved_by').references(() => members.id, { onDelete: 'set null' }),
    resolution: text('resolution'),
  },
  (t) => [
    uniqueIndex('moderation_queue_open_once')
      .on(t.postId)
      .where(sql`${t.resolvedAt} is null`),
    index('moderation_queue_open_idx')
      .on(t.score.desc(), t.openedAt)
      .where(sql`${t.resolvedAt} is null`),
  ],
);

export const memberSanctions = pgTable(
  'member_sanctions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['silence', 'suspend'] }).notNull(),
    reason: text('reason').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull().defaultNow(),
    /** Null: until lifted by hand. */
    endsAt: timestamp('ends_at', { withTimezone: true }),
    liftedAt: timestamp('lifted_at', { withTimezone: true }),
    liftedBy: uuid('lifted_by').references(() => members.id, { onDelete: 'set null' }),
    createdBy: uuid('created_by').references(() => members.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('member_sanctions_member_idx').on(t.memberId, t.createdAt.desc()),
    index('member_sanctions_active_idx')
      .on(t.endsAt)
      .where(sql`${t.liftedAt} is null`),
    check('member_sanctions_kind_check', sql`${t.kind} in ('silence','suspend')`),
  ],
);
export type SanctionRow = typeof memberSanctions.$inferSelect;
