/**
 * Coverage (gap analysis) against an independent count on random data, demand by CSV and forecast,
 * "recruit here" reaching exactly the cell's members, and the desk's metrics.
 */
import crypto from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../server/src/db/kit.js';
import { createMember, createTestApp, isolatedDatabase, signedIn, type TestApp } from './helpers.js';

type Signed = Awaited<ReturnType<typeof signedIn>>;
let iso: Awaited<ReturnType<typeof isolatedDatabase>>;
let t: TestApp;
let admin: Signed;

beforeAll(async () => {
  iso = await isolatedDatabase();
  t = await createTestApp({ database: iso.database });
  admin = await signedIn(t, { roles: ['admin'] });
});
afterAll(async () => {
  await t.close();
  await iso.drop();
});

const PRODUCTS = ['Analytics', 'analytics', 'CRM', 'Billing'];
const INDUSTRIES = ['Retail', 'retail', 'Banking', null];
const REGIONS = ['EMEA', 'NA', null];
const SIZES = ['1-50', '5000+', null];

type Cell = { product: string | null; industry: string | null; region: string | null; companySize: string | null };
const keyOf = (c: Cell) =>
  [c.product, c.industry, c.region, c.companySize].map((x) => (x ?? '').toLowerCase()).join('|');

/** The same figures by another road: distinct cells first, then a count per cell with subqueries. */
async function independentCount(by: string[]) {
  const col = (d: string, expr: string) => (by.includes(d) ? `lower(${expr})` : `null::text`);
  const res = await iso.database.db.execute<{ k: string; supply: number; demand: number }>(
    sql.raw(`
    with cells as (
      select distinct ${col('product', 'x.product')} as p, ${col('industry', 'x.industry')} as i,
        ${col('region', 'x.region')} as r, ${col('size', 'x.size')} as z
      from (
        select u.product, pr.industry, pr.region, pr.company_size as size
          from reference_profiles pr
          left join lateral unnest(pr.products) as u(product) on true
          where pr.opted_in
        union all
        select d.product, d.industry, d.region, d.company_size from reference_demand d
      ) x
    )
    select concat_ws('|', coalesce(c.p, ''), coalesce(c.i, ''), coalesce(c.r, ''), coalesce(c.z, '')) as k,
      (select count(*)::int from reference_profiles pr join members m on m.id = pr.member_id
        where pr.opted_in and m.status = 'active'
          and exists (select 1 from member_roles ro where ro.member_id = m.id and ro.role = 'advocate')
          and (c.p is null and (${by.includes('product')} = false or cardinality(pr.products) = 0)
               or exists (select 1 from unnest(pr.products) q where lower(q) = c.p))
          and ${by.includes('industry') ? 'lower(pr.industry) is not distinct from c.i' : 'true'}
          and ${by.includes('region') ? 'lower(pr.region) is not distinct from c.r' : 'true'}
          and ${by.includes('size') ? 'lower(pr.company_size) is not distinct from c.z' : 'true'}) as supply,
      (select coalesce(sum(d.references_needed), 0)::int from reference_demand d
        where ${by.includes('product') ? 'lower(d.product) is not distinct from c.p' : 'true'}
          and ${by.includes('industry') ? 'lower(d.industry) is not distinct from c.i' : 'true'}
          and ${by.includes('region') ? 'lower(d.region) is not distinct from c.r' : 'true'}
          and ${by.includes('size') ? 'lower(d.company_size) is not distinct from c.z' : 'true'}) as demand
    from cells c`),
  );
  return new Map(
    res.rows.filter((r) => r.supply > 0 || r.demand > 0).map((r) => [r.k, { supply: r.supply, demand: r.demand }]),
  );
}

