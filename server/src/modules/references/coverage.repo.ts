import { desc, eq, sql, type SQL } from 'drizzle-orm';
import type { CoverageCellKey, CoverageDimension, ReferenceMetrics } from '@advocate-hub/shared';
import type { Executor } from '../../db/client.js';
import { referenceDemand, referenceRecruitments } from './references.table.js';

export type DemandRow = typeof referenceDemand.$inferSelect;

/** A cell coordinate as grouped: trimmed, case folded, '' for "not given" (FULL JOIN needs plain equality). */
const key = (col: SQL) => sql`coalesce(nullif(lower(btrim(${col})), ''), '')`;
const label = (col: SQL) => sql`nullif(btrim(${col}), '')`;

/** The column (or unnested product) each dimension reads, on the supply side and the demand side. */
const SUPPLY: Record<CoverageDimension, SQL> = {
  product: sql.raw('u.product'),
  industry: sql.raw('p.industry'),
  region: sql.raw('p.region'),
  size: sql.raw('p.company_size'),
};
const DEMAND: Record<CoverageDimension, SQL> = {
  product: sql.raw('d.product'),
  industry: sql.raw('d.industry'),
  region: sql.raw('d.region'),
  size: sql.raw('d.company_size'),
};
const DIMS: CoverageDimension[] = ['product', 'industry', 'region', 'size'];

export type CoverageRow = {
  product: string | null;
  industry: string | null;
  region: string | null;
  size: string | null;
  supply: number;
  demand: number;
};

