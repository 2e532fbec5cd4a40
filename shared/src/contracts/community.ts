/**
 * The community (issue 12): categories, threads, posts, reactions, mentions, search, flags, and the
 * moderators' work on them. Post bodies are markdown: raw HTML is removed on the server as the
 * request is parsed (`markdown()` fields) and the browser renders with markdown-it (raw HTML off)
 * and DOMPurify again.
 */
import { z } from 'zod';
import { Timestamp } from '../common.js';
import { keysetCursor, serialCursor } from '../cursors.js';
import { markdown, text } from '../fields.js';
import { Targeting } from './challenges.js';

// ---------------------------------------------------------------- enums

export const REACTION_KINDS = ['like', 'love', 'insightful', 'celebrate', 'funny'] as const;
export const ReactionKind = z.enum(REACTION_KINDS);
export type ReactionKind = z.infer<typeof ReactionKind>;

export const FLAG_REASONS = ['off_topic', 'inappropriate', 'spam', 'other'] as const;
export const FlagReason = z.enum(FLAG_REASONS);
export type FlagReason = z.infer<typeof FlagReason>;

/** Who may start threads in a category: everyone who can see it, or staff (admins, moderators) only. */
export const START_POLICIES = ['members', 'staff'] as const;
export const StartPolicy = z.enum(START_POLICIES);
export type StartPolicy = z.infer<typeof StartPolicy>;

/**
 * A post's state: `visible`; `hidden` (by flags until reviewed, or by a moderator: the author and
 * moderators still see it, marked); `deleted` (a moderator removed it: its body is gone for everyone
 * but moderators).
 */
export const POST_STATUSES = ['visible', 'hidden', 'deleted'] as const;
export const PostStatus = z.enum(POST_STATUSES);
export type PostStatus = z.infer<typeof PostStatus>;

export const SANCTION_KINDS = ['silence', 'suspend'] as const;
export const SanctionKind = z.enum(SANCTION_KINDS);
export type SanctionKind = z.infer<typeof SanctionKind>;

/** Stable error codes of the community and moderation. */
export const CommunityErrorCode = {
  categoryNotFound: 'community.category_not_found',
  categorySlugTaken: 'community.category_slug_taken',
  threadNotFound: 'community.thread_not_found',
  postNotFound: 'community.post_not_found',
  staffOnly: 'community.staff_only',
  threadLocked: 'community.thread_locked',
  silenced: 'community.silenced',
  rateLimited: 'community.rate_limited',
  duplicatePost: 'community.duplicate_post',
  editWindowClosed: 'community.edit_window_closed',
  notAuthor: 'community.not_author',
  notQuestion: 'community.not_question',
  alreadyFlagged: 'community.already_flagged',
  ownPost: 'community.own_post',
  /** Another moderator acted first, or the post/thread is already in the asked state. */
  conflict: 'moderation.conflict',
  queueItemNotFound: 'moderation.queue_item_not_found',
  sanctionNotFound: 'moderation.sanction_not_found',
  cannotSanctionStaff: 'moderation.cannot_sanction_staff',
} as const;

// ---------------------------------------------------------------- shared shapes

export const CommunityAuthor = z.object({
  id: z.uuid(),
  name: z.string(),
  avatarUrl: z.string().nullable(),
  /** Admin or moderator: shown with a "staff" tag. */
  staff: z.boolean(),
});
export type CommunityAuthor = z.infer<typeof CommunityAuthor>;

export const ReactionSummary = z.object({
  /** Count per kind (kinds nobody used are 0). */
  counts: z.record(ReactionKind, z.number().int()),
  /** The kinds I reacted with. */
  mine: z.array(ReactionKind),
});
export type ReactionSummary = z.infer<typeof ReactionSummary>;

// ---------------------------------------------------------------- categories

export const Category = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  /** `#rrggbb`. */
  color: z.string(),
  position: z.number().int(),
  startPolicy: StartPolicy,
  /** Q&A: a thread can have an accepted answer. */
  qa: z.boolean(),
});
export type Category = z.infer<typeof Category>;

