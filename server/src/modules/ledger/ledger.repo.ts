import { and, eq, sql } from 'drizzle-orm';
import type { PointKind } from '@advocate-hub/shared';
import type { Executor } from '../../db/client.js';
import { arrayParam } from '../../db/arrays.js';
import { decodeSerialCursor } from '../../platform/paging.js';
import { members } from '../members/members.table.js';
import { pointEntries, type PointEntryRow } from './ledger.table.js';

export interface Posting {
  memberId: string;
  delta: number;
  lifetimeDelta: number;
  kind: PointKind;
  sourceType: string;
  sourceId: string | null;
  reason: string;
  createdBy?: string | null;
  idempotencyKey?: string | null;
  createdAt?: Date;
}

export type PostResult =
  | { posted: true; entry: PointEntryRow; balance: number; lifetime: number; lifetimeBefore: number }
  | { posted: false; reason: 'duplicate' | 'insufficient_balance' };

export const ledgerRepo = {
  /**
   * Appends one entry and moves the member's totals in the same transaction. A second entry for the
   * same (kind, source) or idempotency key is a no-op (`duplicate`); a balance that would go below
   * zero is refused (`insufficient_balance`) — the caller's transaction must then roll back.
   */
  async post(ex: Executor, p: Posting): Promise<PostResult> {
    // One round trip: the entry, then the totals only if the entry went in and the guard holds.
    const res = await ex.execute<{
      id: string;
      created_ms: number;
      balance: number | null;
      lifetime: number | null;
    }>(sql`
      with e as (
        insert into point_entries
          (member_id, delta, lifetime_delta, kind, source_type, source_id, reason, created_by, idempotency_key, created_at)
        values (${p.memberId}, ${p.delta}, ${p.lifetimeDelta}, ${p.kind}, ${p.sourceType}, ${p.sourceId}, ${p.reason},
          ${p.createdBy ?? null}, ${p.idempotencyKey ?? null}, coalesce(${p.createdAt?.toISOString() ?? null}::timestamptz, now()))
        on conflict do nothing
        returning id, created_at
      ), u as (
        update members set balance = balance + ${p.delta}, lifetime = lifetime + ${p.lifetimeDelta},
          lifetime_at = case when ${p.lifetimeDelta} <> 0 then greatest(lifetime_at, (select created_at from e))
            else lifetime_at end
        where id = ${p.memberId} and exists (select 1 from e)
          and balance + ${p.delta} >= 0 and lifetime + ${p.lifetimeDelta} >= 0
        returning balance, lifetime
      )
      select e.id, extract(epoch from e.created_at)::float8 * 1000 as created_ms, u.balance, u.lifetime
      from e left join u on true`);
    const row = res.rows[0];
    if (!row) return { posted: false, reason: 'duplicate' };
    if (row.balance === null || row.lifetime === null) return { posted: false, reason: 'insufficient_balance' };
    const entry: PointEntryRow = {
      id: Number(row.id),
      memberId: p.memberId,
      delta: p.delta,
      lifetimeDelta: p.lifetimeDelta,
      kind: p.kind,
      sourceType: p.sourceType,
      sourceId: p.sourceId,
      reason: p.reason,
      idempotencyKey: p.idempotencyKey ?? null,
      createdBy: p.createdBy ?? null,
      createdAt: new Date(Number(row.created_ms)),
    };
    return {
      posted: true,
      entry,
      balance: row.balance,
      lifetime: row.lifetime,
      lifetimeBefore: row.lifetime - p.lifetimeDelta,
    };
  },

  async findBySource(ex: Executor, kind: PointKind, sourceType: string, sourceId: string) {
    const [row] = await ex
      .select()
      .from(pointEntries)
      .where(
        and(eq(pointEntries.kind, kind), eq(pointEntries.sourceType, sourceType), eq(pointEntries.sourceId, sourceId)),
      );
    return row ?? null;
  },

  async findByKey(ex: Executor, key: string) {
    const [row] = await ex.select().from(pointEntries).where(eq(pointEntries.idempotencyKey, key));
    return row ?? null;
  },

  async totals(ex: Executor, memberId: string) {
    const [row] = await ex
      .select({ balance: members.balance, lifetime: members.lifetime })
      .from(members)
      .where(eq(members.id, memberId));
    return row ?? null;
  },

  /**
   * A member's entries, newest first, each with what it was for by name: the challenge (and the step,
   * when the challenge has several) of a completion, the challenge of a completion bonus, the reward
   * of a redemption. Entries whose source is gone, or has no name, keep the reason written with them.
   */
  async list(ex: Executor, memberId: string, limit: number, cursor?: string) {
    const before = cursor ? (decodeSerialCursor(cursor) ?? 0) : null;
    const res = await ex.execute<{
      id: string;
      member_id: string;
      delta: number;
      lifetime_delta: number;
      kind: PointKind;
      source_type: string;
      source_id: string | null;
      reason: string;
      idempotency_key: string | null;
      created_by: string | null;
      created_ms: number;
      source_title: string | null;
      stage_title: string | null;
    }>(sql`
      select e.id, e.member_id, e.delta, e.lifetime_delta, e.kind, e.source_type, e.source_id, e.reason,
        e.idempotency_key, e.created_by, extract(epoch from e.created_at)::float8 * 1000 as created_ms,
        coalesce(ch.title, bonus.title, rw.name) as source_title,
        case when (select count(*) from challenge_stages n where n.challenge_id = ch.id) > 1 then st.title end
          as stage_title
      from point_entries e
      left join completions c
        on c.id = case when e.source_type = 'completion' and e.source_id ~* ${UUID_RE} then e.source_id::uuid end
      left join challenges ch on ch.id = c.challenge_id
      left join challenge_stages st on st.id = c.stage_id
      left join challenges bonus on bonus.id = case when e.source_type = 'challenge_round'
          and split_part(e.source_id, ':', 1) ~* ${UUID_RE} then split_part(e.source_id, ':', 1)::uuid end
      left join redemptions rd
        on rd.id = case when e.source_type = 'redemption' and e.source_id ~* ${UUID_RE} then e.source_id::uuid end
      left join rewards rw on rw.id = rd.reward_id
      where e.member_id = ${memberId} ${before !== null ? sql`and e.id < ${before}` : sql``}
      order by e.id desc
      limit ${limit + 1}`);
    const rows = res.rows.map((r) => ({
      row: {
        id: Number(r.id),
        memberId: r.member_id,
        delta: Number(r.delta),
        lifetimeDelta: Number(r.lifetime_delta),
        kind: r.kind,
        sourceType: r.source_type,
        sourceId: r.source_id,
        reason: r.reason,
        idempotencyKey: r.idempotency_key,
        createdBy: r.created_by,
        createdAt: new Date(Number(r.created_ms)),
      } satisfies PointEntryRow,
      label: entryLabel(r.source_type, r.reason, r.source_title, r.stage_title),
    }));
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    return { rows: page, nextCursor: more ? String(page[page.length - 1]!.row.id) : null };
  },

  /** Lifetime points a member earned from one source type since a time (daily caps). */
  async earnedSince(ex: Executor, memberId: string, sourceType: string, since: Date): Promise<number> {
    const res = await ex.execute<{ n: number }>(sql`select coalesce(sum(lifetime_delta), 0)::int as n
      from point_entries where member_id = ${memberId} and kind = 'earn' and source_type = ${sourceType}
        and created_at >= ${since.toISOString()}::timestamptz`);
    return Number(res.rows[0]?.n ?? 0);
  },

  /**
   * Earned entries of one source type whose source id is one of `ids` or starts with one of
   * `prefixes`, that have not been reversed yet.
   */
  async unreversed(ex: Executor, sourceType: string, ids: string[], prefixes: string[] = []) {
    const res = await ex.execute<{
      id: string;
      member_id: string;
      delta: number;
      lifetime_delta: number;
      source_id: string;
      reason: string;
    }>(sql`
      select e.id, e.member_id, e.delta, e.lifetime_delta, e.source_id, e.reason from point_entries e
      where e.kind = 'earn' and e.source_type = ${sourceType}
        and (e.source_id = any(${arrayParam(ids)}::text[]) or e.source_id like any(${arrayParam(prefixes.map((p) => `${p.replace(/[\\%_]/g, (c) => `\\${c}`)}%`))}::text[]))
        and not exists (select 1 from point_entries r where r.kind = 'reversal' and r.source_type = e.source_type
          and r.source_id = e.source_id)
      order by e.id`);
    return res.rows.map((r) => ({
      id: Number(r.id),
      memberId: r.member_id,
      delta: Number(r.delta),
      lifetimeDelta: Number(r.lifetime_delta),
      sourceId: r.source_id,
      reason: r.reason,
    }));
  },

  /** Σ delta and Σ lifetime_delta per member (for invariant checks). */
  async sums(ex: Executor, memberId: string) {
    const [row] = await ex
      .select({
        delta: sql<number>`coalesce(sum(${pointEntries.delta}), 0)::int`,
        lifetime: sql<number>`coalesce(sum(${pointEntries.lifetimeDelta}), 0)::int`,
      })
      .from(pointEntries)
      .where(eq(pointEntries.memberId, memberId));
    return row!;
  },
};

const UUID_RE = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

export interface EntryLabel {
  title: string;
  detail: string | null;
}

/**
 * What a history line says: the challenge's title (with the step's when the challenge has several, or
 * “Completion bonus”), the reward's name, else the reason stored with the entry (adjustments and
 * community points, whose reasons were written for people).
 */
export function entryLabel(
  sourceType: string,
  reason: string,
  sourceTitle: string | null,
  stageTitle: string | null,
): EntryLabel {
  if (!sourceTitle) return { title: reason, detail: null };
  if (sourceType === 'challenge_round') return { title: sourceTitle, detail: 'Completion bonus' };
  return { title: sourceTitle, detail: stageTitle };
}

export function toPointEntry(r: PointEntryRow, label: EntryLabel = { title: r.reason, detail: null }) {
  return {
    ...label,
    id: String(r.id),
    delta: r.delta,
    lifetimeDelta: r.lifetimeDelta,
    kind: r.kind,
    sourceType: r.sourceType,
    sourceId: r.sourceId,
    reason: r.reason,
    createdAt: r.createdAt.toISOString(),
  };
}