export const coverageRepo = {
  /**
   * Supply (referenceable advocates: opted in, active, holding the advocate role; one per product
   * they use) against demand (references the pipeline and forecasts need), by the chosen dimensions.
   * Cells are matched case-insensitively; a dimension not chosen is null.
   */
  async coverage(ex: Executor, by: CoverageDimension[]): Promise<CoverageRow[]> {
    const pick = (side: Record<CoverageDimension, SQL>, f: (c: SQL) => SQL, nil: SQL) =>
      DIMS.map((d) => sql`${by.includes(d) ? f(side[d]) : nil} as ${sql.raw(`${d}_${f === key ? 'k' : 'v'}`)}`);
    const keys = sql.raw(DIMS.map((d) => `${d}_k`).join(', '));
    const labels = sql.raw(DIMS.map((d) => `min(${d}_v) as ${d}_v`).join(', '));
    const joinOn = sql.raw(DIMS.map((d) => `s.${d}_k = dm.${d}_k`).join(' and '));
    const out = sql.raw(DIMS.map((d) => `coalesce(s.${d}_v, dm.${d}_v) as "${d}"`).join(', '));
    const res = await ex.execute<CoverageRow>(sql`
      with s0 as (
        select ${sql.join(pick(SUPPLY, key, sql`''`), sql`, `)}, ${sql.join(pick(SUPPLY, label, sql`null::text`), sql`, `)}, p.member_id
        from reference_profiles p
        join members m on m.id = p.member_id
        cross join lateral unnest(case when cardinality(p.products) = 0 then array[null::text] else p.products end) as u(product)
        where p.opted_in and m.status = 'active'
          and exists (select 1 from member_roles r where r.member_id = m.id and r.role = 'advocate')
      ), s as (
        select ${keys}, ${labels}, count(distinct member_id)::int as n from s0 group by ${keys}
      ), d0 as (
        select ${sql.join(pick(DEMAND, key, sql`''`), sql`, `)}, ${sql.join(pick(DEMAND, label, sql`null::text`), sql`, `)}, d.references_needed
        from reference_demand d
      ), dm as (
        select ${keys}, ${labels}, sum(references_needed)::int as n from d0 group by ${keys}
      )
      select ${out}, coalesce(s.n, 0) as supply, coalesce(dm.n, 0) as demand
      from s full outer join dm on ${joinOn}`);
    return res.rows;
  },

  async replacePipeline(ex: Executor, rows: (typeof referenceDemand.$inferInsert)[]): Promise<void> {
    await ex.delete(referenceDemand).where(eq(referenceDemand.source, 'pipeline'));
    for (let i = 0; i < rows.length; i += 1000) await ex.insert(referenceDemand).values(rows.slice(i, i + 1000));
  },

  async insertDemand(ex: Executor, row: typeof referenceDemand.$inferInsert): Promise<DemandRow> {
    const [out] = await ex.insert(referenceDemand).values(row).returning();
    return out!;
  },

  async listDemand(ex: Executor): Promise<DemandRow[]> {
    return ex.select().from(referenceDemand).orderBy(desc(referenceDemand.createdAt)).limit(5000);
  },

  async removeDemand(ex: Executor, id: string): Promise<boolean> {
    const rows = await ex
      .delete(referenceDemand)
      .where(eq(referenceDemand.id, id))
      .returning({ id: referenceDemand.id });
    return rows.length > 0;
  },

  async insertRecruitment(ex: Executor, row: typeof referenceRecruitments.$inferInsert) {
    const [out] = await ex.insert(referenceRecruitments).values(row).returning();
    return out!;
  },

  /** Every recruitment, with how many of the people it reached have opted in since. */
  async recruitments(ex: Executor) {
    const res = await ex.execute<{
      id: string;
      cell: CoverageCellKey;
      challenge_id: string | null;
      reaches: number;
      recruited: number;
      created_at: Date;
    }>(sql`
      select r.id, r.cell, r.challenge_id, r.reaches, r.created_at,
        (select count(*)::int from reference_profiles p
          where p.member_id = any(r.candidate_ids) and p.opted_in) as recruited
      from reference_recruitments r order by r.created_at desc`);
    return res.rows;
  },

  /** Members of these ids who are referenceable now (opted in). */
  async referenceable(ex: Executor, ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const res = await ex.execute<{ id: string }>(
      sql`select member_id as id from reference_profiles where opted_in and member_id = any(${`{${ids.join(',')}}`}::uuid[])`,
    );
    return new Set(res.rows.map((r) => r.id));
  },

  /** The desk's figures (see ReferenceMetrics): one read. */
  async metrics(ex: Executor): Promise<ReferenceMetrics> {
    const res = await ex.execute<Record<string, unknown>>(sql`
      with done as (
        select a.request_id, min(a.scheduled_at) as call_at from reference_asks a
        where a.status = 'completed' group by a.request_id
      ), fulfil as (
        select extract(epoch from (d.call_at - r.created_at)) / 86400 as days
        from reference_requests r join done d on d.request_id = r.id
      )
      select
        (select count(*)::int from reference_requests) as requests,
        (select count(*)::int from reference_requests where status = 'fulfilled') as fulfilled,
        (select count(*)::int from reference_asks) as asks_sent,
        (select count(*)::int from reference_asks where status in ('accepted','scheduled','completed','no_show')) as accepted,
        (select count(*)::int from reference_asks where status = 'declined') as declined,
        (select count(*)::int from reference_asks where status = 'completed') as completed,
        (select count(*)::int from reference_asks where status = 'no_show') as no_show,
        (select percentile_cont(0.5) within group (order by days) from fulfil) as median_days,
        (select percentile_cont(0.9) within group (order by days) from fulfil) as p90_days,
        (select coalesce(json_agg(json_build_object('reason', reason, 'count', n) order by n desc, reason), '[]')
          from (select decline_reason as reason, count(*)::int as n from reference_asks
                where status = 'declined' and decline_reason is not null group by decline_reason) x) as decline_reasons,
        (select coalesce(sum(r.amount), 0)::bigint from reference_requests r join done d on d.request_id = r.id
          where r.outcome is distinct from 'lost') as influenced,
        (select coalesce(sum(r.amount), 0)::bigint from reference_requests r join done d on d.request_id = r.id
          where r.outcome = 'won') as won,
        (select coalesce(json_agg(json_build_object('month', m, 'requests', rq, 'completed', c, 'declined', dc) order by m), '[]')
          from (
            select to_char(m, 'YYYY-MM') as m,
              (select count(*)::int from reference_requests r where date_trunc('month', r.created_at) = m) as rq,
              (select count(*)::int from reference_asks a where a.status = 'completed' and date_trunc('month', a.completed_at) = m) as c,
              (select count(*)::int from reference_asks a where a.status = 'declined' and date_trunc('month', a.responded_at) = m) as dc
            from generate_series(date_trunc('month', now()) - interval '11 months', date_trunc('month', now()), interval '1 month') m
          ) months) as by_month`);
    const r = res.rows[0]!;
    const n = (k: string) => Number(r[k] ?? 0);
    const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 1000 : null);
    const days = (k: string) => (r[k] === null ? null : Math.round(Number(r[k]) * 10) / 10);
    return {
      requests: n('requests'),
      fulfilled: n('fulfilled'),
      asksSent: n('asks_sent'),
      accepted: n('accepted'),
      declined: n('declined'),
      acceptanceRate: ratio(n('accepted'), n('accepted') + n('declined')),
      showRate: ratio(n('completed'), n('completed') + n('no_show')),
      timeToFulfilDays: { median: days('median_days'), p90: days('p90_days') },
      declineReasons: r.decline_reasons as ReferenceMetrics['declineReasons'],
      influencedPipeline: n('influenced'),
      wonRevenue: n('won'),
      byMonth: r.by_month as ReferenceMetrics['byMonth'],
    };
  },
};