export const CategorySummary = Category.extend({
  threads: z.number().int(),
  posts: z.number().int(),
  /** Threads with posts I have not read. */
  unread: z.number().int(),
  /** Whether I may start a thread here (start policy, silence). */
  canStart: z.boolean(),
  latest: z.object({ threadId: z.uuid(), title: z.string(), author: CommunityAuthor, at: Timestamp }).nullable(),
});
export type CategorySummary = z.infer<typeof CategorySummary>;

/** My standing in the community: silenced members can read but not write. */
export const CommunityMe = z.object({
  silencedUntil: Timestamp.nullable(),
  silenced: z.boolean(),
  silenceReason: z.string().nullable(),
  /** Links in my posts are shown as plain text until I am trusted (see settings). */
  linksAllowed: z.boolean(),
  staff: z.boolean(),
});
export type CommunityMe = z.infer<typeof CommunityMe>;

export const CategoriesResponse = z.object({ categories: z.array(CategorySummary), me: CommunityMe });
export type CategoriesResponse = z.infer<typeof CategoriesResponse>;

const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Use a colour like #2563eb');
const slug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use lowercase letters, digits and dashes')
  .max(60);

export const CreateCategoryBody = z.object({
  name: text(80),
  slug: slug.optional(),
  description: z.string().trim().max(500).default(''),
  color: hexColor.default('#2563eb'),
  startPolicy: StartPolicy.default('members'),
  qa: z.boolean().default(false),
  targeting: Targeting.partial().optional(),
});
export type CreateCategoryBody = z.infer<typeof CreateCategoryBody>;
export const UpdateCategoryBody = z.object({
  name: text(80).optional(),
  slug: slug.optional(),
  description: z.string().trim().max(500).optional(),
  color: hexColor.optional(),
  startPolicy: StartPolicy.optional(),
  qa: z.boolean().optional(),
  targeting: Targeting.partial().optional(),
  archived: z.boolean().optional(),
});
export type UpdateCategoryBody = z.infer<typeof UpdateCategoryBody>;
export const ReorderCategoriesBody = z.object({ ids: z.array(z.uuid()).min(1).max(200) });

export const AdminCategory = Category.extend({
  targeting: Targeting,
  archived: z.boolean(),
  threads: z.number().int(),
  posts: z.number().int(),
});
export type AdminCategory = z.infer<typeof AdminCategory>;
export const AdminCategoriesResponse = z.object({ categories: z.array(AdminCategory) });
export const AdminCategoryResponse = z.object({ category: AdminCategory });

// ---------------------------------------------------------------- threads and posts

export const ThreadSummary = z.object({
  id: z.uuid(),
  categoryId: z.uuid(),
  title: z.string(),
  author: CommunityAuthor,
  pinned: z.boolean(),
  locked: z.boolean(),
  hidden: z.boolean(),
  /** Q&A threads: whether an answer was accepted. */
  answered: z.boolean(),
  replies: z.number().int(),
  /** A plain-text start of the first post. */
  excerpt: z.string(),
  lastPostAt: Timestamp,
  lastAuthor: CommunityAuthor.nullable(),
  unread: z.boolean(),
  createdAt: Timestamp,
});
export type ThreadSummary = z.infer<typeof ThreadSummary>;

export const ThreadsQuery = z.object({
  categoryId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  /** From `nextCursor` (pinned threads come on the first page only). */
  cursor: keysetCursor.optional(),
});
export const ThreadsResponse = z.object({ threads: z.array(ThreadSummary), nextCursor: z.string().nullable() });
export type ThreadsResponse = z.infer<typeof ThreadsResponse>;

