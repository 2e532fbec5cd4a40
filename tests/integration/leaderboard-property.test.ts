import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { LeaderboardResponse } from '@advocate-hub/shared';
import { createTestApp, isolatedDatabase, login, cookieHeader, createMember, type TestApp } from './helpers.js';
import { groupMembers, groups, joinCodes, ledgerRepo, members, sql } from '../../server/src/db/kit.js';

/**
 * The API's ranks against ranks computed independently by PostgreSQL (`rank() over (order by
 * points desc)`) on random ledgers: every board kind, every period, with ties, reversals, spending,
 * suspended, hidden, anonymous and staff members, and period edges across a daylight-saving change
 * (America/New_York left DST on Sunday 1 November 2026; "now" is the Monday after).
 */

const TZ = 'America/New_York';
const NOW = new Date('2026-11-02T15:00:00Z');
// Entries fall between 20 October and 12 November: across the month edge, the DST change and both week edges.
const FROM = Date.parse('2026-10-20T00:00:00Z');
const TO = Date.parse('2026-11-12T00:00:00Z');
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);

let iso: Awaited<ReturnType<typeof isolatedDatabase>>;
let t: TestApp;
let adminCookie: () => Promise<string>;

beforeAll(async () => {
  iso = await isolatedDatabase();
  t = await createTestApp({ database: iso.database, clock: () => NOW }, { PROGRAM_TIMEZONE: TZ });
  const admin = await createMember(t.database, { roles: ['admin'] });
  adminCookie = async () => cookieHeader(await login(t.app, admin.email));
});
afterAll(async () => {
  await t.app.close();
  await iso.drop();
});

const person = fc.record({
  roles: fc.constantFrom(
    ['advocate'],
    ['advocate'],
    ['advocate'],
    ['advocate', 'admin'],
    ['advocate', 'moderator'],
    ['admin'],
  ),
  status: fc.constantFrom('active', 'active', 'active', 'active', 'suspended'),
  visibility: fc.constantFrom('named', 'named', 'named', 'anonymous', 'hidden'),
  tech: fc.boolean(),
  inGroup: fc.boolean(),
  joinedWithCode: fc.boolean(),
});
const entry = fc.record({
  who: fc.nat(14),
  kind: fc.constantFrom('earn', 'earn', 'earn', 'earn', 'reversal', 'redeem'),
  // Few distinct amounts, so that ties are common.
  points: fc.constantFrom(5, 10, 10, 20, 25, 50),
  at: fc.integer({ min: FROM, max: TO }),
});
const scenario = fc.record({
  people: fc.array(person, { minLength: 3, maxLength: 15 }),
  entries: fc.array(entry, { minLength: 1, maxLength: 60 }),
  includeStaff: fc.boolean(),
  season: fc.record({ from: fc.integer({ min: FROM, max: TO }), days: fc.integer({ min: 1, max: 10 }) }),
});

interface Row {
  name: string;
  points: number;
  rank: number;
}

/** The oracle: PostgreSQL ranks the board's eligible, visible members with points in [start, end). */
async function expected(where: string, start: string, end: string, includeStaff: boolean): Promise<Row[]> {
  const res = await t.database.pool.query<{ name: string; points: number; rank: string }>(
    `with pts as (
       select member_id, sum(lifetime_delta)::int as points, floor(extract(epoch from max(created_at)) * 1000) as at
       from point_entries where lifetime_delta <> 0 and created_at >= ${start} and created_at < ${end}
       group by member_id)
     select case when m.leaderboard_visibility = 'anonymous' then 'Advocate #' || m.alias_number else m.name end as name,
       p.points, rank() over (order by p.points desc) as rank
     from pts p join members m on m.id = p.member_id
     where p.points > 0 and m.status = 'active' and m.leaderboard_visibility <> 'hidden'
       and exists (select 1 from member_roles r where r.member_id = m.id and r.role = 'advocate')
       and ($1 or not exists (select 1 from member_roles r where r.member_id = m.id and r.role in ('admin', 'moderator')))
       and (${where})
     order by p.points desc, p.at asc, m.id asc
     limit 100`,
    [includeStaff],
  );
  return res.rows.map((r) => ({ name: r.name, points: r.points, rank: Number(r.rank) }));
}

