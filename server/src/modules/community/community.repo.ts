import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { CommunitySettings, Targeting } from '@advocate-hub/shared';
import type { Db, Executor } from '../../db/client.js';
import { arrayParam } from '../../db/arrays.js';
import {
  communityCategories,
  communityPostRevisions,
  communityPosts,
  communityReactions,
  communityReads,
  communitySettings,
  communityThreads,
  type CategoryRow,
  type PostRow,
  type ThreadRow,
} from './community.table.js';

/** An author as the community shows them: name, avatar and whether they are staff. */
export interface AuthorRow {
  id: string;
  name: string;
  avatarUrl: string | null;
  staff: boolean;
}

/** A member as `CommunityAuthor` JSON, built in SQL (the moderation repo uses it too). */
export const authorJson = (alias: string) =>
  sql.raw(`json_build_object('id', ${alias}.id, 'name', ${alias}.name,
  'avatarUrl', ${alias}.avatar_url, 'staff', exists (select 1 from member_roles r where r.member_id = ${alias}.id
  and r.role in ('admin', 'moderator')))`);

export interface ThreadListRow {
  id: string;
  categoryId: string;
  title: string;
  author: AuthorRow;
  pinned: boolean;
  locked: boolean;
  hidden: boolean;
  answered: boolean;
  replies: number;
  excerpt: string;
  lastPostAt: Date;
  lastPostSeq: number;
  lastAuthor: AuthorRow | null;
  readSeq: number | null;
  createdAt: Date;
}

export interface PostListRow {
  id: string;
  seq: number;
  threadId: string;
  author: AuthorRow;
  body: string;
  status: 'visible' | 'hidden' | 'deleted';
  linksAllowed: boolean;
  first: boolean;
  quotePostId: string | null;
  quote: { postId: string; authorName: string; body: string; status: string } | null;
  reactionCounts: Record<string, number>;
  mine: string[];
  flagged: boolean;
  editedAt: Date | null;
  createdAt: Date;
}

export const toDate = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));

/** How many of the newest matches search ranks (see `searchIn`). */
export const SEARCH_CANDIDATES = 300;

