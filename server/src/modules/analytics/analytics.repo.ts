import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { ActType } from '@advocate-hub/shared';
import type { Executor } from '../../db/client.js';
import {
  analyticsActValues,
  analyticsChallengeTypes,
  leakActivationMembers,
  leakActivations,
  leakLadder,
} from './analytics.table.js';

/**
 * Analytics reads aggregate over the program's tables (members, completions, rounds, ledger,
 * redemptions, posts, references, referrals) read-only, like the admin overview; the analytics
 * tables (values, challenge types, activations, ladder) are written here only.
 */

/** A uuid[] parameter (drizzle expands JS arrays into lists, so it travels as a Postgres array literal). */
export function uuidArray(ids: readonly string[] | null): SQL {
  if (ids === null) return sql`null::uuid[]`;
  for (const id of ids) if (!/^[0-9a-f-]{36}$/i.test(id)) throw new Error(`not a uuid: ${id}`);
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
}

/**
 * The acts of advocacy, as CTEs `adv_challenges(id, type)` and `acts(member_id, at, type, challenge_id)`.
 * See `ActType` in shared/contracts/analytics.ts for the definition they implement.
 */
export const ACTS_CTE = sql`
  adv_challenges as (
    select c.id,
      coalesce(t.type,
        case
          when exists (select 1 from challenge_stages s where s.challenge_id = c.id and s.removed_at is null and s.kind = 'referral') then 'referral'
          when exists (select 1 from challenge_stages s where s.challenge_id = c.id and s.removed_at is null and s.kind = 'review') then 'review'
          when c.category = 'social'
            or exists (select 1 from challenge_stages s where s.challenge_id = c.id and s.removed_at is null and s.kind = 'share_link') then 'social_share'
          when c.category = 'advocacy' then 'other'
        end) as type
    from challenges c left join analytics_challenge_types t on t.challenge_id = c.id
  ),
  acts as (
    select r.member_id, r.completed_at as at, a.type, r.challenge_id
      from challenge_rounds r join adv_challenges a on a.id = r.challenge_id
     where r.status = 'completed' and r.completed_at is not null and a.type is not null
    union all
    select k.member_id, k.completed_at, 'reference', null::uuid
      from reference_asks k where k.status = 'completed' and k.completed_at is not null
    union all
    select f.advocate_id, q.at, 'referral_qualified', null::uuid
      from referrals f
      join (select e.referral_id, min(e.created_at) as at from referral_stage_events e
             where e.to_stage in ('qualified', 'won') group by e.referral_id) q on q.referral_id = f.id
  )`;

/** Members counted by analytics: advocates, optionally only those of a segment. */
const POP_CTE = (segment: readonly string[] | null) => sql`
  pop as (
    select m.id, m.created_at, m.joined_at, m.balance, m.status, m.last_nps
      from members m
     where exists (select 1 from member_roles r where r.member_id = m.id and r.role = 'advocate')
       and (${uuidArray(segment)} is null or m.id = any(${uuidArray(segment)}))
  )`;

/** Being active: a step submitted, a community post, a reward requested. */
const ACTIVITY_CTE = sql`
  activity as (
    select c.member_id, c.created_at as at from completions c
    union all select p.author_id, p.created_at from community_posts p
    union all select d.member_id, d.created_at from redemptions d
  )`;

export interface Range {
  /** Inclusive first instant. */
  from: Date;
  /** Exclusive end. */
  to: Date;
  timezone: string;
  segment: readonly string[] | null;
}

const n = (v: unknown) => Number(v ?? 0);
const rowsOf = async <T extends Record<string, unknown>>(ex: Executor, q: SQL) => (await ex.execute<T>(q)).rows;

