import crypto from 'node:crypto';
import {
  CommunityErrorCode as C,
  MENTION_PATTERN,
  REACTION_KINDS,
  type AdminCategory,
  type Category,
  type CategorySummary,
  type CommunityMe,
  type CommunitySettings,
  type CreateCategoryBody,
  type CreatePostBody,
  type CreateThreadBody,
  type Post,
  type ReactionKind,
  type SearchQuery,
  type SearchResult,
  type Snippet,
  type ThreadDetail,
  type ThreadSummary,
  type UpdateCategoryBody,
} from '@advocate-hub/shared';
import { encodeKeysetCursor, parseKeysetCursor, parseSerialCursor, type Targeting } from '@advocate-hub/shared';
import type { Db, Tx } from '../../db/client.js';
import type { Outbox } from '../../platform/events.js';
import type { AuthMember } from '../../platform/access.js';
import { AppError, PG_UNIQUE_VIOLATION, pgErrorCode } from '../../platform/errors.js';
import type { DefinitionCache } from '../../platform/cache.js';
import type { UnitOfWork } from '../outbox/unit-of-work.js';
import { auditRepo } from '../audit/audit.repo.js';
import { targetingAllows } from '../challenges/rules.js';
import { levelsRepo } from '../levels/levels.repo.js';
import { membersRepo } from '../members/members.repo.js';
import type { BadgesService } from '../badges/badges.service.js';
import type { SegmentsService } from '../segments/segments.service.js';
import { communityRepo, type PostListRow, type ThreadListRow } from './community.repo.js';
import { moderationRepo } from './moderation.repo.js';
import type { CategoryRow, PostRow, ThreadRow } from './community.table.js';
import { Participation, type AwardDefs } from './participation.js';

const err = (code: string, status: number, message: string, details?: unknown) =>
  new AppError({ code, status, message, details });
export const threadNotFound = () => err(C.threadNotFound, 404, 'Thread not found');
export const postNotFound = () => err(C.postNotFound, 404, 'Post not found');
export const categoryNotFound = () => err(C.categoryNotFound, 404, 'Category not found');

export const isStaff = (m: Pick<AuthMember, 'roles'>) => m.roles.includes('admin') || m.roles.includes('moderator');

