import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complete, createTestApp, makeChallenge, makeReward, signedIn, type TestApp } from './helpers.js';

let t: TestApp;
let admin: Awaited<ReturnType<typeof signedIn>>;
beforeAll(async () => {
  t = await createTestApp();
  admin = await signedIn(t, { roles: ['admin'] });
});
afterAll(() => t.close());

interface Line {
  kind: string;
  sourceType: string;
  title: string;
  detail: string | null;
  reason: string;
  delta: number;
}

describe('points history reasons', () => {
  it('names the challenge, the step when there are several, the bonus, the reward and the admin’s reason', async () => {
    const nps = await makeChallenge(admin, {
      title: 'How likely are you to recommend Lumen?',
      stages: [{ kind: 'confirm', title: 'Your score', points: 25 }],
    });
    const twoSteps = await makeChallenge(admin, {
      title: 'Case study',
      completionBonus: 100,
      stages: [
        { kind: 'confirm', title: 'Book the interview', points: 10 },
        { kind: 'confirm', title: 'Approve the draft', points: 20 },
      ],
    });
    const reward = await makeReward(admin, { name: 'Lumen hoodie', cost: 30 });
    const m = await signedIn(t);

    expect((await complete(m, nps.id)).statusCode).toBe(201);
    for (const stage of twoSteps.stages)
      expect((await complete(m, twoSteps.id, { stageId: stage.id })).statusCode).toBe(201);
    expect((await m.as({ method: 'POST', url: `/api/rewards/${reward.id}/redemptions`, payload: {} })).statusCode).toBe(
      201,
    );
    const adjust = await admin.as({
      method: 'POST',
      url: `/api/admin/members/${m.member.id}/adjustments`,
      payload: { points: 15, reason: 'Thank you for hosting the meetup' },
    });
    expect(adjust.statusCode).toBe(201);
    expect(adjust.json().entry).toMatchObject({ title: 'Thank you for hosting the meetup', detail: null });

    const mine = await m.as({ method: 'GET', url: '/api/me/points' });
    expect(mine.statusCode).toBe(200);
    const lines = (mine.json().entries as Line[]).map(({ kind, sourceType, title, detail, delta }) => ({
      kind,
      sourceType,
      title,
      detail,
      delta,
    }));
    // Newest first.
    expect(lines).toEqual([
      { kind: 'adjust', sourceType: 'admin', title: 'Thank you for hosting the meetup', detail: null, delta: 15 },
      { kind: 'redeem', sourceType: 'redemption', title: 'Lumen hoodie', detail: null, delta: -30 },
      { kind: 'earn', sourceType: 'challenge_round', title: 'Case study', detail: 'Completion bonus', delta: 100 },
      { kind: 'earn', sourceType: 'completion', title: 'Case study', detail: 'Approve the draft', delta: 20 },
      { kind: 'earn', sourceType: 'completion', title: 'Case study', detail: 'Book the interview', delta: 10 },
      {
        kind: 'earn',
        sourceType: 'completion',
        title: 'How likely are you to recommend Lumen?',
        detail: null,
        delta: 25,
      },
    ]);

    // The admin reads the same lines for this member.
    const theirs = await admin.as({ method: 'GET', url: `/api/admin/members/${m.member.id}/points?limit=2` });
    expect(theirs.statusCode).toBe(200);
    expect(theirs.json().entries.map((e: Line) => e.title)).toEqual([
      'Thank you for hosting the meetup',
      'Lumen hoodie',
    ]);
    expect(theirs.json().nextCursor).not.toBeNull();
    const next = await admin.as({
      method: 'GET',
      url: `/api/admin/members/${m.member.id}/points?limit=2&cursor=${theirs.json().nextCursor}`,
    });
    expect(next.json().entries.map((e: Line) => e.detail)).toEqual(['Completion bonus', 'Approve the draft']);
  });

  it('a reversed completion still names its challenge', async () => {
    const c = await makeChallenge(admin, {
      title: 'Write a G2 review',
      stages: [{ kind: 'confirm', title: 'I wrote it', points: 40, needsReview: true }],
    });
    const m = await signedIn(t);
    const sent = await complete(m, c.id);
    expect(sent.statusCode).toBe(201);
    const id = sent.json().completion.id as string;
    expect(
      (await admin.as({ method: 'POST', url: `/api/admin/reviews/${id}`, payload: { decision: 'approve' } }))
        .statusCode,
    ).toBe(200);
    const reversed = await admin.as({
      method: 'POST',
      url: `/api/admin/completions/${id}/reverse`,
      payload: { reason: 'The review was taken down' },
    });
    expect(reversed.statusCode).toBe(200);
    const lines = (await m.as({ method: 'GET', url: '/api/me/points' })).json().entries as Line[];
    expect(lines.map(({ kind, title }) => ({ kind, title }))).toEqual([
      { kind: 'reversal', title: 'Write a G2 review' },
      { kind: 'earn', title: 'Write a G2 review' },
    ]);
  });
});