export const analyticsRepo = {
  async settings(ex: Executor): Promise<{ currency: string; pointValue: number }> {
    const [r] = await rowsOf<{ currency: string; point_value: string }>(
      ex,
      sql`select currency, point_value from program_settings where id = 1`,
    );
    return { currency: r?.currency ?? 'USD', pointValue: r ? Number(r.point_value) : 0.01 };
  },

  async members(ex: Executor, r: Range) {
    const [row] = await rowsOf(
      ex,
      sql`
      with ${POP_CTE(r.segment)}, ${ACTS_CTE}, ${ACTIVITY_CTE},
      b as (select ${r.from.toISOString()}::timestamptz as f, ${r.to.toISOString()}::timestamptz as t)
      select
        (select count(*) from pop) as population,
        (select count(*) from pop, b where pop.created_at >= b.f and pop.created_at < b.t) as invited,
        (select count(*) from pop, b where pop.joined_at >= b.f and pop.joined_at < b.t) as joined,
        a.a7, a.a30, a.a90, e.e7, e.e30, e.e90
      from
        (select count(distinct v.member_id) filter (where v.at >= b.t - interval '7 days') as a7,
                count(distinct v.member_id) filter (where v.at >= b.t - interval '30 days') as a30,
                count(distinct v.member_id) as a90
           from activity v join pop on pop.id = v.member_id, b
          where v.at >= b.t - interval '90 days' and v.at < b.t) a,
        (select count(distinct x.member_id) filter (where x.at >= b.t - interval '7 days') as e7,
                count(distinct x.member_id) filter (where x.at >= b.t - interval '30 days') as e30,
                count(distinct x.member_id) as e90
           from acts x join pop on pop.id = x.member_id, b
          where x.at >= b.t - interval '90 days' and x.at < b.t) e`,
    );
    return {
      population: n(row!.population),
      invited: n(row!.invited),
      joined: n(row!.joined),
      active: { d7: n(row!.a7), d30: n(row!.a30), d90: n(row!.a90) },
      engaged: { d7: n(row!.e7), d30: n(row!.e30), d90: n(row!.e90) },
    };
  },

  async actsByType(ex: Executor, r: Range): Promise<Map<string, number>> {
    const rows = await rowsOf<{ type: string; count: string }>(
      ex,
      sql`
      with ${POP_CTE(r.segment)}, ${ACTS_CTE}
      select x.type, count(*) as count from acts x join pop on pop.id = x.member_id
       where x.at >= ${r.from.toISOString()}::timestamptz and x.at < ${r.to.toISOString()}::timestamptz
       group by x.type`,
    );
    return new Map(rows.map((x) => [x.type, n(x.count)]));
  },

  async completionsAndPoints(ex: Executor, r: Range) {
    const f = r.from.toISOString();
    const t = r.to.toISOString();
    const [row] = await rowsOf(
      ex,
      sql`
      with ${POP_CTE(r.segment)}
      select
        (select count(*) from completions c join pop on pop.id = c.member_id
          where c.status = 'approved' and coalesce(c.reviewed_at, c.created_at) >= ${f}::timestamptz
            and coalesce(c.reviewed_at, c.created_at) < ${t}::timestamptz) as steps,
        (select count(*) from challenge_rounds cr join pop on pop.id = cr.member_id
          where cr.status = 'completed' and cr.completed_at >= ${f}::timestamptz and cr.completed_at < ${t}::timestamptz) as challenges,
        (select coalesce(sum(e.delta), 0) from point_entries e join pop on pop.id = e.member_id
          where e.kind in ('earn', 'adjust') and e.delta > 0 and e.created_at >= ${f}::timestamptz and e.created_at < ${t}::timestamptz) as issued,
        (select coalesce(-sum(e.delta), 0) from point_entries e join pop on pop.id = e.member_id
          where e.kind in ('redeem', 'refund') and e.created_at >= ${f}::timestamptz and e.created_at < ${t}::timestamptz) as redeemed,
        (select coalesce(sum(pop.balance), 0) from pop) as outstanding`,
    );
    const days = await rowsOf<{ day: string; issued: string; redeemed: string }>(
      ex,
      sql`
      with ${POP_CTE(r.segment)}
      select to_char(e.created_at at time zone ${r.timezone}, 'YYYY-MM-DD') as day,
        coalesce(sum(e.delta) filter (where e.kind in ('earn', 'adjust') and e.delta > 0), 0) as issued,
        coalesce(-sum(e.delta) filter (where e.kind in ('redeem', 'refund')), 0) as redeemed
      from point_entries e join pop on pop.id = e.member_id
      where e.created_at >= ${f}::timestamptz and e.created_at < ${t}::timestamptz
      group by 1 order by 1`,
    );
    return {
      steps: n(row!.steps),
      challenges: n(row!.challenges),
      issued: n(row!.issued),
      redeemed: n(row!.redeemed),
      outstanding: n(row!.outstanding),
      byDay: days.map((d) => ({ day: d.day, issued: n(d.issued), redeemed: n(d.redeemed) })),
    };
  },

  async funnel(ex: Executor, r: Range) {
    const t = r.to.toISOString();
    const [row] = await rowsOf(
      ex,
      sql`
      with ${POP_CTE(r.segment)}, ${ACTS_CTE},
      acted as (
        select x.member_id, count(*) as n from acts x where x.at < ${t}::timestamptz group by x.member_id
      ),
      challenged as (
        select distinct cr.member_id from challenge_rounds cr
         where cr.status = 'completed' and cr.completed_at < ${t}::timestamptz
      ),
      per as (
        select pop.id, pop.joined_at, ch.member_id is not null as challenged, coalesce(a.n, 0) as acts
          from pop
          left join challenged ch on ch.member_id = pop.id
          left join acted a on a.member_id = pop.id
         where pop.created_at < ${t}::timestamptz
      )
      select count(*) as invited,
        count(*) filter (where joined_at < ${t}::timestamptz) as joined,
        count(*) filter (where challenged) as challenged,
        count(*) filter (where acts >= 1) as acted,
        count(*) filter (where acts >= 2) as repeated
      from per`,
    );
    return [
      { step: 'invited', label: 'Invited', count: n(row!.invited) },
      { step: 'joined', label: 'Joined', count: n(row!.joined) },
      { step: 'first_challenge', label: 'First challenge', count: n(row!.challenged) },
      { step: 'first_act', label: 'First act of advocacy', count: n(row!.acted) },
      { step: 'repeat_act', label: 'Repeat act (2+)', count: n(row!.repeated) },
    ];
  },

  /** Join cohorts by month (rows of cohort, size) and active members per month since joining. */
  async retention(ex: Executor, r: Range) {
    const rows = await rowsOf<{ cohort: string; k: number | null; size: string; active: string }>(
      ex,
      sql`
      with ${POP_CTE(r.segment)}, ${ACTIVITY_CTE},
      coh as (
        select pop.id, date_trunc('month', pop.joined_at at time zone ${r.timezone}) as cm
          from pop where pop.joined_at >= ${r.from.toISOString()}::timestamptz and pop.joined_at < ${r.to.toISOString()}::timestamptz
      ),
      am as (
        select distinct v.member_id, date_trunc('month', v.at at time zone ${r.timezone}) as m
          from activity v join coh on coh.id = v.member_id
         where v.at < ${r.to.toISOString()}::timestamptz
      ),
      sizes as (select cm, count(*) as size from coh group by cm)
      select to_char(s.cm, 'YYYY-MM') as cohort, s.size,
        ((extract(year from am.m) - extract(year from s.cm)) * 12 + extract(month from am.m) - extract(month from s.cm))::int as k,
        count(distinct am.member_id) as active
      from sizes s
      left join coh on coh.cm = s.cm
      left join am on am.member_id = coh.id and am.m >= s.cm
      group by s.cm, s.size, k
      order by s.cm, k`,
    );
    return rows.map((x) => ({
      cohort: x.cohort,
      size: n(x.size),
      k: x.k === null ? null : n(x.k),
      active: n(x.active),
    }));
  },

  async topChallenges(ex: Executor, r: Range, limit = 10) {
    const rows = await rowsOf<{ id: string; title: string; completions: string; members: string }>(
      ex,
      sql`
      with ${POP_CTE(r.segment)}
      select c.id, c.title, count(*) as completions, count(distinct cr.member_id) as members
        from challenge_rounds cr join pop on pop.id = cr.member_id join challenges c on c.id = cr.challenge_id
       where cr.status = 'completed' and cr.completed_at >= ${r.from.toISOString()}::timestamptz
         and cr.completed_at < ${r.to.toISOString()}::timestamptz
       group by c.id, c.title
       order by completions desc, members desc, c.title
       limit ${limit}`,
    );
    return rows.map((x) => ({ id: x.id, title: x.title, completions: n(x.completions), members: n(x.members) }));
  },

  async turnaround(ex: Executor, r: Range) {
    const f = r.from.toISOString();
    const t = r.to.toISOString();
    const [row] = await rowsOf(
      ex,
      sql`
      with ${POP_CTE(r.segment)},
      rv as (
        select extract(epoch from c.reviewed_at - c.created_at) / 3600.0 as h
          from completions c join pop on pop.id = c.member_id
         where c.reviewer_id is not null and c.reviewed_at >= ${f}::timestamptz and c.reviewed_at < ${t}::timestamptz
      ),
      rd as (
        select extract(epoch from coalesce(d.fulfilled_at, d.decided_at) - d.created_at) / 3600.0 as h
          from redemptions d join pop on pop.id = d.member_id
         where d.status in ('fulfilled', 'declined')
           and coalesce(d.fulfilled_at, d.decided_at) >= ${f}::timestamptz and coalesce(d.fulfilled_at, d.decided_at) < ${t}::timestamptz
      )
      select
        (select count(*) from rv) as rv_n,
        (select percentile_cont(0.5) within group (order by h) from rv) as rv_med,
        (select percentile_cont(0.9) within group (order by h) from rv) as rv_p90,
        (select count(*) from rd) as rd_n,
        (select percentile_cont(0.5) within group (order by h) from rd) as rd_med,
        (select percentile_cont(0.9) within group (order by h) from rd) as rd_p90`,
    );
    const hours = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);
    return {
      review: { decided: n(row!.rv_n), medianHours: hours(row!.rv_med), p90Hours: hours(row!.rv_p90) },
      redemption: { decided: n(row!.rd_n), medianHours: hours(row!.rd_med), p90Hours: hours(row!.rd_p90) },
    };
  },

  // ---------------------------------------------------------------- values

  async values(ex: Executor): Promise<Map<string, number>> {
    const rows = await ex.select().from(analyticsActValues);
    return new Map(rows.map((x) => [x.type, x.valueCents]));
  },

  async challengeTypes(ex: Executor) {
    return rowsOf<{ id: string; title: string; category: string; assigned: string | null; type: string | null }>(
      ex,
      sql`
      with ${ACTS_CTE}
      select c.id, c.title, c.category, t.type as assigned, a.type
        from challenges c
        join adv_challenges a on a.id = c.id
        left join analytics_challenge_types t on t.challenge_id = c.id
       where c.status <> 'archived'
       order by (a.type is null), c.title`,
    );
  },

  async setValues(ex: Executor, values: { type: ActType; valueCents: number }[], actorId: string) {
    if (!values.length) return;
    await ex
      .insert(analyticsActValues)
      .values(values.map((v) => ({ type: v.type, valueCents: v.valueCents, updatedBy: actorId })))
      .onConflictDoUpdate({
        target: analyticsActValues.type,
        set: { valueCents: sql`excluded.value_cents`, updatedBy: actorId, updatedAt: sql`now()` },
      });
  },

  async setChallengeTypes(ex: Executor, list: { challengeId: string; type: ActType | null }[]) {
    const clear = list.filter((x) => x.type === null).map((x) => x.challengeId);
    const set = list.filter((x) => x.type !== null) as { challengeId: string; type: ActType }[];
    if (clear.length)
      await ex.delete(analyticsChallengeTypes).where(inArray(analyticsChallengeTypes.challengeId, clear));
    if (set.length)
      await ex
        .insert(analyticsChallengeTypes)
        .values(set)
        .onConflictDoUpdate({ target: analyticsChallengeTypes.challengeId, set: { type: sql`excluded.type` } });
  },

  // ---------------------------------------------------------------- leak

  /** Every leaking member (advocates, active, with a signal, no act in `days`), by name. */
  async leak(ex: Executor, q: { days: number; now: Date; segment: readonly string[] | null }) {
    const now = q.now.toISOString();
    return rowsOf<{
      id: string;
      name: string;
      email: string;
      company: string | null;
      nps: number | null;
      surveys: string;
      recent: string;
      last_act: Date | string | null;
    }>(
      ex,
      sql`
      with ${POP_CTE(q.segment)}, ${ACTS_CTE},
      b as (select ${now}::timestamptz as now),
      last_act as (select x.member_id, max(x.at) as at from acts x, b where x.at <= b.now group by x.member_id),
      surveys as (
        select c.member_id, count(*) as n
          from completions c join challenge_stages s on s.id = c.stage_id and s.kind = 'survey', b
         where c.status = 'approved' and c.created_at >= b.now - interval '180 days' and c.created_at <= b.now
           and exists (
             select 1 from jsonb_array_elements(coalesce(s.config -> 'questions', '[]'::jsonb)) qq
              where qq ->> 'type' = 'scale'
                and jsonb_typeof(c.response -> 'answers' -> (qq ->> 'id')) = 'number'
                and (c.response -> 'answers' ->> (qq ->> 'id'))::numeric >= 4)
         group by c.member_id
      ),
      recent as (
        select y.member_id, count(*) as n from (
          select c.member_id from completions c join adv_challenges a on a.id = c.challenge_id, b
           where c.status = 'approved' and a.type is null
             and c.created_at >= b.now - interval '30 days' and c.created_at <= b.now
          union all
          select p.author_id from community_posts p, b
           where p.created_at >= b.now - interval '30 days' and p.created_at <= b.now
        ) y group by y.member_id
      )
      select pop.id, m.name, m.email, m.company,
        case when pop.last_nps >= 9 then pop.last_nps end as nps,
        coalesce(s.n, 0) as surveys, coalesce(rc.n, 0) as recent, la.at as last_act
      from pop join members m on m.id = pop.id
      left join surveys s on s.member_id = pop.id
      left join recent rc on rc.member_id = pop.id
      left join last_act la on la.member_id = pop.id, b
      where pop.status = 'active'
        and (pop.last_nps >= 9 or s.n > 0 or rc.n >= 3)
        and (la.at is null or la.at < b.now - make_interval(days => ${q.days}))
      order by m.name, m.id`,
    );
  },

  // ---------------------------------------------------------------- activations

  async lockLadder(ex: Executor) {
    await ex.execute(sql`select pg_advisory_xact_lock(hashtext('analytics.leak_ladder'))`);
  },

  async ladder(ex: Executor) {
    return rowsOf<{ position: number; challenge_id: string; status: string }>(
      ex,
      sql`select l.position, l.challenge_id, c.status from leak_ladder l join challenges c on c.id = l.challenge_id order by l.position`,
    );
  },

  async saveLadder(ex: Executor, ids: string[]) {
    await ex.delete(leakLadder);
    await ex.insert(leakLadder).values(ids.map((challengeId, position) => ({ position, challengeId })));
  },

  /** Inserts the activation; null when its idempotency key answered before. */
  async insertActivation(ex: Executor, v: typeof leakActivations.$inferInsert) {
    const [row] = await ex.insert(leakActivations).values(v).onConflictDoNothing().returning();
    return row ?? null;
  },

  async setActivation(ex: Executor, id: string, patch: Partial<typeof leakActivations.$inferInsert>) {
    await ex.update(leakActivations).set(patch).where(eq(leakActivations.id, id));
  },

  async byKey(ex: Executor, key: string) {
    const [row] = await ex.select().from(leakActivations).where(eq(leakActivations.idempotencyKey, key));
    return row ?? null;
  },

  async addCohort(ex: Executor, activationId: string, memberIds: string[]) {
    for (let i = 0; i < memberIds.length; i += 1000)
      await ex
        .insert(leakActivationMembers)
        .values(memberIds.slice(i, i + 1000).map((memberId) => ({ activationId, memberId })))
        .onConflictDoNothing();
  },

  async cohort(ex: Executor, activationId: string): Promise<string[]> {
    const rows = await ex
      .select({ id: leakActivationMembers.memberId })
      .from(leakActivationMembers)
      .where(and(eq(leakActivationMembers.activationId, activationId)));
    return rows.map((x) => x.id);
  },

  async activations(ex: Executor, limit: number, onlyId?: string) {
    const list = await ex
      .select()
      .from(leakActivations)
      .where(onlyId ? eq(leakActivations.id, onlyId) : undefined)
      .orderBy(desc(leakActivations.createdAt))
      .limit(limit);
    if (!list.length) return [];
    const ids = uuidArray(list.map((a) => a.id));
    const activated = await rowsOf<{ id: string; n: string }>(
      ex,
      sql`
      with ${ACTS_CTE}
      select a.id, count(distinct am.member_id) as n
        from leak_activations a
        join leak_activation_members am on am.activation_id = a.id
       where a.id = any(${ids})
         and exists (select 1 from acts x where x.member_id = am.member_id and x.at >= a.created_at)
       group by a.id`,
    );
    const steps = await rowsOf<{ id: string; challenge_id: string; title: string; n: string }>(
      ex,
      sql`
      select a.id, u.cid as challenge_id, c.title,
        (select count(distinct cr.member_id) from challenge_rounds cr
           join leak_activation_members am on am.activation_id = a.id and am.member_id = cr.member_id
          where cr.challenge_id = u.cid and cr.status = 'completed' and cr.completed_at >= a.created_at) as n
        from leak_activations a
        cross join lateral unnest(a.challenge_ids) with ordinality as u(cid, pos)
        join challenges c on c.id = u.cid
       where a.id = any(${ids})
       order by a.id, u.pos`,
    );
    return list.map((a) => ({
      ...a,
      activated: n(activated.find((x) => x.id === a.id)?.n),
      steps: steps
        .filter((s) => s.id === a.id)
        .map((s) => ({ challengeId: s.challenge_id, title: s.title, completed: n(s.n) })),
    }));
  },
};
