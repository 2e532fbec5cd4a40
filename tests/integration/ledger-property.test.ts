import crypto from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../server/src/db/kit.js';
import {
  complete,
  createTestApp,
  isolatedDatabase,
  ledgerMismatches,
  makeChallenge,
  signedIn,
  type TestApp,
} from './helpers.js';

type Signed = Awaited<ReturnType<typeof signedIn>>;
let iso: Awaited<ReturnType<typeof isolatedDatabase>>;
let t: TestApp;
let admin: Signed;
let people: Signed[];
let challengeIds: string[];

beforeAll(async () => {
  iso = await isolatedDatabase();
  t = await createTestApp({ database: iso.database });
  admin = await signedIn(t, { roles: ['admin'] });
  people = await Promise.all([0, 1, 2].map(() => signedIn(t)));
  challengeIds = [
    (await makeChallenge(admin, { stages: [{ kind: 'confirm', title: 'Once', points: 10 }] })).id,
    (
      await makeChallenge(admin, {
        repeat: { mode: 'times', limit: 3 },
        completionBonus: 5,
        stages: [{ kind: 'proof', title: 'Reviewed', points: 20, config: { instructions: 'Link' } }],
      })
    ).id,
    (
      await makeChallenge(admin, {
        repeat: { mode: 'times', limit: 5 },
        completionBonus: 3,
        stages: [{ kind: 'confirm', title: 'Often', points: 4 }],
      })
    ).id,
  ];
});
afterAll(async () => {
  await t?.close().catch(() => {});
  await iso?.drop();
});

const op = fc.oneof(
  fc.record({ type: fc.constant('complete' as const), who: fc.nat(2), ch: fc.nat(2), reuseKey: fc.boolean() }),
  fc.record({
    type: fc.constant('burst' as const),
    who: fc.nat(2),
    ch: fc.nat(2),
    n: fc.integer({ min: 2, max: 8 }),
    sameKey: fc.boolean(),
  }),
  fc.record({
    type: fc.constant('review' as const),
    decision: fc.constantFrom('approve' as const, 'reject' as const, 'retry' as const),
    pick: fc.nat(),
  }),
  fc.record({
    type: fc.constant('adjust' as const),
    who: fc.nat(2),
    points: fc.integer({ min: -60, max: 60 }).filter((p) => p !== 0),
  }),
  fc.record({ type: fc.constant('reverse' as const), pick: fc.nat() }),
);

describe('the ledger under random sequences of completions, reviews, adjustments and reversals', () => {
  it('keeps Σ ledger = balance, Σ lifetime deltas = lifetime, balance ≥ 0, one award per completion', async () => {
    const usedKeys: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 18 }), async (ops) => {
        for (const o of ops) {
          if (o.type === 'complete') {
            const key = o.reuseKey && usedKeys.length ? usedKeys[usedKeys.length - 1]! : crypto.randomUUID();
            usedKeys.push(key);
            const r = await complete(
              people[o.who]!,
              challengeIds[o.ch]!,
              { response: { url: 'https://proof.example/x' } },
              key,
            );
            expect(r.statusCode).toBeLessThan(500);
          } else if (o.type === 'burst') {
            const key = crypto.randomUUID();
            const rs = await Promise.all(
              Array.from({ length: o.n }, () =>
                complete(
                  people[o.who]!,
                  challengeIds[o.ch]!,
                  { response: { url: 'https://proof.example/y' } },
                  o.sameKey ? key : crypto.randomUUID(),
                ),
              ),
            );
            for (const r of rs) expect(r.statusCode).toBeLessThan(500);
          } else if (o.type === 'review') {
            const q = (await admin.as({ method: 'GET', url: '/api/admin/reviews?limit=50' })).json().reviews as {
              id: string;
            }[];
            if (q.length) {
              const r = await admin.as({
                method: 'POST',
                url: `/api/admin/reviews/${q[o.pick % q.length]!.id}`,
                payload: { decision: o.decision, feedback: 'x' },
              });
              expect(r.statusCode).toBe(200);
            }
          } else if (o.type === 'adjust') {
            const r = await admin.as({
              method: 'POST',
              url: `/api/admin/members/${people[o.who]!.member.id}/adjustments`,
              payload: { points: o.points, reason: 'property' },
            });
            expect([201, 422]).toContain(r.statusCode);
          } else {
            const rows = await iso.database.db.execute<{ id: string }>(
              sql`select id from completions where status = 'approved' and reversed_at is null order by created_at`,
            );
            if (rows.rows.length) {
              const r = await admin.as({
                method: 'POST',
                url: `/api/admin/completions/${rows.rows[o.pick % rows.rows.length]!.id}/reverse`,
                payload: { reason: 'property' },
              });
              expect(r.statusCode).toBe(200);
            }
          }
        }
        expect(await ledgerMismatches(iso.database)).toEqual([]);
        const twice = await iso.database.db.execute(
          sql`select kind, source_type, source_id from point_entries where source_id is not null group by 1,2,3 having count(*) > 1`,
        );
        expect(twice.rows).toEqual([]);
        const overCap = await iso.database.db.execute(sql`
          select r.member_id, r.challenge_id, count(*) from challenge_rounds r join challenges c on c.id = r.challenge_id
          where r.status in ('submitted','completed') group by 1,2,c.repeat_limit having count(*) > c.repeat_limit`);
        expect(overCap.rows).toEqual([]);
      }),
      { numRuns: 25 },
    );
  }, 180_000);
});