export const Post = z.object({
  id: z.uuid(),
  threadId: z.uuid(),
  /** Order in the thread; also the `cursor` for the posts after it. */
  seq: z.string(),
  author: CommunityAuthor,
  /** Markdown (raw HTML removed). Empty for a deleted post unless I am a moderator. */
  body: z.string(),
  status: PostStatus,
  /** Links render as plain text when false (a new member's post; see settings). */
  linksAllowed: z.boolean(),
  /** The first post of the thread. */
  first: z.boolean(),
  /** The accepted answer of a Q&A thread. */
  accepted: z.boolean(),
  quote: z.object({ postId: z.uuid(), authorName: z.string(), excerpt: z.string() }).nullable(),
  reactions: ReactionSummary,
  editedAt: Timestamp.nullable(),
  /** Whether I may still edit it (my post, within the edit window, not silenced). */
  canEdit: z.boolean(),
  /** Whether I already flagged it. */
  flagged: z.boolean(),
  createdAt: Timestamp,
});
export type Post = z.infer<typeof Post>;

export const ThreadDetail = ThreadSummary.extend({
  category: Category,
  acceptedPostId: z.uuid().nullable(),
  /** May I reply (not locked, not silenced; moderators may reply to locked threads). */
  canReply: z.boolean(),
  /** May I mark the accepted answer (the thread's author or a moderator, Q&A only). */
  canAccept: z.boolean(),
});
export type ThreadDetail = z.infer<typeof ThreadDetail>;

export const ThreadQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** Posts after this `seq` (from `nextCursor`). */
  cursor: serialCursor.optional(),
});
export const ThreadResponse = z.object({
  thread: ThreadDetail,
  posts: z.array(Post),
  nextCursor: z.string().nullable(),
});
export type ThreadResponse = z.infer<typeof ThreadResponse>;

export const CreateThreadBody = z.object({
  categoryId: z.uuid(),
  title: text(200),
  body: markdown(20_000, { required: true }),
});
export type CreateThreadBody = z.infer<typeof CreateThreadBody>;
export const CreateThreadResponse = z.object({ thread: ThreadDetail, post: Post });

export const CreatePostBody = z.object({
  body: markdown(20_000, { required: true }),
  /** Quote-reply: the post quoted (same thread). */
  quotePostId: z.uuid().optional(),
});
export type CreatePostBody = z.infer<typeof CreatePostBody>;
export const PostResponse = z.object({ post: Post });
export type PostResponse = z.infer<typeof PostResponse>;

export const EditPostBody = z.object({ body: markdown(20_000, { required: true }) });
export type EditPostBody = z.infer<typeof EditPostBody>;

export const PostRevision = z.object({
  id: z.string(),
  body: z.string(),
  editedBy: CommunityAuthor.nullable(),
  reason: z.string().nullable(),
  createdAt: Timestamp,
});
export const PostRevisionsResponse = z.object({ revisions: z.array(PostRevision) });

export const ReactBody = z.object({ kind: ReactionKind, active: z.boolean() });
export const ReactResponse = z.object({ reactions: ReactionSummary });

export const AcceptBody = z.object({ postId: z.uuid().nullable() });
export const AcceptResponse = z.object({ thread: ThreadDetail });

// ---------------------------------------------------------------- mentions and search

/**
 * A mention in a post body is `@[Name](mention:<member id>)`: the composer inserts it from the
 * autocomplete; the web app renders it as "@Name"; the mentioned member is notified.
 */
export const MENTION_PATTERN =
  /@\[([^\]\n]{1,120})\]\(mention:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)/g;

export const MentionQuery = z.object({ q: z.string().trim().max(80).default('') });
export const MentionCandidate = z.object({ id: z.uuid(), name: z.string(), avatarUrl: z.string().nullable() });
export const MentionsResponse = z.object({ members: z.array(MentionCandidate) });

export const SearchQuery = z.object({
  q: z.string().trim().min(1).max(200),
  categoryId: z.uuid().optional(),
  authorId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  /** The offset to continue from (`nextCursor`). */
  cursor: z.coerce.number().int().min(0).max(1000).optional(),
});
export type SearchQuery = z.infer<typeof SearchQuery>;
/** A highlighted snippet as plain-text pieces: `hit` pieces matched the query. Never HTML. */
export const Snippet = z.array(z.object({ text: z.string(), hit: z.boolean() }));
export type Snippet = z.infer<typeof Snippet>;
export const SearchResult = z.object({
  threadId: z.uuid(),
  postId: z.uuid(),
  /** The post's `seq`, to open the thread at it. */
  seq: z.string(),
  title: Snippet,
  snippet: Snippet,
  category: z.object({ id: z.uuid(), name: z.string(), color: z.string() }),
  author: CommunityAuthor,
  createdAt: Timestamp,
});
export type SearchResult = z.infer<typeof SearchResult>;
export const SearchResponse = z.object({ results: z.array(SearchResult), nextCursor: z.string().nullable() });
export type SearchResponse = z.infer<typeof SearchResponse>;

