import { and, asc, desc, eq, getTableColumns, ilike, inArray, isNull, notInArray, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { preparedFor } from '../../platform/cache.js';
import { challengeStages, challenges, type ChallengeRow, type StageRow } from './challenges.table.js';

export type ChallengeWithStages = ChallengeRow & { stages: StageRow[] };

async function attachStages(ex: Executor, rows: ChallengeRow[]): Promise<ChallengeWithStages[]> {
  if (!rows.length) return [];
  const stages = await ex
    .select()
    .from(challengeStages)
    .where(
      and(
        inArray(
          challengeStages.challengeId,
          rows.map((r) => r.id),
        ),
        isNull(challengeStages.removedAt),
      ),
    )
    .orderBy(asc(challengeStages.position));
  return rows.map((r) => ({ ...r, stages: stages.filter((s) => s.challengeId === r.id) }));
}

/**
 * A challenge's live stages in order, as a column of the challenge's own row (one round trip for
 * challenges and their stages). The JSON keys are StageRow's; a live stage has no `removedAt`.
 */
const liveStagesJson = sql<Omit<StageRow, 'removedAt'>[]>`(
  select coalesce(json_agg(json_build_object('id', s.id, 'challengeId', s.challenge_id, 'position', s.position,
           'kind', s.kind, 'title', s.title, 'body', s.body, 'points', s.points, 'needsReview', s.needs_review,
           'config', s.config) order by s.position), '[]')
  from ${challengeStages} s where s.challenge_id = "challenges"."id" and s.removed_at is null)`;

function withStagesSelect(ex: Executor) {
  return ex.select({ ...getTableColumns(challenges), stages: liveStagesJson }).from(challenges);
}
const withStages = (rows: (ChallengeRow & { stages: Omit<StageRow, 'removedAt'>[] })[]): ChallengeWithStages[] =>
  rows.map((r) => ({ ...r, stages: r.stages.map((st) => ({ ...st, removedAt: null })) }));

export const challengesRepo = {
  async insert(ex: Executor, v: typeof challenges.$inferInsert): Promise<ChallengeRow> {
    const [row] = await ex.insert(challenges).values(v).returning();
    return row!;
  },

  async update(ex: Executor, id: string, patch: Partial<typeof challenges.$inferInsert>): Promise<ChallengeRow | null> {
    const [row] = await ex
      .update(challenges)
      .set({ ...patch, updatedAt: sql`now()` })
      .where(eq(challenges.id, id))
      .returning();
    return row ?? null;
  },

  async findById(ex: Executor, id: string): Promise<ChallengeWithStages | null> {
    const [row] = withStages(await withStagesSelect(ex).where(eq(challenges.id, id)));
    return row ?? null;
  },

  async findStage(ex: Executor, id: string): Promise<StageRow | null> {
    const [s] = await ex.select().from(challengeStages).where(eq(challengeStages.id, id));
    return s ?? null;
  },

  async list(ex: Executor, q: { status?: string | undefined; q?: string | undefined }): Promise<ChallengeWithStages[]> {
    const f: SQL[] = [];
    if (q.status) f.push(eq(challenges.status, q.status as 'draft'));
    if (q.q) f.push(ilike(challenges.title, `%${q.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`));
    const rows = await ex
      .select()
      .from(challenges)
      .where(f.length ? and(...f) : undefined)
      .orderBy(desc(challenges.featured), asc(challenges.sortOrder), desc(challenges.createdAt));
    return attachStages(ex, rows);
  },

  /** Published challenges whose window contains `now` (a prepared statement: every feed reads it). */
  async listLive(ex: Executor, now: Date): Promise<ChallengeWithStages[]> {
    const q = preparedFor(ex, 'challenges_live', () =>
      withStagesSelect(ex)
        .where(
          and(
            eq(challenges.status, 'published'),
            sql`(${challenges.publishAt} is null or ${challenges.publishAt} <= ${sql.placeholder('now')}::timestamptz)`,
            sql`(${challenges.expireAt} is null or ${challenges.expireAt} > ${sql.placeholder('now')}::timestamptz)`,
          ),
        )
        .orderBy(desc(challenges.featured), asc(challenges.sortOrder), desc(challenges.createdAt))
        .prepare('challenges_live'),
    );
    return withStages(await q.execute({ now: now.toISOString() }));
  },

  /** Replaces the live stage list; stages not kept are soft-removed (their completions stay valid history). */
  async replaceStages(
    ex: Executor,
    challengeId: string,
    stages: {
      id?: string | undefined;
      kind: string;
      title: string;
      body: string | null;
      points: number;
      needsReview: boolean;
      config: Record<string, unknown>;
    }[],
  ): Promise<void> {
    const keep = stages.map((s) => s.id).filter((x): x is string => !!x);
    // Move live stages out of the way of the unique (challenge, position) index first.
    await ex
      .update(challengeStages)
      .set({ position: sql`-1 - ${challengeStages.position}` })
      .where(and(eq(challengeStages.challengeId, challengeId), isNull(challengeStages.removedAt)));
    await ex
      .update(challengeStages)
      .set({ removedAt: sql`now()` })
      .where(
        and(
          eq(challengeStages.challengeId, challengeId),
          isNull(challengeStages.removedAt),
          keep.length ? notInArray(challengeStages.id, keep) : undefined,
        ),
      );
    for (const [position, s] of stages.entries()) {
      const values = {
        kind: s.kind,
        title: s.title,
        body: s.body,
        points: s.points,
        needsReview: s.needsReview,
        config: s.config,
        position,
      };
      if (s.id) {
        const updated = await ex
          .update(challengeStages)
          .set(values)
          .where(
            and(
              eq(challengeStages.id, s.id),
              eq(challengeStages.challengeId, challengeId),
              isNull(challengeStages.removedAt),
            ),
          )
          .returning({ id: challengeStages.id });
        if (updated.length) continue;
      }
      await ex.insert(challengeStages).values({ ...values, challengeId });
    }
  },

  /** Rounds submitted or completed per challenge (all members). */
  async roundCounts(ex: Executor, ids: string[]): Promise<Map<string, number>> {
    if (!ids.length) return new Map();
    const rows = await ex.execute<{ challenge_id: string; n: number }>(sql`
      select challenge_id, count(*)::int as n from challenge_rounds
      where challenge_id in (${sql.join(
        ids.map((i) => sql`${i}::uuid`),
        sql`, `,
      )}) and status in ('submitted','completed')
      group by challenge_id`);
    return new Map(rows.rows.map((r) => [r.challenge_id, r.n]));
  },

  /** Takes one unit of a capped challenge's global allowance; false when none is left. Call only for capped challenges. */
  async reserveGlobal(ex: Executor, id: string): Promise<boolean> {
    const rows = await ex
      .update(challenges)
      .set({ completionsCount: sql`${challenges.completionsCount} + 1` })
      .where(
        and(
          eq(challenges.id, id),
          sql`(${challenges.maxCompletions} is null or ${challenges.completionsCount} < ${challenges.maxCompletions})`,
        ),
      )
      .returning({ id: challenges.id });
    return rows.length === 1;
  },

  async releaseGlobal(ex: Executor, id: string): Promise<void> {
    await ex
      .update(challenges)
      .set({ completionsCount: sql`greatest(${challenges.completionsCount} - 1, 0)` })
      .where(eq(challenges.id, id));
  },
  /** Challenges whose targeting names a segment (for "used by" and delete protection). */
  async targetingSegments(ex: Executor) {
    return ex
      .select({ id: challenges.id, title: challenges.title, targeting: challenges.targeting })
      .from(challenges)
      .where(
        sql`jsonb_array_length(coalesce(${challenges.targeting}->'includeSegmentIds', '[]'::jsonb)) > 0
          or jsonb_array_length(coalesce(${challenges.targeting}->'excludeSegmentIds', '[]'::jsonb)) > 0`,
      )
      .orderBy(asc(challenges.title));
  },
  /**
   * Challenges whose audience or a live stage names the group; `stageKeys` says which config field
   * of which stage kind holds a group id (join-group: `groupId`).
   */
  async referencingGroup(
    ex: Executor,
    groupId: string,
    stageKeys: readonly { kind: string; key: string }[],
  ): Promise<{ id: string; title: string }[]> {
    const namedByStage = stageKeys.map((k) => sql`(s.kind = ${k.kind} and s.config->>${k.key} = ${groupId})`);
    const byStage = namedByStage.length
      ? sql` or exists (select 1 from challenge_stages s where s.challenge_id = "challenges"."id"
            and s.removed_at is null and (${sql.join(namedByStage, sql` or `)}))`
      : sql``;
    return ex
      .select({ id: challenges.id, title: challenges.title })
      .from(challenges)
      .where(
        sql`(${challenges.targeting}->'includeGroupIds') ? ${groupId}
          or (${challenges.targeting}->'excludeGroupIds') ? ${groupId}${byStage}`,
      )
      .orderBy(asc(challenges.title));
  },
};
