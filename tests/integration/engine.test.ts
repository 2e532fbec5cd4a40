import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../server/src/db/kit.js';
import { complete, createTestApp, ledgerMismatches, makeChallenge, signedIn, type TestApp } from './helpers.js';

let t: TestApp;
let admin: Awaited<ReturnType<typeof signedIn>>;
beforeAll(async () => {
  t = await createTestApp();
  admin = await signedIn(t, { roles: ['admin'] });
});
afterAll(async () => {
  await t.close();
});

const me = async (m: Awaited<ReturnType<typeof signedIn>>) => (await m.as({ method: 'GET', url: '/api/me' })).json();
const quiz = {
  kind: 'quiz',
  title: 'Product basics',
  points: 30,
  config: {
    passMark: 100,
    maxAttempts: 2,
    questions: [
      { id: 'q1', prompt: 'Which is a Lumen product?', options: ['Lumen Analytics', 'Excel'], correct: [0] },
      { id: 'q2', prompt: 'Pick both', options: ['A', 'B', 'C'], correct: [0, 2] },
    ],
  },
};

describe('completing challenges', () => {
  it('an auto-approved step awards its points at once, with a reason in the history', async () => {
    const c = await makeChallenge(admin, { title: 'Say hello', completionBonus: 10 });
    const ada = await signedIn(t);
    const res = await complete(ada, c.id);
    expect(res.statusCode).toBe(201);
    expect(res.json().completion).toMatchObject({
      status: 'approved',
      pointsAwarded: 50,
      challengeCompleted: true,
      bonusAwarded: 10,
    });
    expect(await me(ada)).toMatchObject({ balance: 60, lifetime: 60 });
    const history = (await ada.as({ method: 'GET', url: '/api/me/points' })).json();
    expect(history.entries.map((e: { reason: string; delta: number }) => [e.reason, e.delta])).toEqual([
      ['Say hello: completion bonus', 10],
      ['Say hello: Confirm you did it', 50],
    ]);
    const feed = (await ada.as({ method: 'GET', url: '/api/challenges' })).json().challenges;
    expect(feed.find((x: { id: string }) => x.id === c.id)).toMatchObject({ myStatus: 'completed', myCompletions: 1 });
  });

  it('a replay of the same Idempotency-Key returns the first answer and awards nothing more', async () => {
    const c = await makeChallenge(admin);
    const m = await signedIn(t);
    const key = crypto.randomUUID();
    const first = await complete(m, c.id, {}, key);
    const again = await complete(m, c.id, {}, key);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect((await me(m)).balance).toBe(50);
  });

  it('a second completion of a once-only challenge is refused with 409', async () => {
    const c = await makeChallenge(admin);
    const m = await signedIn(t);
    expect((await complete(m, c.id)).statusCode).toBe(201);
    const second = await complete(m, c.id);
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('challenges.cap_reached');
  });

  it('"N times" allows exactly N rounds', async () => {
    const c = await makeChallenge(admin, { repeat: { mode: 'times', limit: 3 } });
    const m = await signedIn(t);
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await complete(m, c.id)).statusCode);
    expect(codes).toEqual([201, 201, 201, 409, 409]);
    expect((await me(m)).balance).toBe(150);
  });

  it('a global cap admits exactly that many members, in parallel', async () => {
    const c = await makeChallenge(admin, { maxCompletions: 3 });
    const people = await Promise.all(Array.from({ length: 10 }, () => signedIn(t)));
    const results = await Promise.all(people.map((p) => complete(p, c.id)));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(3);
    for (const r of results.filter((x) => x.statusCode !== 201))
      expect(r.json().error.code).toBe('challenges.global_cap_reached');
  });

  it('advocates never see quiz answers or check-in codes', async () => {
    const c = await makeChallenge(admin, {
      stages: [quiz, { kind: 'checkin', title: 'At the booth', points: 5, config: { code: 'BOOTH42' } }],
    });
    const m = await signedIn(t);
    const view = (await m.as({ method: 'GET', url: `/api/challenges/${c.id}` })).json().challenge;
    expect(JSON.stringify(view)).not.toContain('correct');
    expect(JSON.stringify(view)).not.toContain('BOOTH42');
    expect(view.stages[0].config.questions[1]).toEqual({
      id: 'q2',
      prompt: 'Pick both',
      options: ['A', 'B', 'C'],
      multiple: true,
    });
  });

  it('bad input: a broken stage config and a wrong answer shape are 400 with field paths; nothing is stored', async () => {
    const bad = await admin.as({
      method: 'POST',
      url: '/api/admin/challenges',
      payload: {
        title: 'Broken',
        stages: [
          { kind: 'quiz', title: 'Q', points: 1, config: { questions: [] } },
          { kind: 'visit', title: 'V', points: 1, config: { url: 'ftp://x' } },
        ],
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.details.fields).sort()).toEqual([
      'stages.0.config.questions',
      'stages.1.config.url',
    ]);
    const c = await makeChallenge(admin, { stages: [{ kind: 'nps', title: 'How likely…', points: 5 }] });
    const m = await signedIn(t);
    const r = await complete(m, c.id, { response: { score: 11 } });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('completions.invalid_response');
    expect((await complete(m, c.id, { response: { score: 9 } })).statusCode).toBe(201);
  });

  it('only admins author challenges', async () => {
    const m = await signedIn(t);
    const r = await m.as({
      method: 'POST',
      url: '/api/admin/challenges',
      payload: { title: 'x', stages: [{ kind: 'confirm', title: 'x', points: 1 }] },
    });
    expect(r.statusCode).toBe(403);
  });
});

