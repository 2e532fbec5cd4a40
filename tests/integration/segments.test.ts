import crypto from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SegmentRule, type SegmentCondition } from '@advocate-hub/shared';
import {
  eq,
  groupMembers,
  groups,
  levels,
  matchesRule,
  members,
  ruleSql,
  segmentsRepo,
} from '../../server/src/db/kit.js';
import {
  complete,
  createMember,
  createTestApp,
  isolatedDatabase,
  makeChallenge,
  signedIn,
  type TestApp,
} from './helpers.js';

type Signed = Awaited<ReturnType<typeof signedIn>>;
let t: TestApp;
let admin: Signed;
beforeAll(async () => {
  t = await createTestApp();
  admin = await signedIn(t, { roles: ['admin'] });
});
afterAll(async () => {
  await t.close();
});

const tok = () => crypto.randomBytes(4).toString('hex');
async function profile(id: string, v: Partial<typeof members.$inferInsert>) {
  await t.database.db.update(members).set(v).where(eq(members.id, id));
}
const feedIds = async (m: Signed) =>
  (await m.as({ method: 'GET', url: '/api/challenges' }))
    .json()
    .challenges.map((c: { id: string }) => c.id) as string[];

describe('segments', () => {
  it('admins preview a rule live, save it (audited) and list its members; bad rules are refused', async () => {
    const company = `Acme-${tok()}`;
    const [a, b, c] = await Promise.all([0, 1, 2].map(() => signedIn(t, { company })));
    await profile(a!.member.id, { industry: 'Technology', persona: 'Practitioner', tags: ['beta'] });
    await profile(b!.member.id, { industry: 'technology', persona: 'Executive' });
    await profile(c!.member.id, { industry: 'Retail' });
    // Not counted: suspended, or staff without the advocate role.
    await createMember(t.database, { company, status: 'suspended' });
    await createMember(t.database, { company, roles: ['admin'] });

    const byCompany = { field: 'company', op: 'is', values: [company.toUpperCase()] };
    const preview = async (rule: unknown) => {
      const r = await admin.as({ method: 'POST', url: '/api/admin/segments/preview', payload: { rule } });
      expect(r.statusCode).toBe(200);
      return r.json() as { count: number; total: number; sample: { id: string }[] };
    };
    const p1 = await preview({ match: 'all', conditions: [byCompany] });
    expect(p1.count).toBe(3);
    expect(p1.total).toBeGreaterThanOrEqual(3);
    const p2 = await preview({
      match: 'all',
      conditions: [byCompany, { field: 'industry', op: 'is', values: ['TECHNOLOGY'] }],
    });
    expect(p2.count).toBe(2);
    expect(p2.sample.map((m) => m.id).sort()).toEqual([a!.member.id, b!.member.id].sort());
    const p3 = await preview({
      match: 'all',
      conditions: [byCompany, { field: 'tags', op: 'has_none', values: ['beta'] }],
    });
    expect(p3.count).toBe(2);

    const name = `Tech at ${company}`;
    const rule = { match: 'all', conditions: [byCompany, { field: 'industry', op: 'is', values: ['technology'] }] };
    const created = await admin.as({ method: 'POST', url: '/api/admin/segments', payload: { name, rule } });
    expect(created.statusCode).toBe(201);
    const seg = created.json().segment;
    expect(seg).toMatchObject({ name, memberCount: 2, usedBy: [] });

    const dup = await admin.as({ method: 'POST', url: '/api/admin/segments', payload: { name, rule } });
    expect([dup.statusCode, dup.json().error.code]).toEqual([409, 'segments.name_taken']);
    const ghostLevel = await admin.as({
      method: 'POST',
      url: '/api/admin/segments',
      payload: {
        name: `${name} 2`,
        rule: { conditions: [{ field: 'level', op: 'at_least', levelId: crypto.randomUUID() }] },
      },
    });
    expect([ghostLevel.statusCode, ghostLevel.json().error.code]).toEqual([422, 'segments.unknown_reference']);
    const incomplete = await admin.as({
      method: 'POST',
      url: '/api/admin/segments',
      payload: { name: `${name} 3`, rule: { conditions: [{ field: 'company', op: 'is' }] } },
    });
    expect(incomplete.statusCode).toBe(400);

    const patched = await admin.as({
      method: 'PATCH',
      url: `/api/admin/segments/${seg.id}`,
      payload: { rule: { match: 'any', conditions: rule.conditions } },
    });
    expect(patched.json().segment.memberCount).toBeGreaterThanOrEqual(3);
    const list = await admin.as({ method: 'GET', url: `/api/admin/segments/${seg.id}/members?limit=500` });
    const ids = list.json().members.map((m: { id: string }) => m.id);
    expect(ids).toEqual(expect.arrayContaining([a!.member.id, b!.member.id, c!.member.id]));
    expect(list.json().count).toBe(patched.json().segment.memberCount);

    const values = (await admin.as({ method: 'GET', url: '/api/admin/segments/values' })).json().fields;
    expect(values.company).toContainEqual({ value: company, count: 3 });
    expect(values.tags.find((v: { value: string }) => v.value === 'beta')?.count).toBeGreaterThanOrEqual(1);

    const audit = (await admin.as({ method: 'GET', url: `/api/admin/audit?targetId=${seg.id}` }))
      .json()
      .entries.map((e: { action: string }) => e.action);
    expect(audit).toEqual(['segment.updated', 'segment.created']);
    expect((await a!.as({ method: 'GET', url: '/api/admin/segments' })).statusCode).toBe(403);
    expect((await a!.as({ method: 'POST', url: '/api/admin/segments/preview', payload: { rule } })).statusCode).toBe(
      403,
    );
  });

  it('targets challenges: included segments see it, excluded ones never do, the rest get 404; in-use segments cannot be deleted', async () => {
    const company = `Initech-${tok()}`;
    const [fan, rival, outsider] = await Promise.all([0, 1, 2].map(() => signedIn(t, { company })));
    await profile(rival!.member.id, { tags: ['competitor'] });
    await profile(outsider!.member.id, { company: `Other-${tok()}` });
    const mk = async (name: string, rule: unknown) =>
      (await admin.as({ method: 'POST', url: '/api/admin/segments', payload: { name, rule } })).json().segment as {
        id: string;
      };
    const customers = await mk(`Customers ${company}`, {
      conditions: [{ field: 'company', op: 'is', values: [company] }],
    });
    const rivals = await mk(`Rivals ${company}`, {
      conditions: [{ field: 'tags', op: 'has_any', values: ['competitor'] }],
    });
    const targeting = { includeSegmentIds: [customers.id], excludeSegmentIds: [rivals.id] };
    const ch = await makeChallenge(admin, { title: `Only for ${company}`, targeting });

    expect(await feedIds(fan!)).toContain(ch.id);
    expect(await feedIds(rival!)).not.toContain(ch.id);
    expect(await feedIds(outsider!)).not.toContain(ch.id);
    expect((await complete(outsider!, ch.id)).statusCode).toBe(404);
    expect((await complete(rival!, ch.id)).statusCode).toBe(404);
    expect((await complete(fan!, ch.id)).statusCode).toBe(201);
    const feedFan = (await fan!.as({ method: 'GET', url: `/api/challenges/${ch.id}` })).json();
    expect(feedFan.challenge?.id ?? feedFan.id).toBe(ch.id);

    const audience = await admin.as({ method: 'POST', url: '/api/admin/challenges/audience', payload: targeting });
    expect(audience.json().count).toBe(1);

    // Segments are evaluated live: a profile change moves the member in at once.
    await profile(outsider!.member.id, { company });
    expect(await feedIds(outsider!)).toContain(ch.id);

    const del = await admin.as({ method: 'DELETE', url: `/api/admin/segments/${customers.id}` });
    expect([del.statusCode, del.json().error.code]).toEqual([409, 'segments.in_use']);
    expect(del.json().error.details.challenges).toEqual([{ id: ch.id, title: `Only for ${company}` }]);
    const used = (await admin.as({ method: 'GET', url: `/api/admin/segments/${customers.id}` })).json().segment;
    expect(used.usedBy).toEqual([{ id: ch.id, title: `Only for ${company}` }]);
    await admin.as({
      method: 'PATCH',
      url: `/api/admin/challenges/${ch.id}`,
      payload: { targeting: { includeSegmentIds: [], excludeSegmentIds: [] } },
    });
    expect((await admin.as({ method: 'DELETE', url: `/api/admin/segments/${customers.id}` })).statusCode).toBe(200);
    expect((await admin.as({ method: 'GET', url: `/api/admin/segments/${customers.id}` })).statusCode).toBe(404);
  });
});