export const communityRepo = {
  // ---------------------------------------------------------------- settings and categories

  async settings(ex: Executor): Promise<CommunitySettings> {
    const [row] = await ex.select().from(communitySettings).where(eq(communitySettings.id, 1));
    return row!.settings;
  },

  async saveSettings(ex: Executor, settings: CommunitySettings): Promise<void> {
    await ex
      .insert(communitySettings)
      .values({ id: 1, settings })
      .onConflictDoUpdate({ target: communitySettings.id, set: { settings, updatedAt: sql`now()` } });
  },

  async categories(ex: Executor): Promise<CategoryRow[]> {
    return ex
      .select()
      .from(communityCategories)
      .orderBy(asc(communityCategories.position), asc(communityCategories.createdAt));
  },

  async category(ex: Executor, id: string): Promise<CategoryRow | null> {
    const [row] = await ex.select().from(communityCategories).where(eq(communityCategories.id, id));
    return row ?? null;
  },

  async categoryBySlug(ex: Executor, slug: string): Promise<CategoryRow | null> {
    const [row] = await ex.select().from(communityCategories).where(eq(communityCategories.slug, slug));
    return row ?? null;
  },

  async insertCategory(
    ex: Executor,
    values: Omit<typeof communityCategories.$inferInsert, 'position'> & { targeting: Targeting },
  ): Promise<CategoryRow> {
    const [row] = await ex
      .insert(communityCategories)
      .values({
        ...values,
        position: sql`(select coalesce(max(position), 0) + 1 from community_categories)`,
      })
      .onConflictDoNothing()
      .returning();
    return row!;
  },

  async updateCategory(
    ex: Executor,
    id: string,
    values: Partial<typeof communityCategories.$inferInsert>,
  ): Promise<CategoryRow | null> {
    const [row] = await ex
      .update(communityCategories)
      .set({ ...values, updatedAt: sql`now()` })
      .where(eq(communityCategories.id, id))
      .returning();
    return row ?? null;
  },

  async reorderCategories(ex: Executor, ids: string[]): Promise<void> {
    await ex.execute(sql`update community_categories c set position = o.n, updated_at = now()
      from unnest(${arrayParam(ids)}::uuid[]) with ordinality as o(id, n) where c.id = o.id`);
  },

  /** Threads and visible posts per category, the latest thread, and my unread threads. */
  async categoryStats(ex: Executor, memberId: string, staff: boolean) {
    const res = await ex.execute<{
      category_id: string;
      threads: number;
      posts: number;
      unread: number;
      latest: { threadId: string; title: string; at: string; author: AuthorRow } | null;
    }>(sql`
      select c.id as category_id,
        (select count(*)::int from community_threads t where t.category_id = c.id
          and (${staff} or t.hidden_at is null)) as threads,
        (select coalesce(sum(t.reply_count + 1), 0)::int from community_threads t where t.category_id = c.id
          and (${staff} or t.hidden_at is null)) as posts,
        (select count(*)::int from community_threads t
          left join community_reads r on r.thread_id = t.id and r.member_id = ${memberId}
          where t.category_id = c.id and t.hidden_at is null and t.last_author_id is distinct from ${memberId}
            and t.last_post_seq > coalesce(r.last_seq, 0)
            and t.last_post_at > (select coalesce(m.joined_at, m.created_at) - interval '30 days' from members m where m.id = ${memberId})
        ) as unread,
        (select json_build_object('threadId', t.id, 'title', t.title, 'at', t.last_post_at,
            'author', ${authorJson('la')})
          from community_threads t join members la on la.id = coalesce(t.last_author_id, t.author_id)
          where t.category_id = c.id and t.hidden_at is null
          order by t.last_post_at desc, t.id desc limit 1) as latest
      from community_categories c where c.archived_at is null`);
    return res.rows;
  },

  /** Threads and posts per category, hidden ones included (the admin's list). */
  async adminCounts(ex: Executor) {
    const res = await ex.execute<{ category_id: string; threads: number; posts: number }>(sql`
      select t.category_id, count(*)::int as threads, coalesce(sum(t.reply_count + 1), 0)::int as posts
      from community_threads t group by t.category_id`);
    return res.rows.map((r) => ({ categoryId: r.category_id, threads: r.threads, posts: r.posts }));
  },

  // ---------------------------------------------------------------- threads

  /**
   * Threads in the given categories, most recent activity first; pinned threads first on the first
   * page. Non-staff see neither hidden threads nor threads whose first post is not visible (unless
   * they wrote it).
   */
  async threads(
    ex: Executor,
    q: {
      memberId: string;
      staff: boolean;
      categoryIds: string[];
      limit: number;
      after: { at: Date; id: string } | null;
      /** One thread only (its summary). */
      threadId?: string;
    },
  ): Promise<ThreadListRow[]> {
    const res = await ex.execute<Record<string, unknown>>(sql`
      select t.id, t.category_id, t.title, t.pinned, t.locked, t.hidden_at is not null as hidden,
        t.accepted_post_id is not null as answered, t.reply_count as replies, t.last_post_at,
        t.last_post_seq, t.created_at, left(fp.body, 400) as excerpt, r.last_seq as read_seq,
        ${authorJson('a')} as author,
        case when la.id is null then null else ${authorJson('la')} end as last_author
      from community_threads t
      join community_posts fp on fp.thread_id = t.id and fp.first
      join members a on a.id = t.author_id
      left join members la on la.id = t.last_author_id
      left join community_reads r on r.thread_id = t.id and r.member_id = ${q.memberId}
      where t.category_id = any(${arrayParam(q.categoryIds)}::uuid[])
        and ${q.threadId ? sql`t.id = ${q.threadId}` : sql`true`}
        and (${q.staff} or (t.hidden_at is null and (fp.status = 'visible' or t.author_id = ${q.memberId})))
        and ${
          q.after
            ? sql`not t.pinned and (t.last_post_at, t.id) < (${q.after.at.toISOString()}::timestamptz, ${q.after.id}::uuid)`
            : sql`true`
        }
      order by ${q.after ? sql`` : sql`t.pinned desc,`} t.last_post_at desc, t.id desc
      limit ${q.limit + 1}`);
    return res.rows.map((r) => ({
      id: String(r.id),
      categoryId: String(r.category_id),
      title: String(r.title),
      author: r.author as AuthorRow,
      pinned: Boolean(r.pinned),
      locked: Boolean(r.locked),
      hidden: Boolean(r.hidden),
      answered: Boolean(r.answered),
      replies: Number(r.replies),
      excerpt: String(r.excerpt ?? ''),
      lastPostAt: toDate(r.last_post_at),
      lastPostSeq: Number(r.last_post_seq),
      lastAuthor: (r.last_author as AuthorRow | null) ?? null,
      readSeq: r.read_seq === null || r.read_seq === undefined ? null : Number(r.read_seq),
      createdAt: toDate(r.created_at),
    }));
  },

  async thread(ex: Executor, id: string, forUpdate = false): Promise<ThreadRow | null> {
    const q = ex.select().from(communityThreads).where(eq(communityThreads.id, id));
    const [row] = forUpdate ? await q.for('update') : await q;
    return row ?? null;
  },

  async insertThread(ex: Executor, values: typeof communityThreads.$inferInsert): Promise<ThreadRow> {
    const [row] = await ex.insert(communityThreads).values(values).returning();
    return row!;
  },

  async updateThread(ex: Executor, id: string, values: Partial<typeof communityThreads.$inferInsert>) {
    const [row] = await ex.update(communityThreads).set(values).where(eq(communityThreads.id, id)).returning();
    return row ?? null;
  },

  /** A new post moves the thread's activity marks (and its reply count, for a reply). */
  async notePost(ex: Executor, threadId: string, post: PostRow): Promise<void> {
    await ex.execute(sql`update community_threads set
        reply_count = reply_count + ${post.first ? 0 : 1},
        last_post_at = ${post.createdAt.toISOString()}::timestamptz,
        last_post_seq = greatest(last_post_seq, ${post.seq}),
        last_author_id = ${post.authorId}
      where id = ${threadId}`);
  },

  /** Recounts a thread's visible replies and last activity (after moderation changed a post). */
  async recount(ex: Executor, threadId: string): Promise<void> {
    await ex.execute(sql`update community_threads t set
        reply_count = (select count(*)::int from community_posts p where p.thread_id = t.id and not p.first
          and p.status = 'visible'),
        last_post_at = coalesce((select max(p.created_at) from community_posts p where p.thread_id = t.id
          and p.status = 'visible'), t.created_at),
        last_author_id = coalesce((select p.author_id from community_posts p where p.thread_id = t.id
          and p.status = 'visible' order by p.seq desc limit 1), t.author_id)
      where t.id = ${threadId}`);
  },

  async markRead(ex: Executor, memberId: string, threadId: string, seq: number): Promise<void> {
    await ex
      .insert(communityReads)
      .values({ memberId, threadId, lastSeq: seq })
      .onConflictDoUpdate({
        target: [communityReads.memberId, communityReads.threadId],
        set: {
          lastSeq: sql`greatest(${communityReads.lastSeq}, excluded.last_seq)`,
          readAt: sql`now()`,
        },
      });
  },

  // ---------------------------------------------------------------- posts

  async post(ex: Executor, id: string, forUpdate = false): Promise<PostRow | null> {
    const q = ex.select().from(communityPosts).where(eq(communityPosts.id, id));
    const [row] = forUpdate ? await q.for('update') : await q;
    return row ?? null;
  },

  async firstPost(ex: Executor, threadId: string): Promise<PostRow | null> {
    const [row] = await ex
      .select()
      .from(communityPosts)
      .where(and(eq(communityPosts.threadId, threadId), eq(communityPosts.first, true)));
    return row ?? null;
  },

  async insertPost(ex: Executor, values: typeof communityPosts.$inferInsert): Promise<PostRow> {
    const [row] = await ex.insert(communityPosts).values(values).returning();
    return row!;
  },

  async updatePost(ex: Executor, id: string, values: Partial<typeof communityPosts.$inferInsert>) {
    const [row] = await ex.update(communityPosts).set(values).where(eq(communityPosts.id, id)).returning();
    return row ?? null;
  },

  /**
   * Posts of a thread after `afterSeq`, in order, as the reader may see them: hidden posts only to
   * their author and staff; deleted posts stay as placeholders.
   */
  async posts(
    ex: Executor,
    q: { threadId: string; memberId: string; staff: boolean; afterSeq: number; limit: number; ids?: string[] },
  ): Promise<PostListRow[]> {
    const res = await ex.execute<Record<string, unknown>>(sql`
      select p.id, p.seq, p.thread_id, p.body, p.status, p.links_allowed, p.first, p.quote_post_id,
        p.reaction_counts, p.edited_at, p.created_at, ${authorJson('a')} as author,
        coalesce((select array_agg(x.kind) from community_reactions x where x.post_id = p.id
          and x.member_id = ${q.memberId}), '{}') as mine,
        exists (select 1 from community_flags f where f.post_id = p.id and f.flagger_id = ${q.memberId}) as flagged,
        case when qp.id is null then null else json_build_object('postId', qp.id, 'authorName', qa.name,
          'body', left(qp.body, 600), 'status', qp.status) end as quote
      from community_posts p
      join members a on a.id = p.author_id
      left join community_posts qp on qp.id = p.quote_post_id
      left join members qa on qa.id = qp.author_id
      where p.thread_id = ${q.threadId} and p.seq > ${q.afterSeq}
        and (${q.staff} or p.status <> 'hidden' or p.author_id = ${q.memberId})
        and ${q.ids ? sql`p.id = any(${arrayParam(q.ids)}::uuid[])` : sql`true`}
      order by p.seq
      limit ${q.limit + 1}`);
    return res.rows.map((r) => ({
      id: String(r.id),
      seq: Number(r.seq),
      threadId: String(r.thread_id),
      author: r.author as AuthorRow,
      body: String(r.body),
      status: r.status as PostListRow['status'],
      linksAllowed: Boolean(r.links_allowed),
      first: Boolean(r.first),
      quotePostId: (r.quote_post_id as string | null) ?? null,
      quote: (r.quote as PostListRow['quote']) ?? null,
      reactionCounts: (r.reaction_counts as Record<string, number>) ?? {},
      mine: (r.mine as string[]) ?? [],
      flagged: Boolean(r.flagged),
      editedAt: r.edited_at ? toDate(r.edited_at) : null,
      createdAt: toDate(r.created_at),
    }));
  },

  /** Posts (threads and replies) by a member since a time, and whether the same text was posted lately. */
  async recentActivity(ex: Executor, memberId: string, bodyHash: string) {
    const res = await ex.execute<{
      minute: number;
      hour: number;
      oldest_in_minute: string | null;
      duplicate: boolean;
    }>(sql`
      select count(*) filter (where created_at > now() - interval '1 minute')::int as minute,
        count(*)::int as hour,
        min(created_at) filter (where created_at > now() - interval '1 minute') as oldest_in_minute,
        exists (select 1 from community_posts d where d.author_id = ${memberId} and d.body_hash = ${bodyHash}
          and d.status <> 'deleted' and d.created_at > now() - interval '1 day') as duplicate
      from community_posts where author_id = ${memberId} and created_at > now() - interval '1 hour'`);
    const row = res.rows[0]!;
    return {
      minute: Number(row.minute),
      hour: Number(row.hour),
      oldestInMinute: row.oldest_in_minute ? toDate(row.oldest_in_minute) : null,
      duplicate: Boolean(row.duplicate),
    };
  },

  async addRevision(ex: Executor, postId: string, body: string, editedBy: string, reason: string | null) {
    await ex.insert(communityPostRevisions).values({ postId, body, editedBy, reason });
  },

  async revisions(ex: Executor, postId: string) {
    const res = await ex.execute<Record<string, unknown>>(sql`
      select v.id, v.body, v.reason, v.created_at,
        case when e.id is null then null else ${authorJson('e')} end as edited_by
      from community_post_revisions v left join members e on e.id = v.edited_by
      where v.post_id = ${postId} order by v.id desc`);
    return res.rows.map((r) => ({
      id: String(r.id),
      body: String(r.body),
      reason: (r.reason as string | null) ?? null,
      editedBy: (r.edited_by as AuthorRow | null) ?? null,
      createdAt: toDate(r.created_at),
    }));
  },

  // ---------------------------------------------------------------- reactions

  /** Adds or removes one reaction; the post's counts move only when the row did. True when it changed. */
  async react(ex: Executor, postId: string, memberId: string, kind: string, active: boolean): Promise<boolean> {
    const changed = active
      ? await ex.insert(communityReactions).values({ postId, memberId, kind }).onConflictDoNothing().returning()
      : await ex
          .delete(communityReactions)
          .where(
            and(
              eq(communityReactions.postId, postId),
              eq(communityReactions.memberId, memberId),
              eq(communityReactions.kind, kind),
            ),
          )
          .returning();
    if (!changed.length) return false;
    await ex.execute(sql`update community_posts set reaction_counts = jsonb_set(reaction_counts, array[${kind}],
        to_jsonb(greatest(0, coalesce((reaction_counts ->> ${kind})::int, 0) + ${active ? 1 : -1})))
      where id = ${postId}`);
    return true;
  },

  async reactionsOf(ex: Executor, postId: string, memberId: string) {
    const [post] = await ex
      .select({ counts: communityPosts.reactionCounts })
      .from(communityPosts)
      .where(eq(communityPosts.id, postId));
    const mine = await ex
      .select({ kind: communityReactions.kind })
      .from(communityReactions)
      .where(and(eq(communityReactions.postId, postId), eq(communityReactions.memberId, memberId)));
    return { counts: post?.counts ?? {}, mine: mine.map((m) => m.kind) };
  },

  // ---------------------------------------------------------------- people

  /** Active members whose name starts a word with `q`, for the mention autocomplete. */
  async mentionCandidates(ex: Executor, q: string, limit: number) {
    const term = q.replace(/[\\%_]/g, (c) => `\\${c}`);
    const res = await ex.execute<{ id: string; name: string; avatar_url: string | null }>(sql`
      select id, name, avatar_url from members
      where status = 'active' and (${term} = '' or name ilike ${`${term}%`} or name ilike ${`% ${term}%`})
      order by (name ilike ${`${term}%`}) desc, name, id limit ${limit}`);
    return res.rows.map((r) => ({ id: r.id, name: r.name, avatarUrl: r.avatar_url }));
  },

  /** Members among `ids` who are active, with their names. */
  async activeMembers(ex: Executor, ids: string[]) {
    if (!ids.length) return [];
    const res = await ex.execute<{ id: string; name: string; staff: boolean }>(sql`
      select m.id, m.name, exists (select 1 from member_roles r where r.member_id = m.id
        and r.role in ('admin', 'moderator')) as staff
      from members m where m.id = any(${arrayParam(ids)}::uuid[]) and m.status = 'active'`);
    return res.rows;
  },

  async author(ex: Executor, id: string): Promise<AuthorRow | null> {
    const res = await ex.execute<{ author: AuthorRow }>(sql`select ${authorJson('m')} as author from members m
      where m.id = ${id}`);
    return res.rows[0]?.author ?? null;
  },

  /** The facts about a member that posting needs: staff, trusted, lifetime points. */
  async poster(ex: Executor, id: string) {
    const res = await ex.execute<{ trusted: boolean; lifetime: number; staff: boolean }>(sql`
      select m.trusted, m.lifetime, exists (select 1 from member_roles r where r.member_id = m.id
        and r.role in ('admin', 'moderator')) as staff
      from members m where m.id = ${id}`);
    return res.rows[0] ?? null;
  },

  /** Whether the member holds the advocate role (earning points needs it). */
  async isAdvocate(ex: Executor, id: string): Promise<boolean> {
    const res = await ex.execute<{ yes: boolean }>(sql`select exists (select 1 from member_roles
      where member_id = ${id} and role = 'advocate') as yes`);
    return Boolean(res.rows[0]?.yes);
  },

  // ---------------------------------------------------------------- search

  /**
   * Full-text search over visible posts and thread titles in the given categories. The newest
   * `SEARCH_CANDIDATES` matching posts (and threads whose title matches) are ranked with `ts_rank`
   * (a title match weighs double): so a word found in tens of thousands of posts costs as little as
   * a rare one, and among equally good matches the recent win. Snippets are highlighted with
   * \u0001 … \u0002 around hits, for the page's rows only.
   */
  async search(db: Db, q: SearchArgs) {
    // A phrase is estimated as if its words could be anywhere, so the planner walks the newest posts
    // one by one looking for it (seconds on a large community): the GIN bitmap is the right path.
    if (!q.text.includes('"')) return searchIn(db, q);
    return db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_indexscan = off`);
      return searchIn(tx, q);
    });
  },

  // ---------------------------------------------------------------- stages

  /** A post with its thread's category (the community-post stage checks it). */
  async postForStage(ex: Executor, postId: string) {
    const [row] = await ex
      .select({
        id: communityPosts.id,
        threadId: communityPosts.threadId,
        authorId: communityPosts.authorId,
        body: communityPosts.body,
        status: communityPosts.status,
        first: communityPosts.first,
        categoryId: communityThreads.categoryId,
      })
      .from(communityPosts)
      .innerJoin(communityThreads, eq(communityThreads.id, communityPosts.threadId))
      .where(eq(communityPosts.id, postId));
    return row ?? null;
  },

  /** Thread ids (of those given) that are not hidden, with their categories. */
  async threadCategories(ex: Executor, ids: string[]) {
    if (!ids.length) return [];
    return ex
      .select({ id: communityThreads.id, categoryId: communityThreads.categoryId })
      .from(communityThreads)
      .where(and(inArray(communityThreads.id, ids), isNull(communityThreads.hiddenAt)));
  },
};

interface SearchArgs {
  text: string;
  categoryIds: string[];
  authorId?: string | undefined;
  limit: number;
  offset: number;
}

async function searchIn(ex: Executor, q: SearchArgs) {
  const cats = arrayParam(q.categoryIds);
  const author = q.authorId ? sql`and p.author_id = ${q.authorId}` : sql``;
  // Written out where used (not a CTE) so the planner sees the query's words and estimates them.
  const tsq = sql`websearch_to_tsquery('english', ${q.text})`;
  const res = await ex.execute<Record<string, unknown>>(sql`
    with by_body as (
      select p.id from community_posts p join community_threads t on t.id = p.thread_id
      where p.search @@ ${tsq} and p.status = 'visible' and t.hidden_at is null
        and t.category_id = any(${cats}::uuid[]) ${author}
      order by p.seq desc limit ${SEARCH_CANDIDATES}
    ),
    by_title as (
      select p.id from community_threads t join community_posts p on p.thread_id = t.id and p.first
      where t.search_title @@ ${tsq} and p.status = 'visible' and t.hidden_at is null
        and t.category_id = any(${cats}::uuid[]) ${author}
      order by t.created_at desc limit ${SEARCH_CANDIDATES}
    ),
    page as (
      select p.id, p.seq, p.thread_id, p.body, p.created_at, p.author_id, t.title, t.category_id,
        ts_rank(p.search, ${tsq}) + case when p.first then 2 * ts_rank(t.search_title, ${tsq}) else 0 end as rank
      from (select id from by_body union select id from by_title) c
      join community_posts p on p.id = c.id join community_threads t on t.id = p.thread_id
      order by rank desc, p.seq desc
      limit ${q.limit + 1} offset ${q.offset}
    )
    select page.id, page.seq, page.thread_id, page.created_at, page.rank, page.category_id,
      ts_headline('english', page.title, ${tsq}, 'HighlightAll=true, StartSel=\u0001, StopSel=\u0002') as title_hl,
      ts_headline('english', left(page.body, 4000), ${tsq},
        'StartSel=\u0001, StopSel=\u0002, MaxWords=32, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "') as body_hl,
      ${authorJson('a')} as author
    from page join members a on a.id = page.author_id
    order by page.rank desc, page.seq desc`);
  return res.rows.map((r) => ({
    id: String(r.id),
    seq: Number(r.seq),
    threadId: String(r.thread_id),
    categoryId: String(r.category_id),
    titleHighlight: String(r.title_hl),
    bodyHighlight: String(r.body_hl),
    author: r.author as AuthorRow,
    createdAt: toDate(r.created_at),
  }));
}