// ---------------------------------------------------------------- flags

export const FlagBody = z.object({ reason: FlagReason, note: z.string().trim().max(500).optional() });
export type FlagBody = z.infer<typeof FlagBody>;
export const FlagResponse = z.object({
  flag: z.object({ id: z.uuid(), reason: FlagReason, createdAt: Timestamp }),
  /** The post is now hidden until a moderator reviews it. */
  hidden: z.boolean(),
});

// ---------------------------------------------------------------- settings

export const CommunitySettings = z.object({
  points: z.object({
    thread: z.number().int().min(0).max(10_000),
    reply: z.number().int().min(0).max(10_000),
    acceptedAnswer: z.number().int().min(0).max(10_000),
    reactionReceived: z.number().int().min(0).max(10_000),
  }),
  /** Participation points a member can earn per day (program time zone); 0 = no cap. */
  dailyCap: z.number().int().min(0).max(1_000_000),
  /** Σ flagger weights at which a post is hidden until reviewed (a newcomer's weight is 1). */
  hideThreshold: z.number().min(0.5).max(100),
  /** Minutes an author may edit a post after posting. */
  editWindowMinutes: z.number().int().min(0).max(10_080),
  /** Posts (threads and replies) a member may make per minute and per hour. */
  postsPerMinute: z.number().int().min(1).max(1000),
  postsPerHour: z.number().int().min(1).max(10_000),
  /** Links in posts are clickable once the author is trusted, staff, or has this many lifetime points. */
  linkTrustPoints: z.number().int().min(0).max(1_000_000),
});
export type CommunitySettings = z.infer<typeof CommunitySettings>;
export const CommunitySettingsResponse = z.object({ settings: CommunitySettings });

// ---------------------------------------------------------------- moderation

export const QueueFlag = z.object({
  id: z.uuid(),
  reason: FlagReason,
  note: z.string().nullable(),
  flagger: CommunityAuthor,
  /** The flagger's weight: 2 × (upheld + 1) / (decided + 2); a newcomer's is 1. */
  weight: z.number(),
  createdAt: Timestamp,
});
export const QueueItem = z.object({
  id: z.uuid(),
  /** Σ of the open flags' weights: the queue is ordered by it. */
  score: z.number(),
  post: z.object({
    id: z.uuid(),
    seq: z.string(),
    body: z.string(),
    status: PostStatus,
    first: z.boolean(),
    author: CommunityAuthor,
    createdAt: Timestamp,
  }),
  thread: z.object({ id: z.uuid(), title: z.string(), categoryName: z.string() }),
  flags: z.array(QueueFlag),
  openedAt: Timestamp,
});
export type QueueItem = z.infer<typeof QueueItem>;
export const QueueQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.coerce.number().int().min(0).max(100_000).optional(),
});
export const QueueResponse = z.object({
  items: z.array(QueueItem),
  total: z.number().int(),
  nextCursor: z.string().nullable(),
});
export type QueueResponse = z.infer<typeof QueueResponse>;

export const ModerationSummary = z.object({
  open: z.number().int(),
  /** Open items whose post is hidden (waiting on a decision). */
  hidden: z.number().int(),
  oldestOpenAt: Timestamp.nullable(),
  activeSanctions: z.number().int(),
  /** Decisions in the last 7 days. */
  decidedThisWeek: z.number().int(),
});
export type ModerationSummary = z.infer<typeof ModerationSummary>;

