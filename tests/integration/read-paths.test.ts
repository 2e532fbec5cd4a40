import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  complete,
  createTestApp,
  isolatedDatabase,
  makeChallenge,
  makeReward,
  signedIn,
  type TestApp,
} from './helpers.js';

// The advocate's reads start from the member row read when the request was authenticated, and read
// a member's challenge state and the live challenges in one statement each: what they show must be
// as fresh as before, right after a write.

let iso: Awaited<ReturnType<typeof isolatedDatabase>>;
let t: TestApp;
let admin: Awaited<ReturnType<typeof signedIn>>;

beforeAll(async () => {
  iso = await isolatedDatabase(); // levels are program-wide
  t = await createTestApp({ database: iso.database });
  admin = await signedIn(t, { roles: ['admin'] });
  for (const [name, threshold] of [
    ['Insider', 0],
    ['Advocate', 100],
  ] as const) {
    const res = await admin.as({ method: 'POST', url: '/api/admin/levels', payload: { name, threshold } });
    expect(res.statusCode).toBe(201);
  }
});
afterAll(async () => {
  await t.app.close();
  await iso.drop();
});

describe('read paths', () => {
  it('GET /api/me shows the balance, lifetime and level of a completion and a redemption on the very next request', async () => {
    const m = await signedIn(t);
    const before = (await m.as({ method: 'GET', url: '/api/me' })).json();
    expect(before).toMatchObject({ balance: 0, lifetime: 0, level: { name: 'Insider' } });
    const c = await makeChallenge(admin, { stages: [{ kind: 'confirm', title: 'Go', points: 120 }] });
    expect((await complete(m, c.id)).statusCode).toBe(201);
    expect((await m.as({ method: 'GET', url: '/api/me' })).json()).toMatchObject({
      balance: 120,
      lifetime: 120,
      level: { name: 'Advocate' },
    });
    const w = await makeReward(admin, { cost: 30, type: 'experience', stock: 10 });
    const r = await m.as({
      method: 'POST',
      url: `/api/rewards/${w.id}/redemptions`,
      payload: {},
      headers: { 'idempotency-key': crypto.randomUUID() },
    });
    expect(r.statusCode).toBe(201);
    expect((await m.as({ method: 'GET', url: '/api/me' })).json()).toMatchObject({ balance: 90, lifetime: 120 });
    expect((await m.as({ method: 'GET', url: '/api/rewards' })).json().balance).toBe(90);
  });

  it('a level an admin adds shows in GET /api/me at once', async () => {
    const m = await signedIn(t);
    const c = await makeChallenge(admin, { stages: [{ kind: 'confirm', title: 'Go', points: 60 }] });
    expect((await complete(m, c.id)).statusCode).toBe(201);
    expect((await m.as({ method: 'GET', url: '/api/me' })).json().level.name).toBe('Insider');
    const res = await admin.as({
      method: 'POST',
      url: '/api/admin/levels',
      payload: { name: 'Regular', threshold: 50 },
    });
    expect(res.statusCode).toBe(201);
    expect((await m.as({ method: 'GET', url: '/api/me' })).json()).toMatchObject({
      level: { name: 'Regular' },
      nextLevel: { name: 'Advocate', threshold: 100 },
    });
  });

  it('the challenge feed and its detail show every live stage in order, and my progress after each step', async () => {
    const m = await signedIn(t);
    const c = await makeChallenge(admin, {
      stages: [
        { kind: 'confirm', title: 'First', points: 5 },
        { kind: 'confirm', title: 'Second', points: 10 },
        { kind: 'confirm', title: 'Third', points: 15 },
      ],
    });
    const mine = async () => {
      const feed = (await m.as({ method: 'GET', url: '/api/challenges' })).json().challenges;
      const one = (await m.as({ method: 'GET', url: `/api/challenges/${c.id}` })).json().challenge;
      expect(feed.find((x: { id: string }) => x.id === c.id)).toEqual(one);
      return one as {
        myStatus: string;
        totalPoints: number;
        stages: { id: string; title: string }[];
        progress: { stageId: string; status: string | null }[];
      };
    };
    const fresh = await mine();
    expect(fresh.stages.map((s) => s.title)).toEqual(['First', 'Second', 'Third']);
    expect(fresh).toMatchObject({ myStatus: 'available', totalPoints: 30 });
    expect(fresh.progress.map((p) => p.status)).toEqual([null, null, null]);

    expect((await complete(m, c.id, { stageId: c.stages[0]!.id })).statusCode).toBe(201);
    const started = await mine();
    expect(started.myStatus).toBe('in_progress');
    expect(started.progress.map((p) => p.status)).toEqual(['approved', null, null]);
    expect(started.progress.map((p) => p.stageId)).toEqual(c.stages.map((s) => s.id));

    for (const s of c.stages.slice(1)) expect((await complete(m, c.id, { stageId: s.id })).statusCode).toBe(201);
    const done = await mine();
    expect(done.myStatus).toBe('completed');
    expect((await m.as({ method: 'GET', url: '/api/me' })).json().balance).toBe(30);
  });

  it('a challenge that is not live is not found, and another member’s progress never shows', async () => {
    const [a, b] = await Promise.all([signedIn(t), signedIn(t)]);
    const draft = await makeChallenge(admin, { status: 'draft' });
    expect((await a.as({ method: 'GET', url: `/api/challenges/${draft.id}` })).statusCode).toBe(404);
    const c = await makeChallenge(admin);
    expect((await complete(a, c.id)).statusCode).toBe(201);
    const seenByB = (await b.as({ method: 'GET', url: `/api/challenges/${c.id}` })).json().challenge;
    expect(seenByB).toMatchObject({ myStatus: 'available', myCompletions: 0 });
    expect((await a.as({ method: 'GET', url: `/api/challenges/${c.id}` })).json().challenge).toMatchObject({
      myStatus: 'completed',
      myCompletions: 1,
    });
  });
});