/** Markdown as plain text (excerpts, quotes, notifications): no markup, mentions as "@Name". */
export function plainText(source: string, max = 240): string {
  const text = source
    .replace(/@\[([^\]\n]{1,120})\]\(mention:[0-9a-f-]{36}\)/g, '@$1')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(?:#{1,6}|>+|[-*+]|\d+[.)])\s+/gm, '')
    .replace(/[`*_~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/** The normalised text two posts are compared by (duplicate detection). */
const bodyHash = (body: string) =>
  crypto.createHash('md5').update(body.toLowerCase().replace(/\s+/g, ' ').trim()).digest('hex');

/** Highlighted text (\u0001 … \u0002 around hits) as plain pieces, markdown removed. */
export function toSnippet(highlighted: string): Snippet {
  // ts_headline may cut a fragment inside a link: closing parts are optional.
  const cleaned = highlighted
    .replace(/@\[([^\]\n]{1,120})\]\(mention:[0-9a-f-]*\)?/g, '@$1')
    .replace(/!?\[([^\]]*)\]\([^)\s]*\)?/g, '$1')
    .replace(/\]\([^)\s]*\)?/g, '')
    .replace(/[`*_~#>]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const out: Snippet = [];
  // eslint-disable-next-line no-control-regex -- the highlight marks ts_headline puts around hits
  for (const [i, part] of cleaned.split(/[\u0001\u0002]/).entries()) {
    if (part) out.push({ text: part, hit: i % 2 === 1 });
  }
  return out;
}

export const emptyTargeting = (): Targeting => ({
  includeSegmentIds: [],
  includeGroupIds: [],
  excludeSegmentIds: [],
  excludeGroupIds: [],
});

function toCategory(c: CategoryRow): Category {
  return {
    id: c.id,
    slug: c.slug,
    name: c.name,
    description: c.description,
    color: c.color,
    position: c.position,
    startPolicy: c.startPolicy,
    qa: c.qa,
  };
}

function slugify(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return s || 'category';
}

const CATEGORIES_KEY = 'community:categories';
const SETTINGS_KEY = 'community:settings';

export class CommunityService {
  readonly participation: Participation;

  constructor(
    private readonly db: Db,
    private readonly uow: UnitOfWork,
    private readonly segments: SegmentsService,
    private readonly badges: BadgesService,
    private readonly cache: DefinitionCache,
    private readonly timezone: string,
    private readonly clock: () => Date,
  ) {
    this.participation = new Participation(timezone, badges);
  }

  // ---------------------------------------------------------------- definitions

  settings(): Promise<CommunitySettings> {
    return this.cache.get(SETTINGS_KEY, () => communityRepo.settings(this.db));
  }

  private allCategories(): Promise<CategoryRow[]> {
    return this.cache.get(CATEGORIES_KEY, () => communityRepo.categories(this.db));
  }

  async awardDefs(): Promise<AwardDefs> {
    const [levels, badges] = await Promise.all([levelsRepo.cached(this.db, this.cache), this.badges.active()]);
    return { levels, badges };
  }

  /** The categories a member can read: staff read all; others by the category's targeting. */
  async readable(member: Pick<AuthMember, 'id' | 'roles'>): Promise<CategoryRow[]> {
    const all = (await this.allCategories()).filter((c) => !c.archivedAt);
    if (isStaff(member)) return all;
    const targeted = all.some(
      (c) =>
        c.targeting.includeGroupIds.length +
        c.targeting.includeSegmentIds.length +
        c.targeting.excludeGroupIds.length +
        c.targeting.excludeSegmentIds.length,
    );
    if (!targeted) return all;
    const a = await this.segments.audienceOf(member.id);
    return all.filter((c) => targetingAllows(c.targeting, a.groups, a.segments).visible);
  }

  private async readableCategory(member: AuthMember, id: string): Promise<CategoryRow> {
    const c = (await this.readable(member)).find((x) => x.id === id);
    if (!c) throw categoryNotFound();
    return c;
  }

  /** A thread the member may read, with its category; 404 otherwise. */
  async readableThread(
    member: Pick<AuthMember, 'id' | 'roles'>,
    id: string,
    opts: { evenIfFirstPostHidden?: boolean } = {},
  ): Promise<{ thread: ThreadRow; category: CategoryRow }> {
    const thread = await communityRepo.thread(this.db, id);
    if (!thread) throw threadNotFound();
    const category = (await this.readable(member)).find((c) => c.id === thread.categoryId);
    if (!category) throw threadNotFound();
    if (!isStaff(member)) {
      if (thread.hiddenAt) throw threadNotFound();
      if (thread.authorId !== member.id && !opts.evenIfFirstPostHidden) {
        const first = await communityRepo.firstPost(this.db, thread.id);
        if (first?.status !== 'visible') throw threadNotFound();
      }
    }
    return { thread, category };
  }

  async me(member: AuthMember): Promise<CommunityMe> {
    const [silence, poster, settings] = await Promise.all([
      moderationRepo.activeSilence(this.db, member.id),
      communityRepo.poster(this.db, member.id),
      this.settings(),
    ]);
    return {
      silenced: silence !== null,
      silencedUntil: silence?.endsAt?.toISOString() ?? null,
      silenceReason: silence?.reason ?? null,
      linksAllowed: poster ? this.linksAllowed(poster, settings) : false,
      staff: isStaff(member),
    };
  }

  /** The `speaks` guard of the policy tables: a silenced member can read but not write. */
  async assertMaySpeak(member: AuthMember): Promise<void> {
    const silence = await moderationRepo.activeSilence(this.db, member.id);
    if (!silence) return;
    throw err(
      C.silenced,
      403,
      silence.endsAt
        ? `A moderator made your account read-only until ${silence.endsAt.toISOString()}`
        : 'A moderator made your account read-only',
      { until: silence.endsAt?.toISOString() ?? null, reason: silence.reason },
    );
  }

  private linksAllowed(p: { trusted: boolean; lifetime: number; staff: boolean }, s: CommunitySettings): boolean {
    return p.staff || p.trusted || p.lifetime >= s.linkTrustPoints;
  }

  // ---------------------------------------------------------------- reads

  async categories(member: AuthMember): Promise<{ categories: CategorySummary[]; me: CommunityMe }> {
    const staff = isStaff(member);
    const [cats, stats, me] = await Promise.all([
      this.readable(member),
      communityRepo.categoryStats(this.db, member.id, staff),
      this.me(member),
    ]);
    const byId = new Map(stats.map((s) => [s.category_id, s]));
    return {
      me,
      categories: cats.map((c) => {
        const s = byId.get(c.id);
        return {
          ...toCategory(c),
          threads: s?.threads ?? 0,
          posts: s?.posts ?? 0,
          unread: s?.unread ?? 0,
          canStart: !me.silenced && (c.startPolicy === 'members' || staff),
          latest: s?.latest ? { ...s.latest, at: new Date(s.latest.at).toISOString(), author: s.latest.author } : null,
        };
      }),
    };
  }

  summary(row: ThreadListRow): ThreadSummary {
    return {
      id: row.id,
      categoryId: row.categoryId,
      title: row.title,
      author: row.author,
      pinned: row.pinned,
      locked: row.locked,
      hidden: row.hidden,
      answered: row.answered,
      replies: row.replies,
      excerpt: plainText(row.excerpt),
      lastPostAt: row.lastPostAt.toISOString(),
      lastAuthor: row.lastAuthor,
      unread: (row.readSeq ?? 0) < row.lastPostSeq,
      createdAt: row.createdAt.toISOString(),
    };
  }

  async threads(
    member: AuthMember,
    q: { categoryId?: string | undefined; limit: number; cursor?: string | undefined },
  ) {
    const cats = q.categoryId ? [await this.readableCategory(member, q.categoryId)] : await this.readable(member);
    const after = q.cursor ? parseKeysetCursor(q.cursor) : null;
    const rows = await communityRepo.threads(this.db, {
      memberId: member.id,
      staff: isStaff(member),
      categoryIds: cats.map((c) => c.id),
      limit: q.limit,
      after: after ? { at: after.createdAt, id: after.id } : null,
    });
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      threads: page.map((t) => this.summary(t)),
      nextCursor:
        rows.length > q.limit && last ? encodeKeysetCursor({ createdAt: last.lastPostAt, id: last.id }) : null,
    };
  }

  private async detail(member: AuthMember, thread: ThreadRow, category: CategoryRow): Promise<ThreadDetail> {
    const [[row], me] = await Promise.all([
      communityRepo.threads(this.db, {
        memberId: member.id,
        staff: true,
        categoryIds: [category.id],
        limit: 1,
        after: null,
        threadId: thread.id,
      }),
      this.me(member),
    ]);
    if (!row) throw threadNotFound();
    const staff = isStaff(member);
    return {
      ...this.summary(row),
      category: toCategory(category),
      acceptedPostId: thread.acceptedPostId,
      canReply: !me.silenced && (!thread.locked || staff),
      canAccept: category.qa && !me.silenced && (thread.authorId === member.id || staff),
    };
  }

  private toPost(p: PostListRow, viewer: AuthMember, thread: ThreadRow, s: CommunitySettings, silenced: boolean): Post {
    const staff = isStaff(viewer);
    const now = this.clock().getTime();
    const quoteHidden = p.quote && p.quote.status !== 'visible' && !staff;
    return {
      id: p.id,
      threadId: p.threadId,
      seq: String(p.seq),
      author: p.author,
      body: p.status === 'deleted' && !staff ? '' : p.body,
      status: p.status,
      linksAllowed: p.linksAllowed,
      first: p.first,
      accepted: thread.acceptedPostId === p.id,
      quote: p.quote
        ? {
            postId: p.quote.postId,
            authorName: p.quote.authorName,
            excerpt: quoteHidden ? '' : plainText(p.quote.body, 300),
          }
        : null,
      reactions: {
        counts: Object.fromEntries(REACTION_KINDS.map((k) => [k, Math.max(0, p.reactionCounts[k] ?? 0)])) as Record<
          ReactionKind,
          number
        >,
        mine: p.mine.filter((k): k is ReactionKind => (REACTION_KINDS as readonly string[]).includes(k)),
      },
      editedAt: p.editedAt?.toISOString() ?? null,
      canEdit:
        p.author.id === viewer.id &&
        p.status === 'visible' &&
        !silenced &&
        now - p.createdAt.getTime() < s.editWindowMinutes * 60_000,
      flagged: p.flagged,
      createdAt: p.createdAt.toISOString(),
    };
  }

  async thread(member: AuthMember, id: string, q: { limit: number; cursor?: string | undefined }) {
    const { thread, category } = await this.readableThread(member, id);
    const afterSeq = q.cursor ? (parseSerialCursor(q.cursor) ?? 0) : 0;
    const [rows, s, detail] = await Promise.all([
      communityRepo.posts(this.db, {
        threadId: thread.id,
        memberId: member.id,
        staff: isStaff(member),
        afterSeq,
        limit: q.limit,
      }),
      this.settings(),
      this.detail(member, thread, category),
    ]);
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    if (last) await communityRepo.markRead(this.db, member.id, thread.id, last.seq);
    const silenced = !detail.canReply && (!thread.locked || isStaff(member));
    return {
      thread: detail,
      posts: page.map((p) => this.toPost(p, member, thread, s, silenced)),
      nextCursor: rows.length > q.limit && last ? String(last.seq) : null,
    };
  }

  /** One post as the member sees it (after a write). */
  async postView(member: AuthMember, postId: string): Promise<Post> {
    const post = await communityRepo.post(this.db, postId);
    if (!post) throw postNotFound();
    const thread = (await communityRepo.thread(this.db, post.threadId))!;
    const [rows, s, me] = await Promise.all([
      communityRepo.posts(this.db, {
        threadId: thread.id,
        memberId: member.id,
        staff: true,
        afterSeq: 0,
        limit: 1,
        ids: [postId],
      }),
      this.settings(),
      this.me(member),
    ]);
    return this.toPost(rows[0]!, member, thread, s, me.silenced);
  }

  async revisions(postId: string) {
    const post = await communityRepo.post(this.db, postId);
    if (!post) throw postNotFound();
    const rows = await communityRepo.revisions(this.db, postId);
    return { revisions: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) };
  }

  async mentions(q: string) {
    return { members: await communityRepo.mentionCandidates(this.db, q, 8) };
  }

  async search(member: AuthMember, q: SearchQuery): Promise<{ results: SearchResult[]; nextCursor: string | null }> {
    const cats = await this.readable(member);
    const allowed = q.categoryId ? cats.filter((c) => c.id === q.categoryId) : cats;
    if (!allowed.length) return { results: [], nextCursor: null };
    const offset = q.cursor ?? 0;
    const rows = await communityRepo.search(this.db, {
      text: q.q,
      categoryIds: allowed.map((c) => c.id),
      authorId: q.authorId,
      limit: q.limit,
      offset,
    });
    const byId = new Map(cats.map((c) => [c.id, c]));
    const page = rows.slice(0, q.limit);
    return {
      results: page.map((r) => {
        const c = byId.get(r.categoryId)!;
        return {
          threadId: r.threadId,
          postId: r.id,
          seq: String(r.seq),
          title: toSnippet(r.titleHighlight),
          snippet: toSnippet(r.bodyHighlight),
          category: { id: c.id, name: c.name, color: c.color },
          author: r.author,
          createdAt: r.createdAt.toISOString(),
        };
      }),
      nextCursor: rows.length > q.limit ? String(offset + q.limit) : null,
    };
  }

  // ---------------------------------------------------------------- writes

  /** Mentioned members who are active and can read the category (at most 20), the author left out. */
  private async mentionRecipients(author: AuthMember, body: string, category: CategoryRow): Promise<string[]> {
    const ids = [...new Set([...body.matchAll(MENTION_PATTERN)].map((m) => m[2]!.toLowerCase()))]
      .filter((id) => id !== author.id)
      .slice(0, 20);
    const active = await communityRepo.activeMembers(this.db, ids);
    const out: string[] = [];
    for (const m of active) {
      const readable = await this.readable({ id: m.id, roles: m.staff ? ['moderator'] : ['advocate'] });
      if (readable.some((c) => c.id === category.id)) out.push(m.id);
    }
    return out;
  }

  /**
   * What every new post goes through, under the author's row lock: rate limits (staff exempt),
   * duplicate text, links policy. Returns what the post row needs.
   */
  private async admitPost(tx: Tx, member: AuthMember, body: string, s: CommunitySettings) {
    const poster = (await communityRepo.poster(tx, member.id))!;
    const hash = bodyHash(body);
    const recent = await communityRepo.recentActivity(tx, member.id, hash);
    if (!poster.staff) {
      if (recent.minute >= s.postsPerMinute || recent.hour >= s.postsPerHour) {
        const retry =
          recent.minute >= s.postsPerMinute && recent.oldestInMinute
            ? Math.max(1, Math.ceil((recent.oldestInMinute.getTime() + 60_000 - Date.now()) / 1000))
            : 60;
        throw new AppError({
          code: C.rateLimited,
          status: 429,
          message: `You are posting very fast; try again in ${retry} s`,
          details: { retryAfterSeconds: retry },
          headers: { 'retry-after': String(retry) },
        });
      }
    }
    if (recent.duplicate)
      throw err(C.duplicatePost, 409, 'You posted this same text a moment ago; write something new or edit that post');
    return { bodyHash: hash, linksAllowed: this.linksAllowed(poster, s) };
  }

  private livePost(
    outbox: Parameters<Parameters<UnitOfWork['run']>[0]>[1],
    post: PostRow,
    kind: 'post' | 'edit' | 'reactions' | 'moderation' = 'post',
  ) {
    outbox.add('community.thread.changed', {
      threadId: post.threadId,
      kind,
      postId: post.id,
      seq: String(post.seq),
    });
  }

  /** What a new post needs before its transaction: settings, award definitions, who it mentions. */
  private prepare(member: AuthMember, body: string, category: CategoryRow) {
    return Promise.all([this.settings(), this.awardDefs(), this.mentionRecipients(member, body, category)]);
  }

  /**
   * Writes a post (a thread's first or a reply) under its author's row lock: admitted (limits,
   * duplicates, links), counted on its thread, paid (daily cap), and announced — the community-post
   * stages, the people mentioned, live pages.
   */
  private async writePost(
    tx: Tx,
    outbox: Outbox,
    p: {
      member: AuthMember;
      thread: ThreadRow;
      category: CategoryRow;
      body: string;
      first: boolean;
      quotePostId?: string | null;
      settings: CommunitySettings;
      defs: AwardDefs;
      mentioned: string[];
    },
  ): Promise<PostRow> {
    const { member, thread, settings: s } = p;
    const admitted = await this.admitPost(tx, member, p.body, s);
    const post = await communityRepo.insertPost(tx, {
      threadId: thread.id,
      authorId: member.id,
      body: p.body,
      first: p.first,
      quotePostId: p.quotePostId ?? null,
      ...admitted,
    });
    await communityRepo.notePost(tx, thread.id, post);
    await this.participation.award(tx, outbox, p.defs, {
      memberId: member.id,
      points: p.first ? s.points.thread : s.points.reply,
      sourceId: `post:${post.id}`,
      reason: `${p.first ? 'Started a thread' : 'Replied in'}: ${thread.title.slice(0, 120)}`,
      dailyCap: s.dailyCap,
      now: this.clock(),
    });
    outbox.add('community.posted', {
      memberId: member.id,
      postId: post.id,
      threadId: thread.id,
      categoryId: p.category.id,
      first: p.first,
    });
    const notice = {
      byName: member.name,
      threadId: thread.id,
      threadTitle: thread.title,
      postId: post.id,
      seq: String(post.seq),
    };
    if (p.mentioned.length) outbox.add('community.mentioned', { memberIds: p.mentioned, ...notice });
    if (!p.first && thread.authorId !== member.id && !p.mentioned.includes(thread.authorId))
      outbox.add('community.replied', { memberId: thread.authorId, ...notice });
    if (!p.first) this.livePost(outbox, post);
    return post;
  }

  async createThread(member: AuthMember, body: CreateThreadBody) {
    const category = await this.readableCategory(member, body.categoryId);
    if (category.startPolicy === 'staff' && !isStaff(member))
      throw err(C.staffOnly, 403, `Only the program team starts threads in ${category.name}`);
    const [settings, defs, mentioned] = await this.prepare(member, body.body, category);
    const threadId = await this.uow.run(async (tx, outbox) => {
      await membersRepo.lockById(tx, member.id);
      const thread = await communityRepo.insertThread(tx, {
        categoryId: category.id,
        authorId: member.id,
        title: body.title,
        lastAuthorId: member.id,
      });
      await this.writePost(tx, outbox, {
        member,
        thread,
        category,
        body: body.body,
        first: true,
        settings,
        defs,
        mentioned,
      });
      return thread.id;
    });
    const view = await this.thread(member, threadId, { limit: 1 });
    return { thread: view.thread, post: view.posts[0]! };
  }

  async reply(member: AuthMember, threadId: string, body: CreatePostBody) {
    const { thread, category } = await this.readableThread(member, threadId);
    const locked = () => err(C.threadLocked, 403, 'This thread is locked: it can be read but takes no new replies');
    if (thread.locked && !isStaff(member)) throw locked();
    if (body.quotePostId) {
      const quoted = await communityRepo.post(this.db, body.quotePostId);
      if (!quoted || quoted.threadId !== thread.id || (quoted.status !== 'visible' && !isStaff(member)))
        throw err(C.postNotFound, 404, 'The quoted post is not in this thread');
    }
    const [settings, defs, mentioned] = await this.prepare(member, body.body, category);
    const postId = await this.uow.run(async (tx, outbox) => {
      await membersRepo.lockById(tx, member.id);
      // Locked meanwhile? Read the thread again under its row lock.
      const current = (await communityRepo.thread(tx, thread.id, true))!;
      if (current.locked && !isStaff(member)) throw locked();
      const post = await this.writePost(tx, outbox, {
        member,
        thread: current,
        category,
        body: body.body,
        first: false,
        quotePostId: body.quotePostId,
        settings,
        defs,
        mentioned,
      });
      return post.id;
    });
    return { post: await this.postView(member, postId) };
  }

  async edit(member: AuthMember, postId: string, newBody: string) {
    const post = await communityRepo.post(this.db, postId);
    if (!post) throw postNotFound();
    const { thread, category } = await this.readableThread(member, post.threadId);
    if (post.authorId !== member.id) throw err(C.notAuthor, 403, 'Only the author can edit this post');
    const s = await this.settings();
    if (this.clock().getTime() - post.createdAt.getTime() >= s.editWindowMinutes * 60_000)
      throw err(C.editWindowClosed, 409, `Posts can be edited for ${s.editWindowMinutes} minutes after posting`);
    const before = new Set([...post.body.matchAll(MENTION_PATTERN)].map((m) => m[2]!.toLowerCase()));
    const mentioned = (await this.mentionRecipients(member, newBody, category)).filter((id) => !before.has(id));
    await this.uow.run(async (tx, outbox) => {
      const current = (await communityRepo.post(tx, postId, true))!;
      if (current.status !== 'visible') throw err(C.conflict, 409, 'This post is under review and cannot be edited');
      if (current.body === newBody) return;
      await communityRepo.addRevision(tx, postId, current.body, member.id, null);
      const updated = (await communityRepo.updatePost(tx, postId, {
        body: newBody,
        bodyHash: bodyHash(newBody),
        editedAt: this.clock(),
      }))!;
      if (mentioned.length)
        outbox.add('community.mentioned', {
          memberIds: mentioned,
          byName: member.name,
          threadId: thread.id,
          threadTitle: thread.title,
          postId,
          seq: String(updated.seq),
        });
      this.livePost(outbox, updated, 'edit');
    });
    return { post: await this.postView(member, postId) };
  }

  async react(member: AuthMember, postId: string, kind: ReactionKind, active: boolean) {
    const post = await communityRepo.post(this.db, postId);
    if (!post) throw postNotFound();
    const { thread } = await this.readableThread(member, post.threadId);
    if (post.status !== 'visible') throw postNotFound();
    const [s, defs] = await Promise.all([this.settings(), this.awardDefs()]);
    const now = this.clock();
    await this.uow.run(async (tx, outbox) => {
      const changed = await communityRepo.react(tx, postId, member.id, kind, active);
      if (!changed) return;
      // Reacting to your own post earns nothing; each member's reactions pay the author once per post.
      if (active && post.authorId !== member.id)
        await this.participation.award(tx, outbox, defs, {
          memberId: post.authorId,
          points: s.points.reactionReceived,
          sourceId: `reaction:${post.id}:${member.id}`,
          reason: `A reaction to your post in: ${thread.title.slice(0, 120)}`,
          dailyCap: s.dailyCap,
          now,
        });
      this.livePost(outbox, post, 'reactions');
    });
    const r = await communityRepo.reactionsOf(this.db, postId, member.id);
    return {
      reactions: {
        counts: Object.fromEntries(REACTION_KINDS.map((k) => [k, Math.max(0, r.counts[k] ?? 0)])) as Record<
          ReactionKind,
          number
        >,
        mine: r.mine.filter((k): k is ReactionKind => (REACTION_KINDS as readonly string[]).includes(k)),
      },
    };
  }

  async accept(member: AuthMember, threadId: string, postId: string | null) {
    const { thread, category } = await this.readableThread(member, threadId);
    if (!category.qa) throw err(C.notQuestion, 409, 'Only threads in Q&A categories have accepted answers');
    if (thread.authorId !== member.id && !isStaff(member))
      throw err(C.notAuthor, 403, 'Only the thread’s author or a moderator can mark the answer');
    const [s, defs] = await Promise.all([this.settings(), this.awardDefs()]);
    const now = this.clock();
    await this.uow.run(async (tx, outbox) => {
      const current = (await communityRepo.thread(tx, thread.id, true))!;
      if (postId) {
        const post = await communityRepo.post(tx, postId);
        if (!post || post.threadId !== thread.id || post.first || post.status !== 'visible')
          throw err(C.postNotFound, 404, 'That reply is not in this thread');
        if (current.acceptedPostId === postId) return;
        await communityRepo.updateThread(tx, thread.id, { acceptedPostId: postId });
        if (post.authorId !== current.authorId) {
          const points = await this.participation.award(tx, outbox, defs, {
            memberId: post.authorId,
            points: s.points.acceptedAnswer,
            sourceId: `accepted:${post.id}`,
            reason: `Accepted answer in: ${thread.title.slice(0, 120)}`,
            dailyCap: s.dailyCap,
            now,
          });
          outbox.add('community.answer_accepted', {
            memberId: post.authorId,
            threadId: thread.id,
            threadTitle: thread.title,
            postId: post.id,
            points,
          });
        }
        this.livePost(outbox, post, 'moderation');
      } else if (current.acceptedPostId) {
        await communityRepo.updateThread(tx, thread.id, { acceptedPostId: null });
        outbox.add('community.thread.changed', { threadId: thread.id, kind: 'moderation', postId: null, seq: null });
      }
    });
    const fresh = (await communityRepo.thread(this.db, thread.id))!;
    return { thread: await this.detail(member, fresh, category) };
  }

  // ---------------------------------------------------------------- admin

  private toAdmin(c: CategoryRow, counts: Map<string, { threads: number; posts: number }>): AdminCategory {
    return {
      ...toCategory(c),
      targeting: c.targeting,
      archived: c.archivedAt !== null,
      threads: counts.get(c.id)?.threads ?? 0,
      posts: counts.get(c.id)?.posts ?? 0,
    };
  }

  async adminCategories() {
    const [rows, counts] = await Promise.all([communityRepo.categories(this.db), this.adminCounts()]);
    return { categories: rows.map((c) => this.toAdmin(c, counts)) };
  }

  private async adminCounts() {
    const rows = await communityRepo.adminCounts(this.db);
    return new Map(rows.map((r) => [r.categoryId, r]));
  }

  async createCategory(actorId: string, body: CreateCategoryBody, ip: string | null) {
    const slug = body.slug ?? slugify(body.name);
    const row = await this.db.transaction(async (tx) => {
      const created = await communityRepo.insertCategory(tx, {
        slug,
        name: body.name,
        description: body.description,
        color: body.color,
        startPolicy: body.startPolicy,
        qa: body.qa,
        targeting: { ...emptyTargeting(), ...body.targeting },
      });
      if (!created)
        throw err(C.categorySlugTaken, 409, `A category already uses the address “${slug}”`, {
          fields: { slug: 'Taken' },
        });
      await auditRepo.record(tx, {
        actorId,
        action: 'community.category_created',
        targetType: 'community_category',
        targetId: created.id,
        data: { name: created.name, slug },
        ip,
      });
      return created;
    });
    this.cache.clear();
    return { category: this.toAdmin(row, await this.adminCounts()) };
  }

  async updateCategory(actorId: string, id: string, body: UpdateCategoryBody, ip: string | null) {
    const { archived, targeting, ...rest } = body;
    let row: CategoryRow;
    try {
      row = await this.db.transaction(async (tx) => {
        const current = await communityRepo.category(tx, id);
        if (!current) throw categoryNotFound();
        const updated = (await communityRepo.updateCategory(tx, id, {
          ...rest,
          ...(targeting ? { targeting: { ...current.targeting, ...targeting } } : {}),
          ...(archived === undefined ? {} : { archivedAt: archived ? (current.archivedAt ?? new Date()) : null }),
        }))!;
        await auditRepo.record(tx, {
          actorId,
          action: 'community.category_updated',
          targetType: 'community_category',
          targetId: id,
          data: { changes: body },
          ip,
        });
        return updated;
      });
    } catch (e) {
      if (pgErrorCode(e) === PG_UNIQUE_VIOLATION)
        throw err(C.categorySlugTaken, 409, 'Another category already uses this address', {
          fields: { slug: 'Taken' },
        });
      throw e;
    }
    this.cache.clear();
    return { category: this.toAdmin(row, await this.adminCounts()) };
  }

  async reorderCategories(actorId: string, ids: string[], ip: string | null) {
    await this.db.transaction(async (tx) => {
      const known = new Set((await communityRepo.categories(tx)).map((c) => c.id));
      const unknown = ids.filter((i) => !known.has(i));
      if (unknown.length) throw categoryNotFound();
      await communityRepo.reorderCategories(tx, ids);
      await auditRepo.record(tx, {
        actorId,
        action: 'community.categories_reordered',
        targetType: 'community_category',
        data: { ids },
        ip,
      });
    });
    this.cache.clear();
    return this.adminCategories();
  }

  async saveSettings(actorId: string, settings: CommunitySettings, ip: string | null) {
    await this.db.transaction(async (tx) => {
      await communityRepo.saveSettings(tx, settings);
      await auditRepo.record(tx, {
        actorId,
        action: 'community.settings_updated',
        targetType: 'community_settings',
        data: { settings },
        ip,
      });
    });
    this.cache.clear();
    return { settings: await this.settings() };
  }
}