export const POST_ACTIONS = ['hide', 'restore', 'delete', 'agree', 'disagree', 'ignore', 'edit'] as const;
export const ModeratePostBody = z.object({
  action: z.enum(POST_ACTIONS),
  /** Shown to the author in the notification; required for edit. */
  reason: z.string().trim().max(500).optional(),
  /** agree: delete instead of keeping the post hidden. */
  delete: z.boolean().optional(),
  /** edit: the new body. */
  body: markdown(20_000).optional(),
});
export type ModeratePostBody = z.infer<typeof ModeratePostBody>;
export const ModeratedPost = z.object({
  id: z.uuid(),
  threadId: z.uuid(),
  status: PostStatus,
  body: z.string(),
  /** Participation points taken back from the author by this action. */
  pointsReversed: z.number().int(),
});
export const ModeratePostResponse = z.object({ post: ModeratedPost });

export const THREAD_ACTIONS = ['lock', 'unlock', 'pin', 'unpin', 'hide', 'restore', 'move'] as const;
export const ModerateThreadBody = z.object({
  action: z.enum(THREAD_ACTIONS),
  /** move: the category to move to. */
  categoryId: z.uuid().optional(),
  reason: z.string().trim().max(500).optional(),
});
export type ModerateThreadBody = z.infer<typeof ModerateThreadBody>;
export const ModerateThreadResponse = z.object({ thread: ThreadSummary });

export const MEMBER_ACTIONS = ['silence', 'suspend', 'lift'] as const;
export const ModerateMemberBody = z.object({
  action: z.enum(MEMBER_ACTIONS),
  /** When the sanction ends (lifted automatically); left out: until lifted by hand. */
  until: z.iso.datetime({ offset: true }).optional(),
  reason: z.string().trim().min(1).max(500),
  /** lift: only this sanction (else every sanction in force). */
  sanctionId: z.uuid().optional(),
});
export type ModerateMemberBody = z.infer<typeof ModerateMemberBody>;

export const Sanction = z.object({
  id: z.uuid(),
  memberId: z.uuid(),
  kind: SanctionKind,
  reason: z.string(),
  startsAt: Timestamp,
  endsAt: Timestamp.nullable(),
  liftedAt: Timestamp.nullable(),
  active: z.boolean(),
  by: CommunityAuthor.nullable(),
});
export type Sanction = z.infer<typeof Sanction>;
export const ModerateMemberResponse = z.object({
  member: z.object({ id: z.uuid(), status: z.string(), silencedUntil: Timestamp.nullable(), silenced: z.boolean() }),
  sanction: Sanction.nullable(),
});

export const MemberHistory = z.object({
  member: CommunityAuthor.extend({
    email: z.string(),
    status: z.string(),
    joinedAt: Timestamp.nullable(),
    silenced: z.boolean(),
    silencedUntil: Timestamp.nullable(),
  }),
  counts: z.object({
    posts: z.number().int(),
    hiddenPosts: z.number().int(),
    deletedPosts: z.number().int(),
    flagsAgainst: z.number().int(),
    flagsUpheldAgainst: z.number().int(),
    flagsMade: z.number().int(),
    /** Weight of the member's own flags. */
    flagWeight: z.number(),
  }),
  posts: z.array(
    z.object({
      id: z.uuid(),
      threadId: z.uuid(),
      threadTitle: z.string(),
      /** The post's place in its thread (`/community/threads/:id?post=<seq>`). */
      seq: z.string(),
      body: z.string(),
      status: PostStatus,
      createdAt: Timestamp,
    }),
  ),
  flagsAgainst: z.array(
    z.object({
      id: z.uuid(),
      postId: z.uuid(),
      reason: FlagReason,
      note: z.string().nullable(),
      status: z.enum(['open', 'upheld', 'rejected', 'ignored']),
      flaggerId: z.uuid(),
      flaggerName: z.string(),
      createdAt: Timestamp,
    }),
  ),
  sanctions: z.array(Sanction),
});
export type MemberHistory = z.infer<typeof MemberHistory>;
export const SanctionsQuery = z.object({ active: z.enum(['true', 'false']).optional() });
export const SanctionsResponse = z.object({ sanctions: z.array(Sanction.extend({ member: CommunityAuthor })) });