describe('coverage matrix', () => {
  it('equals an independent count on random data, for every choice of dimensions', async () => {
    const pick = <T>(xs: T[]) => fc.constantFrom(...xs);
    const person = fc.record({
      optedIn: fc.boolean(),
      status: fc.constantFrom('active', 'active', 'suspended'),
      advocate: fc.constantFrom(true, true, false),
      products: fc.uniqueArray(pick(['Analytics', 'CRM', 'Billing', 'analytics']), { maxLength: 2 }),
      industry: pick(INDUSTRIES),
      region: pick(REGIONS),
      size: pick(SIZES),
    });
    const demand = fc.record({
      product: pick(PRODUCTS),
      industry: pick(INDUSTRIES),
      region: pick(REGIONS),
      size: pick(SIZES),
      needed: fc.integer({ min: 0, max: 4 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(person, { maxLength: 14 }),
        fc.array(demand, { maxLength: 10 }),
        async (people, needs) => {
          const db = iso.database.db;
          await db.execute(sql`delete from reference_profiles`);
          await db.execute(sql`delete from reference_demand`);
          for (const p of people) {
            const m = await createMember(iso.database, {
              roles: p.advocate ? ['advocate'] : ['moderator'],
              status: p.status as 'active' | 'suspended',
            });
            await db.execute(sql`insert into reference_profiles (member_id, opted_in, products, industry, region, company_size, activities)
            values (${m.id}, ${p.optedIn}, ${`{${p.products.join(',')}}`}::text[], ${p.industry}, ${p.region}, ${p.size}, '{call}')`);
          }
          for (const d of needs)
            await db.execute(sql`insert into reference_demand (source, product, industry, region, company_size, references_needed)
            values ('pipeline', ${d.product}, ${d.industry}, ${d.region}, ${d.size}, ${d.needed})`);
          for (const by of [
            ['product', 'industry', 'region'],
            ['product'],
            ['industry', 'size'],
            ['product', 'industry', 'region', 'size'],
          ]) {
            const res = await admin.as({ method: 'GET', url: `/api/admin/references/coverage?by=${by.join(',')}` });
            expect(res.statusCode, res.body).toBe(200);
            const cells = res.json().cells as (Cell & { supply: number; demand: number; gap: number })[];
            const mine = new Map(cells.map((c) => [keyOf(c), { supply: c.supply, demand: c.demand }]));
            for (const c of cells) expect(c.gap).toBe(c.demand - c.supply);
            expect(mine.size).toBe(cells.length); // one cell per coordinate
            const theirs = await independentCount(by);
            // Cells with only zero demand rows show 0/0 in the matrix; the independent count leaves them out.
            const nonEmpty = new Map([...mine].filter(([, v]) => v.supply > 0 || v.demand > 0));
            expect(Object.fromEntries(nonEmpty)).toEqual(Object.fromEntries(theirs));
          }
        },
      ),
      { numRuns: 15 },
    );
  });

  it('refuses an unknown dimension', async () => {
    const res = await admin.as({ method: 'GET', url: '/api/admin/references/coverage?by=product,color' });
    expect(res.statusCode).toBe(400);
  });
});

describe('demand', () => {
  it('imports the pipeline by CSV (replacing it), adds forecasts, and refuses a bad CSV with its line', async () => {
    await iso.database.db.execute(sql`delete from reference_demand`);
    const csv =
      'opportunity,product,industry,region,company_size,amount\nAcme,Analytics,Retail,EMEA,51-200,"40,000"\nBeta,CRM,,NA,,\n';
    const res = await admin.as({ method: 'POST', url: '/api/admin/references/demand/pipeline', payload: { csv } });
    expect(res.json()).toEqual({ imported: 2, referencesNeeded: 2 });
    const again = await admin.as({ method: 'POST', url: '/api/admin/references/demand/pipeline', payload: { csv } });
    expect(again.statusCode).toBe(200);
    const bad = await admin.as({
      method: 'POST',
      url: '/api/admin/references/demand/pipeline',
      payload: { csv: 'opportunity,product,amount\nX,CRM,lots\n' },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error).toMatchObject({ code: 'references.bad_csv', details: { line: 2 } });
    const forecast = await admin.as({
      method: 'POST',
      url: '/api/admin/references/demand/forecast',
      payload: {
        product: 'Billing',
        industry: 'Banking',
        revenueGoal: 1_000_000,
        averageDeal: 80_000,
        referencesPerDeal: 0.5,
      },
    });
    expect(forecast.statusCode, forecast.body).toBe(201);
    expect(forecast.json().demand.referencesNeeded).toBe(Math.ceil(12.5 * 0.5));
    const list = (await admin.as({ method: 'GET', url: '/api/admin/references/demand' })).json().demand;
    expect(list.map((d: { source: string }) => d.source).sort()).toEqual(['forecast', 'pipeline', 'pipeline']);
    const gone = await admin.as({ method: 'DELETE', url: `/api/admin/references/demand/${forecast.json().demand.id}` });
    expect(gone.statusCode).toBe(200);
  });
});

describe('recruit here', () => {
  it('makes a challenge that reaches exactly the cell’s members, and counts who opted in since', async () => {
    const product = `Prod${crypto.randomBytes(3).toString('hex')}`;
    const person = async (products: string[], industry: string, region: string) => {
      const s = await signedIn(t);
      await iso.database.db.execute(sql`update members set products = ${`{${products.join(',')}}`}::text[],
        industry = ${industry}, region = ${region} where id = ${s.member.id}`);
      return s;
    };
    const inCell = await Promise.all([0, 1, 2].map(() => person([product], 'Retail', 'EMEA')));
    // Same product elsewhere, and the cell's industry and region without the product: not reached.
    const elsewhere = await person([product], 'Banking', 'EMEA');
    await person([], 'Retail', 'EMEA');
    await iso.database.db
      .execute(sql`insert into reference_demand (source, product, industry, region, references_needed)
      values ('pipeline', ${product}, 'Retail', 'EMEA', 3)`);
    const cell = { product, industry: 'Retail', region: 'EMEA', companySize: null };
    const res = await admin.as({ method: 'POST', url: '/api/admin/references/coverage/recruit', payload: { cell } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().reaches).toBe(3);
    const challengeId = res.json().challenge.id;
    const feedOf = async (s: Signed) =>
      ((await s.as({ method: 'GET', url: '/api/challenges' })).json().challenges as { id: string }[]).map((c) => c.id);
    for (const s of inCell) expect(await feedOf(s)).toContain(challengeId);
    expect(await feedOf(elsewhere)).not.toContain(challengeId);
    // One of them opts in: the cell's recruitment shows 1 recruited.
    await inCell[0]!.as({
      method: 'PUT',
      url: '/api/me/reference-profile',
      payload: { optedIn: true, products: [product], industry: 'Retail', region: 'EMEA', activities: ['call'] },
    });
    const cov = await admin.as({ method: 'GET', url: '/api/admin/references/coverage?by=product,industry,region' });
    const row = cov.json().cells.find((c: Cell) => c.product === product && c.industry === 'Retail');
    expect(row).toMatchObject({ supply: 1, demand: 3, gap: 2 });
    expect(row.recruitments).toEqual([expect.objectContaining({ challengeId, reaches: 3, recruited: 1 })]);
    const wide = await admin.as({
      method: 'POST',
      url: '/api/admin/references/coverage/recruit',
      payload: { cell: { product: null, industry: null, region: null, companySize: '1-50' } },
    });
    expect(wide.json().error.code).toBe('references.cell_too_wide');
  });
});

describe('metrics', () => {
  it('acceptance, show rate, time to fulfil, decline reasons, influenced and won amounts', async () => {
    const db = iso.database.db;
    for (const tbl of ['reference_asks', 'reference_requests']) await db.execute(sql.raw(`delete from ${tbl}`));
    const requester = await createMember(iso.database, { roles: ['requester'] });
    const people = await Promise.all([0, 1, 2, 3, 4].map(() => createMember(iso.database)));
    const request = async (amount: number, outcome: string | null, daysAgo: number) =>
      (
        await db.execute<{ id: string }>(sql`insert into reference_requests
          (requester_id, opportunity, product, activity, due_at, amount, outcome, created_at, status)
          values (${requester.id}, 'Deal', 'CRM', 'call', current_date, ${amount}, ${outcome},
            now() - make_interval(days => ${daysAgo}), 'open') returning id`)
      ).rows[0]!.id;
    const ask = (req: string, who: string, status: string, extra: { reason?: string; callDaysAgo?: number } = {}) =>
      db.execute(sql`insert into reference_asks (request_id, member_id, activity, status, sent_by, decline_reason,
          scheduled_at, completed_at, responded_at)
        values (${req}, ${who}, 'call', ${status}, ${requester.id}, ${extra.reason ?? null},
          ${extra.callDaysAgo === undefined ? null : sql`now() - make_interval(days => ${extra.callDaysAgo})`},
          ${status === 'completed' ? sql`now()` : null}, now())`);
    const won = await request(100_000, 'won', 10); // called 4 days after the request
    const open = await request(30_000, null, 6); // called 2 days after
    const lost = await request(50_000, 'lost', 3);
    await ask(won, people[0]!.id, 'completed', { callDaysAgo: 6 });
    await ask(won, people[1]!.id, 'declined', { reason: 'too_busy' });
    await ask(open, people[2]!.id, 'completed', { callDaysAgo: 4 });
    await ask(lost, people[3]!.id, 'no_show');
    await ask(lost, people[4]!.id, 'declined', { reason: 'too_busy' });
    await ask(open, people[4]!.id, 'sent');
    const m = (await admin.as({ method: 'GET', url: '/api/admin/references/metrics' })).json().metrics;
    expect(m).toMatchObject({
      requests: 3,
      asksSent: 6,
      accepted: 3,
      declined: 2,
      acceptanceRate: 0.6,
      showRate: 0.667,
      timeToFulfilDays: { median: 3 },
      declineReasons: [{ reason: 'too_busy', count: 2 }],
      influencedPipeline: 130_000,
      wonRevenue: 100_000,
    });
    expect(m.byMonth).toHaveLength(12);
  });
});