async function actual(cookie: string, board: string, period: string): Promise<Row[]> {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/leaderboards/${board}?period=${encodeURIComponent(period)}&limit=100`,
    headers: { cookie },
  });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as LeaderboardResponse).entries.map((e) => ({ name: e.name, points: e.points, rank: e.rank }));
}

describe('leaderboard ranks against SQL rank()', () => {
  it(`${RUNS} random ledgers: every board kind and period agrees`, async () => {
    const week = `(date_trunc('week', '${NOW.toISOString()}'::timestamptz at time zone '${TZ}') at time zone '${TZ}')`;
    const month = `(date_trunc('month', '${NOW.toISOString()}'::timestamptz at time zone '${TZ}') at time zone '${TZ}')`;
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const db = t.database.db;
        const tag = crypto.randomBytes(4).toString('hex');
        const staff = await t.app.inject({
          method: 'PUT',
          url: '/api/admin/leaderboards/settings',
          headers: { cookie: await adminCookie() },
          payload: { includeStaff: s.includeStaff },
        });
        expect(staff.statusCode, staff.body).toBe(200);
        const [code] = await db
          .insert(joinCodes)
          .values({ code: `EV-${tag}`.toUpperCase(), label: 'Event' })
          .returning();
        const [group] = await db
          .insert(groups)
          .values({ name: `Group ${tag}` })
          .returning();
        const ids: string[] = [];
        for (const [i, p] of s.people.entries()) {
          const m = await createMember(t.database, {
            name: `P${tag}-${i}`,
            roles: p.roles as never,
            status: p.status as never,
          });
          await db
            .update(members)
            .set({
              leaderboardVisibility: p.visibility as never,
              industry: p.tech ? 'Tech' : 'Retail',
              company: `Co ${tag}`,
              joinCodeId: p.joinedWithCode ? code!.id : null,
            })
            .where(sql`id = ${m.id}`);
          if (p.inGroup) await db.insert(groupMembers).values({ groupId: group!.id, memberId: m.id });
          ids.push(m.id);
        }
        // The ledger, through the repo that every command uses (balances and lifetimes stay valid).
        const balance = new Map<string, number>();
        const lifetime = new Map<string, number>();
        for (const e of s.entries) {
          const id = ids[e.who % ids.length]!;
          const b = balance.get(id) ?? 0;
          const l = lifetime.get(id) ?? 0;
          let delta: number = e.points;
          let lifetimeDelta: number = e.points;
          if (e.kind === 'reversal') {
            if (l < e.points || b < e.points) continue;
            delta = lifetimeDelta = -e.points;
          } else if (e.kind === 'redeem') {
            if (b < e.points) continue;
            delta = -e.points;
            lifetimeDelta = 0;
          }
          const r = await ledgerRepo.post(db, {
            memberId: id,
            delta,
            lifetimeDelta,
            kind: e.kind as never,
            sourceType: 'test',
            sourceId: null,
            reason: 'property',
            createdAt: new Date(e.at),
          });
          expect(r.posted).toBe(true);
          balance.set(id, b + delta);
          lifetime.set(id, l + lifetimeDelta);
        }
        const cookie = await adminCookie();
        const seg = await t.app.inject({
          method: 'POST',
          url: '/api/admin/segments',
          headers: { cookie },
          payload: {
            name: `Tech ${tag}`,
            rule: {
              match: 'all',
              conditions: [
                { field: 'industry', op: 'is', values: ['tech'] },
                { field: 'company', op: 'is', values: [`Co ${tag}`] },
              ],
            },
          },
        });
        expect(seg.statusCode, seg.body).toBe(201);
        const seasonFrom = new Date(s.season.from).toISOString();
        const seasonTo = new Date(s.season.from + s.season.days * 86_400_000).toISOString();
        const season = await t.app.inject({
          method: 'POST',
          url: '/api/admin/leaderboards/seasons',
          headers: { cookie },
          payload: { name: `Season ${tag}`, startsAt: seasonFrom, endsAt: seasonTo },
        });
        const ev = await t.app.inject({
          method: 'POST',
          url: '/api/admin/leaderboards/events',
          headers: { cookie },
          payload: { name: `Event ${tag}`, joinCodeId: code!.id, startsAt: seasonFrom, endsAt: seasonTo },
        });
        expect([season.statusCode, ev.statusCode]).toEqual([201, 201]);
        const seasonId = season.json().season.id as string;

        const boards: [string, string][] = [
          ['global', 'true'],
          [
            `group:${group!.id}`,
            `exists (select 1 from group_members g where g.member_id = m.id and g.group_id = '${group!.id}')`,
          ],
          [`segment:${seg.json().segment.id}`, `lower(m.industry) = 'tech' and m.company = 'Co ${tag}'`],
        ];
        const periods: [string, string, string][] = [
          ['all', `'-infinity'`, `'infinity'`],
          [
            'month',
            month,
            `((date_trunc('month', '${NOW.toISOString()}'::timestamptz at time zone '${TZ}') + interval '1 month') at time zone '${TZ}')`,
          ],
          [
            'week',
            week,
            `((date_trunc('week', '${NOW.toISOString()}'::timestamptz at time zone '${TZ}') + interval '1 week') at time zone '${TZ}')`,
          ],
          [`season:${seasonId}`, `'${seasonFrom}'::timestamptz`, `'${seasonTo}'::timestamptz`],
        ];
        const checks: { board: string; period: string; where: string; start: string; end: string }[] = [];
        for (const [board, where] of boards)
          for (const [period, start, end] of periods) checks.push({ board, period, where, start, end });
        checks.push({
          board: `event:${ev.json().event.id}`,
          period: 'event',
          where: `m.join_code_id = '${code!.id}'`,
          start: `'${seasonFrom}'::timestamptz`,
          end: `'${seasonTo}'::timestamptz`,
        });
        for (const c of checks) {
          const want = await expected(c.where, c.start, c.end, s.includeStaff);
          // The boards follow the ledger's notifications: allow them a moment to arrive.
          let got: Row[] = [];
          for (let i = 0; i < 100; i++) {
            got = await actual(cookie, c.board, c.period);
            if (JSON.stringify(got) === JSON.stringify(want)) break;
            await new Promise((r) => setTimeout(r, 20));
          }
          expect(got, `${c.board} ${c.period}`).toEqual(want);
        }
      }),
      { numRuns: RUNS },
    );
  }, 300_000);
});
