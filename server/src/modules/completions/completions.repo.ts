import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { preparedFor } from '../../platform/cache.js';
import { decodeCursor, encodeCursor } from '../../platform/paging.js';
import { members } from '../members/members.table.js';
import { challengeStages, challenges } from '../challenges/challenges.table.js';
import { challengeProgress, challengeRounds, completions, type CompletionRow } from './completions.table.js';

/** What a submission needs to know of an earlier completion. */
export type Seen = Pick<
  CompletionRow,
  'id' | 'challengeId' | 'stageId' | 'round' | 'status' | 'idempotencyKey' | 'result'
>;

/** The member's standing on every challenge, as the feed needs it (`memberState`). */
export interface MemberState {
  progress: { challengeId: string; round: number; roundsCompleted: number }[];
  current: Pick<CompletionRow, 'challengeId' | 'stageId' | 'status' | 'feedback'>[];
  rounds: { challengeId: string; total: number; today: number }[];
}

export const completionsRepo = {
  /**
   * Locks (creating on first use) the member's progress row on a challenge for this transaction:
   * every submission and review of that member on that challenge goes through here, one at a time.
   */
  async lockProgress(ex: Executor, memberId: string, challengeId: string) {
    const [row] = await ex
      .insert(challengeProgress)
      .values({ memberId, challengeId })
      .onConflictDoUpdate({
        target: [challengeProgress.memberId, challengeProgress.challengeId],
        set: { round: sql`${challengeProgress.round}` },
      })
      .returning();
    return row!;
  },

  /** Which of `ids` the member has completed at least once (plain read, no lock). */
  async completedChallenges(ex: Executor, memberId: string, ids: string[]): Promise<string[]> {
    const rows = await ex
      .select({ id: challengeProgress.challengeId })
      .from(challengeProgress)
      .where(
        and(
          eq(challengeProgress.memberId, memberId),
          inArray(challengeProgress.challengeId, ids),
          sql`${challengeProgress.roundsCompleted} > 0`,
        ),
      );
    return rows.map((r) => r.id);
  },

  /**
   * Everything a submission decides on, in one read (run under the progress lock): this round's
   * submissions and the earlier request with this key, plus the rounds that count against caps,
   * in all and within the program day [dayStart, dayEnd).
   */
  async submissionState(
    ex: Executor,
    q: { memberId: string; challengeId: string; round: number; key: string | null; dayStart: Date; dayEnd: Date },
  ): Promise<{ seen: Seen[]; total: number; today: number }> {
    const res = await ex.execute<{ seen: Seen[]; total: number; today: number }>(sql`
      select
        (select coalesce(json_agg(json_build_object(
            'id', c.id, 'challengeId', c.challenge_id, 'stageId', c.stage_id, 'round', c.round,
            'status', c.status, 'idempotencyKey', c.idempotency_key, 'result', c.result) order by c.created_at), '[]')
          from completions c
          where c.member_id = ${q.memberId}
            and ((c.challenge_id = ${q.challengeId} and c.round = ${q.round}) or c.idempotency_key = ${q.key})) as seen,
        count(*)::int as total,
        count(*) filter (where r.submitted_at >= ${q.dayStart.toISOString()}::timestamptz
          and r.submitted_at < ${q.dayEnd.toISOString()}::timestamptz)::int as today
      from challenge_rounds r
      where r.member_id = ${q.memberId} and r.challenge_id = ${q.challengeId} and r.status in ('submitted', 'completed')`);
    const row = res.rows[0]!;
    return { seen: row.seen, total: row.total, today: row.today };
  },

  async findByKey(ex: Executor, memberId: string, key: string): Promise<CompletionRow | null> {
    const [row] = await ex
      .select()
      .from(completions)
      .where(and(eq(completions.memberId, memberId), eq(completions.idempotencyKey, key)));
    return row ?? null;
  },

  async findById(ex: Executor, id: string, lock = false): Promise<CompletionRow | null> {
    const q = ex.select().from(completions).where(eq(completions.id, id));
    const [row] = lock ? await q.for('update') : await q;
    return row ?? null;
  },

  async forRound(ex: Executor, memberId: string, challengeId: string, round: number): Promise<CompletionRow[]> {
    return ex
      .select()
      .from(completions)
      .where(
        and(eq(completions.memberId, memberId), eq(completions.challengeId, challengeId), eq(completions.round, round)),
      )
      .orderBy(asc(completions.createdAt));
  },

  async insert(ex: Executor, v: typeof completions.$inferInsert): Promise<CompletionRow | null> {
    const [row] = await ex.insert(completions).values(v).onConflictDoNothing().returning();
    return row ?? null;
  },

  async update(ex: Executor, id: string, patch: Partial<typeof completions.$inferInsert>) {
    const [row] = await ex.update(completions).set(patch).where(eq(completions.id, id)).returning();
    return row!;
  },

  async submitRound(ex: Executor, memberId: string, challengeId: string, round: number, at: Date) {
    await ex
      .insert(challengeRounds)
      .values({ memberId, challengeId, round, status: 'submitted', submittedAt: at })
      .onConflictDoUpdate({
        target: [challengeRounds.memberId, challengeRounds.challengeId, challengeRounds.round],
        set: { status: 'submitted', submittedAt: at },
      });
  },

  async findRound(ex: Executor, memberId: string, challengeId: string, round: number) {
    const [row] = await ex
      .select()
      .from(challengeRounds)
      .where(
        and(
          eq(challengeRounds.memberId, memberId),
          eq(challengeRounds.challengeId, challengeId),
          eq(challengeRounds.round, round),
        ),
      );
    return row ?? null;
  },

  async releaseRound(ex: Executor, memberId: string, challengeId: string, round: number) {
    await ex
      .update(challengeRounds)
      .set({ status: 'released' })
      .where(
        and(
          eq(challengeRounds.memberId, memberId),
          eq(challengeRounds.challengeId, challengeId),
          eq(challengeRounds.round, round),
        ),
      );
  },

  /** Marks the round completed (creating it if this very submission completes it) and moves the
   * member's progress to the next round, in one statement. */
  async completeRound(ex: Executor, memberId: string, challengeId: string, round: number, at: Date) {
    await ex.execute(sql`
      with r as (
        insert into challenge_rounds (member_id, challenge_id, round, status, submitted_at, completed_at)
        values (${memberId}, ${challengeId}, ${round}, 'completed', ${at.toISOString()}::timestamptz, ${at.toISOString()}::timestamptz)
        on conflict (member_id, challenge_id, round)
          do update set status = 'completed', completed_at = excluded.completed_at
      )
      update challenge_progress
        set round = ${round + 1}, rounds_completed = rounds_completed + 1, last_completed_at = ${at.toISOString()}::timestamptz
        where member_id = ${memberId} and challenge_id = ${challengeId}`);
  },

  /**
   * Everything the feed needs about one member, in one round trip (a prepared statement): progress
   * per challenge, the submissions of each challenge's current round (oldest first), and rounds per
   * challenge in all and in [since, until).
   */
  async memberState(ex: Executor, memberId: string, since: Date, until: Date): Promise<MemberState> {
    const q = preparedFor(ex, 'completions_member_state', () =>
      ex
        .select({
          progress: sql<MemberState['progress']>`(
            select coalesce(json_agg(json_build_object('challengeId', p.challenge_id, 'round', p.round,
                     'roundsCompleted', p.rounds_completed)), '[]')
            from ${challengeProgress} p where p.member_id = "members"."id")`,
          current: sql<MemberState['current']>`(
            select coalesce(json_agg(json_build_object('challengeId', c.challenge_id, 'stageId', c.stage_id,
                     'status', c.status, 'feedback', c.feedback) order by c.created_at), '[]')
            from ${completions} c
            join ${challengeProgress} p on p.member_id = c.member_id and p.challenge_id = c.challenge_id and p.round = c.round
            where c.member_id = "members"."id")`,
          rounds: sql<MemberState['rounds']>`(
            select coalesce(json_agg(json_build_object('challengeId', r.challenge_id, 'total', r.total, 'today', r.today)), '[]')
            from (select challenge_id, count(*)::int as total,
                         count(*) filter (where submitted_at >= ${sql.placeholder('since')}::timestamptz
                                            and submitted_at < ${sql.placeholder('until')}::timestamptz)::int as today
                    from ${challengeRounds}
                    where member_id = "members"."id" and status in ('submitted', 'completed')
                    group by challenge_id) r)`,
        })
        .from(members)
        .where(eq(members.id, sql.placeholder('memberId')))
        .prepare('completions_member_state'),
    );
    const [row] = await q.execute({ memberId, since: since.toISOString(), until: until.toISOString() });
    return row ?? { progress: [], current: [], rounds: [] };
  },

  async reviewQueueItem(ex: Executor, id: string) {
    const rows = await reviewSelect(ex).where(eq(completions.id, id));
    return { rows };
  },

  async reviewQueue(ex: Executor, q: { status: string; limit: number; cursor?: string | undefined }) {
    let cursorFilter;
    const cur = decodeCursor(q.cursor);
    if (cur) {
      const ts = cur.createdAt.toISOString();
      cursorFilter =
        q.status === 'pending'
          ? sql`(${completions.createdAt}, ${completions.id}) > (${ts}::timestamptz, ${cur.id}::uuid)`
          : sql`(${completions.createdAt}, ${completions.id}) < (${ts}::timestamptz, ${cur.id}::uuid)`;
    }
    const base = and(
      eq(completions.status, q.status as 'pending'),
      sql`exists (select 1 from ${challengeStages} s where s.id = ${completions.stageId} and s.needs_review)`,
    );
    const rows = await reviewSelect(ex)
      .where(and(base, cursorFilter))
      // Oldest first while waiting (fair queue); newest first once decided.
      .orderBy(
        q.status === 'pending' ? asc(completions.createdAt) : desc(completions.createdAt),
        q.status === 'pending' ? asc(completions.id) : desc(completions.id),
      )
      .limit(q.limit + 1);
    const [{ n } = { n: 0 }] = await ex
      .select({ n: sql<number>`count(*)::int` })
      .from(completions)
      .where(base);
    const more = rows.length > q.limit;
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      rows: page,
      total: n,
      nextCursor: more && last ? encodeCursor(last.c) : null,
    };
  },

  /** Attempts used on a stage in a round (quiz retries). */
  async attempts(ex: Executor, memberId: string, stageId: string, round: number) {
    const [row] = await ex
      .select({ n: sql<number>`count(*)::int` })
      .from(completions)
      .where(and(eq(completions.memberId, memberId), eq(completions.stageId, stageId), eq(completions.round, round)));
    return row?.n ?? 0;
  },
};

function reviewSelect(ex: Executor) {
  const reviewer = sql`(select json_build_object('id', r.id, 'name', r.name) from ${members} r where r.id = ${completions.reviewerId})`;
  return ex
    .select({
      c: completions,
      member: { id: members.id, name: members.name, email: members.email, company: members.company },
      challenge: { id: challenges.id, title: challenges.title },
      stage: {
        id: challengeStages.id,
        title: challengeStages.title,
        kind: challengeStages.kind,
        points: challengeStages.points,
      },
      reviewer: sql<{ id: string; name: string } | null>`${reviewer}`,
    })
    .from(completions)
    .innerJoin(members, eq(members.id, completions.memberId))
    .innerJoin(challenges, eq(challenges.id, completions.challengeId))
    .innerJoin(challengeStages, eq(challengeStages.id, completions.stageId))
    .$dynamic();
}
