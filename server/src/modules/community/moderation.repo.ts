import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { FlagReason } from '@advocate-hub/shared';
import type { Executor } from '../../db/client.js';
import { communityFlags, memberSanctions, moderationQueue, type SanctionRow } from './community.table.js';
import { authorJson, toDate, type AuthorRow } from './community.repo.js';

/** A sanction in force now (not lifted, not ended). */
const active = sql`${memberSanctions.liftedAt} is null and (${memberSanctions.endsAt} is null or ${memberSanctions.endsAt} > now())`;

export const moderationRepo = {
  // ---------------------------------------------------------------- flags

  /**
   * A flagger's weight, in thousandths: 2 × (upheld + 1) / (decided + 2). A newcomer weighs 1000
   * (neutral); one whose flags moderators always upheld approaches 2000; one always overruled, 0.
   */
  async flaggerWeight(ex: Executor, flaggerId: string): Promise<number> {
    const res = await ex.execute<{ upheld: number; decided: number }>(sql`
      select count(*) filter (where status = 'upheld')::int as upheld,
        count(*) filter (where status in ('upheld', 'rejected'))::int as decided
      from community_flags where flagger_id = ${flaggerId}`);
    const { upheld, decided } = res.rows[0]!;
    return Math.round((2000 * (Number(upheld) + 1)) / (Number(decided) + 2));
  },

  /** The flag, or null when this member already flagged the post. */
  async insertFlag(
    ex: Executor,
    f: { postId: string; flaggerId: string; reason: string; note: string | null; weight: number },
  ) {
    const [row] = await ex.insert(communityFlags).values(f).onConflictDoNothing().returning();
    return row ?? null;
  },

  /** Opens the post's queue item, or adds the weight to the open one. */
  async enqueue(ex: Executor, postId: string, weight: number): Promise<{ id: string; score: number }> {
    const res = await ex.execute<{ id: string; score_milli: number }>(sql`
      insert into moderation_queue (post_id, score_milli) values (${postId}, ${weight})
      on conflict (post_id) where resolved_at is null
      do update set score_milli = moderation_queue.score_milli + excluded.score_milli
      returning id, score_milli`);
    return { id: res.rows[0]!.id, score: Number(res.rows[0]!.score_milli) };
  },

  async openItem(ex: Executor, postId: string, forUpdate = false) {
    const q = ex
      .select()
      .from(moderationQueue)
      .where(and(eq(moderationQueue.postId, postId), isNull(moderationQueue.resolvedAt)));
    const [row] = forUpdate ? await q.for('update') : await q;
    return row ?? null;
  },

  /** Closes the open item and decides its open flags (upheld, rejected, ignored). */
  async resolve(
    ex: Executor,
    itemId: string,
    postId: string,
    by: string,
    resolution: string,
    flags: 'upheld' | 'rejected' | 'ignored',
  ): Promise<void> {
    await ex
      .update(moderationQueue)
      .set({ resolvedAt: sql`now()`, resolvedBy: by, resolution })
      .where(eq(moderationQueue.id, itemId));
    await ex
      .update(communityFlags)
      .set({ status: flags, decidedAt: sql`now()` })
      .where(and(eq(communityFlags.postId, postId), eq(communityFlags.status, 'open')));
  },

  async queue(ex: Executor, limit: number, offset: number) {
    const res = await ex.execute<Record<string, unknown>>(sql`
      select q.id, q.score_milli, q.opened_at, p.id as post_id, p.seq, p.body, p.status, p.first, p.created_at,
        t.id as thread_id, t.title, c.name as category_name, ${authorJson('a')} as author,
        (select coalesce(json_agg(json_build_object('id', f.id, 'reason', f.reason, 'note', f.note,
            'weight', f.weight_milli, 'createdAt', f.created_at, 'flagger', ${authorJson('fm')})
            order by f.weight_milli desc, f.created_at), '[]'::json)
          from community_flags f join members fm on fm.id = f.flagger_id
          where f.post_id = p.id and f.status = 'open') as flags
      from moderation_queue q
      join community_posts p on p.id = q.post_id
      join community_threads t on t.id = p.thread_id
      join community_categories c on c.id = t.category_id
      join members a on a.id = p.author_id
      where q.resolved_at is null
      order by q.score_milli desc, q.opened_at, q.id
      limit ${limit + 1} offset ${offset}`);
    return res.rows.map((r) => ({
      id: String(r.id),
      score: Number(r.score_milli) / 1000,
      openedAt: toDate(r.opened_at),
      post: {
        id: String(r.post_id),
        seq: String(r.seq),
        body: String(r.body),
        status: r.status as 'visible' | 'hidden' | 'deleted',
        first: Boolean(r.first),
        author: r.author as AuthorRow,
        createdAt: toDate(r.created_at).toISOString(),
      },
      thread: { id: String(r.thread_id), title: String(r.title), categoryName: String(r.category_name) },
      flags: (
        r.flags as {
          id: string;
          reason: FlagReason;
          note: string | null;
          weight: number;
          createdAt: string;
          flagger: AuthorRow;
        }[]
      ).map((f) => ({ ...f, weight: f.weight / 1000, createdAt: toDate(f.createdAt).toISOString() })),
    }));
  },

  async summary(ex: Executor) {
    const res = await ex.execute<Record<string, unknown>>(sql`
      select
        (select count(*)::int from moderation_queue where resolved_at is null) as open,
        (select count(*)::int from moderation_queue q join community_posts p on p.id = q.post_id
          where q.resolved_at is null and p.status = 'hidden') as hidden,
        (select min(opened_at) from moderation_queue where resolved_at is null) as oldest,
        (select count(*)::int from member_sanctions where lifted_at is null
          and (ends_at is null or ends_at > now())) as sanctions,
        (select count(*)::int from moderation_queue where resolved_at > now() - interval '7 days') as decided`);
    const r = res.rows[0]!;
    return {
      open: Number(r.open),
      hidden: Number(r.hidden),
      oldestOpenAt: r.oldest ? toDate(r.oldest).toISOString() : null,
      activeSanctions: Number(r.sanctions),
      decidedThisWeek: Number(r.decided),
    };
  },

  // ---------------------------------------------------------------- sanctions

  async activeSilence(ex: Executor, memberId: string): Promise<SanctionRow | null> {
    const [row] = await ex
      .select()
      .from(memberSanctions)
      .where(and(eq(memberSanctions.memberId, memberId), eq(memberSanctions.kind, 'silence'), active))
      .orderBy(sql`${memberSanctions.endsAt} desc nulls first`)
      .limit(1);
    return row ?? null;
  },

  async activeSanctions(ex: Executor, memberId: string): Promise<SanctionRow[]> {
    return ex
      .select()
      .from(memberSanctions)
      .where(and(eq(memberSanctions.memberId, memberId), active));
  },

  async insertSanction(ex: Executor, values: typeof memberSanctions.$inferInsert): Promise<SanctionRow> {
    const [row] = await ex.insert(memberSanctions).values(values).returning();
    return row!;
  },

  /** Lifts the member's sanctions in force (of one kind, one by id, or all). */
  async lift(
    ex: Executor,
    memberId: string,
    by: string,
    which: { kind?: 'silence' | 'suspend'; id?: string | undefined } = {},
  ): Promise<SanctionRow[]> {
    return ex
      .update(memberSanctions)
      .set({ liftedAt: sql`now()`, liftedBy: by })
      .where(
        and(
          eq(memberSanctions.memberId, memberId),
          active,
          which.kind ? eq(memberSanctions.kind, which.kind) : undefined,
          which.id ? eq(memberSanctions.id, which.id) : undefined,
        ),
      )
      .returning();
  },

  /**
   * Sanctions whose time is up are marked lifted (at their end), and members whose suspension ended
   * (with no other suspension in force) are active again. Returns the sanctions lifted.
   */
  async liftExpired(ex: Executor) {
    const res = await ex.execute<{ id: string; member_id: string; kind: string; reason: string }>(sql`
      with ended as (
        update member_sanctions set lifted_at = ends_at
        where lifted_at is null and ends_at is not null and ends_at <= now()
        returning id, member_id, kind, reason
      ), reactivated as (
        update members m set status = 'active', suspended_at = null, suspended_reason = null
        where m.id in (select member_id from ended where kind = 'suspend') and m.status = 'suspended'
          and m.password_hash is not null
          and not exists (select 1 from member_sanctions s where s.member_id = m.id and s.kind = 'suspend'
            and s.lifted_at is null and (s.ends_at is null or s.ends_at > now()))
        returning m.id
      )
      select id, member_id, kind, reason from ended`);
    return res.rows;
  },

  async sanctions(ex: Executor, q: { memberId?: string; activeOnly: boolean }) {
    const res = await ex.execute<Record<string, unknown>>(sql`
      select s.*, ${authorJson('m')} as member,
        case when b.id is null then null else ${authorJson('b')} end as by
      from member_sanctions s join members m on m.id = s.member_id left join members b on b.id = s.created_by
      where ${q.memberId ? sql`s.member_id = ${q.memberId}` : sql`true`}
        and ${q.activeOnly ? sql`s.lifted_at is null and (s.ends_at is null or s.ends_at > now())` : sql`true`}
      order by s.created_at desc limit 200`);
    return res.rows.map((r) => ({
      id: String(r.id),
      memberId: String(r.member_id),
      kind: r.kind as 'silence' | 'suspend',
      reason: String(r.reason),
      startsAt: toDate(r.starts_at),
      endsAt: r.ends_at ? toDate(r.ends_at) : null,
      liftedAt: r.lifted_at ? toDate(r.lifted_at) : null,
      member: r.member as AuthorRow,
      by: (r.by as AuthorRow | null) ?? null,
    }));
  },

  // ---------------------------------------------------------------- history

  async history(ex: Executor, memberId: string) {
    const [counts, posts, flags] = await Promise.all([
      ex.execute<Record<string, number>>(sql`
        select
          (select count(*)::int from community_posts where author_id = ${memberId}) as posts,
          (select count(*)::int from community_posts where author_id = ${memberId} and status = 'hidden') as hidden,
          (select count(*)::int from community_posts where author_id = ${memberId} and status = 'deleted') as deleted,
          (select count(*)::int from community_flags f join community_posts p on p.id = f.post_id
            where p.author_id = ${memberId}) as flags_against,
          (select count(*)::int from community_flags f join community_posts p on p.id = f.post_id
            where p.author_id = ${memberId} and f.status = 'upheld') as upheld_against,
          (select count(*)::int from community_flags where flagger_id = ${memberId}) as flags_made`),
      ex.execute<Record<string, unknown>>(sql`
        select p.id, p.seq, p.thread_id, t.title, p.body, p.status, p.created_at
        from community_posts p join community_threads t on t.id = p.thread_id
        where p.author_id = ${memberId} order by p.created_at desc limit 30`),
      ex.execute<Record<string, unknown>>(sql`
        select f.id, f.post_id, f.reason, f.note, f.status, f.flagger_id, fm.name as flagger_name, f.created_at
        from community_flags f join community_posts p on p.id = f.post_id join members fm on fm.id = f.flagger_id
        where p.author_id = ${memberId} order by f.created_at desc limit 50`),
    ]);
    return {
      counts: counts.rows[0]!,
      posts: posts.rows.map((r) => ({
        id: String(r.id),
        threadId: String(r.thread_id),
        threadTitle: String(r.title),
        seq: String(r.seq),
        body: String(r.body),
        status: r.status as 'visible' | 'hidden' | 'deleted',
        createdAt: toDate(r.created_at).toISOString(),
      })),
      flagsAgainst: flags.rows.map((r) => ({
        id: String(r.id),
        postId: String(r.post_id),
        reason: r.reason as 'off_topic' | 'inappropriate' | 'spam' | 'other',
        note: (r.note as string | null) ?? null,
        status: r.status as 'open' | 'upheld' | 'rejected' | 'ignored',
        flaggerId: String(r.flagger_id),
        flaggerName: String(r.flagger_name),
        createdAt: toDate(r.created_at).toISOString(),
      })),
    };
  },

  async recentSanctions(ex: Executor, memberId: string) {
    return ex
      .select()
      .from(memberSanctions)
      .where(eq(memberSanctions.memberId, memberId))
      .orderBy(desc(memberSanctions.createdAt))
      .limit(50);
  },
};