describe('quiz, review and the review queue', () => {
  it('a failed quiz explains the score and counts attempts; a pass awards points; a reviewed step waits, then pays on approval', async () => {
    const c = await makeChallenge(admin, {
      title: 'Write a review',
      completionBonus: 100,
      stages: [
        quiz,
        {
          kind: 'review',
          title: 'Review us on G2',
          points: 200,
          config: { site: 'G2', url: 'https://g2.example/lumen' },
        },
      ],
    });
    const [q, review] = c.stages;
    const m = await signedIn(t);
    const early = await complete(m, c.id, { stageId: review!.id, response: { proofUrl: 'https://g2.example/r/1' } });
    expect(early.json().error.code).toBe('challenges.stage_out_of_order');

    const wrong = await complete(m, c.id, { stageId: q!.id, response: { answers: { q1: [0], q2: [0] } } });
    expect(wrong.statusCode).toBe(201);
    expect(wrong.json().completion).toMatchObject({ status: 'rejected', score: 50, pointsAwarded: 0 });
    expect(wrong.json().completion.feedback).toContain('1 attempt left');
    const right = await complete(m, c.id, { stageId: q!.id, response: { answers: { q1: [0], q2: [2, 0] } } });
    expect(right.json().completion).toMatchObject({ status: 'approved', score: 100, pointsAwarded: 30 });

    const sent = await complete(m, c.id, { stageId: review!.id, response: { proofUrl: 'https://g2.example/r/1' } });
    expect(sent.json().completion).toMatchObject({ status: 'pending', pointsAwarded: 0, challengeCompleted: false });
    expect(
      (await complete(m, c.id, { stageId: review!.id, response: { proofUrl: 'https://g2.example/r/2' } })).json().error
        .code,
    ).toBe('challenges.pending_review');
    expect((await m.as({ method: 'GET', url: `/api/challenges/${c.id}` })).json().challenge.myStatus).toBe(
      'pending_review',
    );

    const queue = (await admin.as({ method: 'GET', url: '/api/admin/reviews?limit=200' })).json();
    const item = queue.reviews.find((r: { id: string }) => r.id === sent.json().completion.id);
    expect(item).toMatchObject({
      status: 'pending',
      member: { id: m.member.id },
      stage: { kind: 'review' },
      response: { proofUrl: 'https://g2.example/r/1' },
    });

    const ok = await admin.as({
      method: 'POST',
      url: `/api/admin/reviews/${item.id}`,
      payload: { decision: 'approve', feedback: 'Thanks!' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().review).toMatchObject({
      status: 'approved',
      reviewer: { id: admin.member.id },
      feedback: 'Thanks!',
    });
    expect(ok.json().review.reviewedAt).toBeTruthy();
    expect(await me(m)).toMatchObject({ balance: 330, lifetime: 330 });
    const twice = await admin.as({
      method: 'POST',
      url: `/api/admin/reviews/${item.id}`,
      payload: { decision: 'reject' },
    });
    expect(twice.statusCode).toBe(409);

    await t.app.outbox.drain();
    const notes = (await m.as({ method: 'GET', url: '/api/me/notifications' })).json();
    expect(notes.unread).toBeGreaterThanOrEqual(1);
    expect(notes.notifications[0]).toMatchObject({
      kind: 'completion.approved',
      title: 'Approved: Write a review',
      link: `/challenges/${c.id}`,
    });
    await m.as({ method: 'POST', url: '/api/me/notifications/read', payload: {} });
    expect((await m.as({ method: 'GET', url: '/api/me/notifications' })).json().unread).toBe(0);
  });

  it('"ask to retry" and "reject" free the step for a new submission; the round and cap are given back', async () => {
    const c = await makeChallenge(admin, {
      maxCompletions: 1,
      stages: [{ kind: 'proof', title: 'Send a screenshot link', points: 40, config: { instructions: 'Link it' } }],
    });
    const m = await signedIn(t);
    const other = await signedIn(t);
    const first = (await complete(m, c.id, { response: { url: 'https://img.example/1' } })).json().completion;
    expect(first.status).toBe('pending');
    expect((await complete(other, c.id, { response: { url: 'https://img.example/x' } })).json().error.code).toBe(
      'challenges.global_cap_reached',
    );
    await admin.as({
      method: 'POST',
      url: `/api/admin/reviews/${first.id}`,
      payload: { decision: 'retry', feedback: 'Blurry' },
    });
    const view = (await m.as({ method: 'GET', url: `/api/challenges/${c.id}` })).json().challenge;
    expect(view.progress[0]).toMatchObject({ status: 'retry', feedback: 'Blurry' });
    const second = (await complete(m, c.id, { response: { url: 'https://img.example/2' } })).json().completion;
    expect(second.status).toBe('pending');
    await admin.as({
      method: 'POST',
      url: `/api/admin/reviews/${second.id}`,
      payload: { decision: 'reject', feedback: 'Not ours' },
    });
    // The global allowance came back: someone else can take it.
    expect((await complete(other, c.id, { response: { url: 'https://img.example/y' } })).statusCode).toBe(201);
    expect((await me(m)).balance).toBe(0);
  });
});

describe('exactly once under concurrency', () => {
  it('50 parallel identical requests (one key), and 50 with different keys on a once-only challenge, award exactly once — 20 rounds', async () => {
    for (let round = 0; round < 20; round++) {
      const c = await makeChallenge(admin, {
        title: `Race ${round}`,
        stages: [{ kind: 'confirm', title: 'Go', points: 7 }],
      });
      const same = await signedIn(t);
      const key = crypto.randomUUID();
      const a = await Promise.all(Array.from({ length: 50 }, () => complete(same, c.id, {}, key)));
      expect(a.filter((r) => r.statusCode === 201)).toHaveLength(1);
      expect(a.filter((r) => r.statusCode === 200)).toHaveLength(49);
      expect(new Set(a.map((r) => r.json().completion.id)).size).toBe(1);

      const diff = await signedIn(t);
      const b = await Promise.all(Array.from({ length: 50 }, () => complete(diff, c.id)));
      expect(b.filter((r) => r.statusCode === 201)).toHaveLength(1);
      expect(b.filter((r) => r.statusCode === 409)).toHaveLength(49);

      for (const who of [same, diff]) {
        const entries = await t.database.db.execute<{ n: number; s: number }>(
          sql`select count(*)::int as n, coalesce(sum(delta),0)::int as s from point_entries where member_id = ${who.member.id}`,
        );
        expect(entries.rows[0]).toEqual({ n: 1, s: 7 });
        expect((await me(who)).balance).toBe(7);
      }
    }
    expect(await ledgerMismatches(t.database)).toEqual([]);
  }, 120_000);
});

describe('admin adjustments and reversals', () => {
  it('need a reason, are audited, never take a balance below zero, and replay by Idempotency-Key', async () => {
    const m = await signedIn(t);
    const url = `/api/admin/members/${m.member.id}/adjustments`;
    expect((await admin.as({ method: 'POST', url, payload: { points: 10 } })).statusCode).toBe(400);
    const key = crypto.randomUUID();
    const plus = await admin.as({
      method: 'POST',
      url,
      payload: { points: 100, reason: 'Conference talk' },
      headers: { 'idempotency-key': key },
    });
    expect(plus.statusCode).toBe(201);
    expect(plus.json()).toMatchObject({
      balance: 100,
      lifetime: 100,
      entry: { kind: 'adjust', delta: 100, reason: 'Conference talk' },
    });
    const replay = await admin.as({
      method: 'POST',
      url,
      payload: { points: 100, reason: 'Conference talk' },
      headers: { 'idempotency-key': key },
    });
    expect(replay.statusCode).toBe(200);
    expect(replay.json().entry.id).toBe(plus.json().entry.id);
    const tooMuch = await admin.as({ method: 'POST', url, payload: { points: -101, reason: 'Oops' } });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json().error.code).toBe('points.insufficient_balance');
    const audit = (await admin.as({ method: 'GET', url: `/api/admin/audit?targetId=${m.member.id}` })).json();
    expect(audit.entries[0]).toMatchObject({
      action: 'points.adjusted',
      data: { points: 100, reason: 'Conference talk' },
    });
    expect((await me(m)).balance).toBe(100);
  });

  it('an Idempotency-Key reused for another member is refused (422) and credits nobody twice', async () => {
    const [a, b] = await Promise.all([signedIn(t), signedIn(t)]);
    const key = crypto.randomUUID();
    const send = (m: typeof a) =>
      admin.as({
        method: 'POST',
        url: `/api/admin/members/${m.member.id}/adjustments`,
        payload: { points: 100, reason: 'Conference talk' },
        headers: { 'idempotency-key': key },
      });
    expect((await send(a)).statusCode).toBe(201);
    const reused = await send(b);
    expect([reused.statusCode, reused.json().error?.code]).toEqual([422, 'completions.idempotency_key_reused']);
    const replay = await send(a);
    expect(replay.statusCode).toBe(200);
    expect(await me(a)).toMatchObject({ balance: 100, lifetime: 100 });
    expect(await me(b)).toMatchObject({ balance: 0, lifetime: 0 });
  });

  it('a replayed deduction is answered as the first time, even once the balance no longer covers it', async () => {
    const m = await signedIn(t);
    const url = `/api/admin/members/${m.member.id}/adjustments`;
    await admin.as({ method: 'POST', url, payload: { points: 60, reason: 'Welcome' } });
    const key = crypto.randomUUID();
    const take = () =>
      admin.as({
        method: 'POST',
        url,
        payload: { points: -50, reason: 'Duplicate award' },
        headers: { 'idempotency-key': key },
      });
    const first = await take();
    expect(first.statusCode).toBe(201);
    const replay = await take();
    expect(replay.statusCode).toBe(200);
    expect(replay.json().entry).toEqual(first.json().entry);
    expect(await me(m)).toMatchObject({ balance: 10 });
  });

  it('reversing an approved completion takes back what is left of the balance (never below zero) and the full lifetime award', async () => {
    const c = await makeChallenge(admin, { stages: [{ kind: 'confirm', title: 'Big ask', points: 100 }] });
    const m = await signedIn(t);
    const done = (await complete(m, c.id)).json().completion;
    await admin.as({
      method: 'POST',
      url: `/api/admin/members/${m.member.id}/adjustments`,
      payload: { points: -70, reason: 'Spent at the booth' },
    });
    expect(await me(m)).toMatchObject({ balance: 30, lifetime: 30 });
    const rev = await admin.as({
      method: 'POST',
      url: `/api/admin/completions/${done.id}/reverse`,
      payload: { reason: 'Fake proof' },
    });
    expect(rev.statusCode).toBe(200);
    expect(rev.json()).toMatchObject({ balance: 0, lifetime: 0, entry: { kind: 'reversal', delta: -30 } });
    const again = await admin.as({
      method: 'POST',
      url: `/api/admin/completions/${done.id}/reverse`,
      payload: { reason: 'again' },
    });
    expect(again.statusCode).toBe(409);
    expect(await ledgerMismatches(t.database)).toEqual([]);
  });
});