// ------------------------------------------------------------------ SQL and in-memory agree

const TEXTS = [null, '', ' ', 'Acme', 'acme', 'ACME Corp', 'Globex', 'globex inc', 'Initech'];
const NEEDLES = ['acme', 'ACME', 'corp', 'Globex', 'inc', 'Initech', 'x'];
const LIST = ['Pipelines', 'Analytics', 'beta', 'Beta', 'vip'];
const NOW = new Date('2026-06-15T10:00:00Z');
const DAY = 86_400_000;

describe('segment rules: SQL and in-memory evaluation agree', () => {
  let iso: Awaited<ReturnType<typeof isolatedDatabase>>;
  let levelIds: string[];
  let groupIds: string[];
  type Person = Parameters<typeof matchesRule>[1] & { id: string; counted: boolean };
  let people: Person[];

  beforeAll(async () => {
    iso = await isolatedDatabase();
    const db = iso.database.db;
    levelIds = (
      await db
        .insert(levels)
        .values([
          { name: 'L1', rank: 1, threshold: 0 },
          { name: 'L2', rank: 2, threshold: 100 },
          { name: 'L3', rank: 3, threshold: 500 },
        ])
        .returning()
    ).map((l) => l.id);
    groupIds = (
      await db
        .insert(groups)
        .values([{ name: 'G1' }, { name: 'G2' }, { name: 'G3' }])
        .returning()
    ).map((g) => g.id);
    const text = fc.constantFrom(...TEXTS);
    const person = fc.record({
      company: text,
      title: text,
      industry: text,
      region: text,
      persona: text,
      products: fc.subarray(LIST),
      tags: fc.subarray(LIST),
      lifetime: fc.oneof(fc.constantFrom(0, 99, 100, 101, 499, 500, 501), fc.integer({ min: 0, max: 3000 })),
      lastNps: fc.option(fc.integer({ min: 0, max: 10 })),
      joinedDaysAgo: fc.option(fc.oneof(fc.constantFrom(0, 7, 30), fc.double({ min: 0, max: 400, noNaN: true }))),
      groups: fc.subarray([0, 1, 2]),
      status: fc.constantFrom('active', 'active', 'active', 'invited', 'suspended'),
      advocate: fc.boolean(),
    });
    const sample = fc.sample(person, { numRuns: 80, seed: 4242 });
    people = [];
    for (const [i, p] of sample.entries()) {
      const joinedAt = p.joinedDaysAgo === null ? null : new Date(NOW.getTime() - p.joinedDaysAgo * DAY);
      const m = await createMember(iso.database, {
        email: `p${i}@prop.test`,
        status: p.status as 'active',
        roles: p.advocate ? ['advocate'] : ['moderator'],
      });
      const { joinedDaysAgo: _j, groups: gs, status, advocate, ...fields } = p;
      await db
        .update(members)
        .set({ ...fields, joinedAt })
        .where(eq(members.id, m.id));
      if (gs.length) await db.insert(groupMembers).values(gs.map((g) => ({ groupId: groupIds[g]!, memberId: m.id })));
      people.push({
        ...fields,
        id: m.id,
        joinedAt,
        groupIds: new Set(gs.map((g) => groupIds[g]!)),
        counted: status === 'active' && advocate,
      });
    }
  });
  afterAll(async () => {
    await iso.drop();
  });

  it('for random rules, the members SQL selects are exactly those the in-memory matcher accepts', async () => {
    const textField = fc.constantFrom('company', 'title', 'industry', 'region', 'persona');
    const values = (from: string[]) => fc.uniqueArray(fc.constantFrom(...from), { minLength: 1, maxLength: 3 });
    const condition: fc.Arbitrary<SegmentCondition> = fc.oneof(
      fc.record({ field: textField, op: fc.constantFrom('is', 'is_not', 'contains'), values: values(NEEDLES) }),
      fc.record({ field: textField, op: fc.constantFrom('is_set', 'is_not_set') }),
      fc.record({
        field: fc.constantFrom('products', 'tags'),
        op: fc.constantFrom('has_any', 'has_all', 'has_none'),
        values: values(LIST),
      }),
      fc.record({
        field: fc.constant('level'),
        op: fc.constantFrom('at_least', 'at_most', 'is'),
        levelId: fc.constantFrom(0, 1, 2, 3).map((i) => levelIds[i] ?? '00000000-0000-4000-8000-000000000000'),
      }),
      fc.record({
        field: fc.constant('lifetime'),
        op: fc.constantFrom('at_least', 'at_most'),
        value: fc.integer({ min: 0, max: 3000 }),
      }),
      fc.record({
        field: fc.constant('groups'),
        op: fc.constantFrom('in_any', 'in_none'),
        groupIds: fc.subarray([0, 1, 2], { minLength: 1 }).map((ix) => ix.map((i) => groupIds[i]!)),
      }),
      fc.record({
        field: fc.constant('joined'),
        op: fc.constantFrom('before', 'after'),
        date: fc.constantFrom('2025-05-01', '2026-06-08', '2026-06-14', '2026-06-15', '2026-06-16'),
      }),
      fc.record({
        field: fc.constant('joined'),
        op: fc.constantFrom('within_days', 'over_days'),
        days: fc.constantFrom(1, 7, 30, 365),
      }),
      fc.record({
        field: fc.constant('last_nps'),
        op: fc.constantFrom('promoter', 'passive', 'detractor', 'unanswered'),
      }),
      fc.record({
        field: fc.constant('last_nps'),
        op: fc.constantFrom('at_least', 'at_most'),
        value: fc.integer({ min: 0, max: 10 }),
      }),
    ) as fc.Arbitrary<SegmentCondition>;
    const rule = fc.record({ match: fc.constantFrom('all', 'any'), conditions: fc.array(condition, { maxLength: 4 }) });

    const db = iso.database.db;
    const dbLevels = await db.select().from(levels).orderBy(levels.threshold);
    await fc.assert(
      fc.asyncProperty(rule, async (raw) => {
        const r = SegmentRule.parse(raw); // every generated rule is one the API accepts
        const ctx = { levels: dbLevels, now: NOW, timezone: 'Europe/Berlin' };
        const fromSql = (await segmentsRepo.sample(db, ruleSql(r, ctx), 1000)).map((m) => m.id).sort();
        const inMemory = people
          .filter((p) => p.counted && matchesRule(r, p, ctx))
          .map((p) => p.id)
          .sort();
        expect(fromSql).toEqual(inMemory);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
