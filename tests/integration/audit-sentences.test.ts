import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complete, createTestApp, makeChallenge, makeReward, signedIn, type TestApp } from './helpers.js';

let t: TestApp;
let admin: Awaited<ReturnType<typeof signedIn>>;
beforeAll(async () => {
  t = await createTestApp();
  admin = await signedIn(t, { roles: ['admin'], name: 'Ada Lovelace' });
});
afterAll(() => t.close());

interface Entry {
  action: string;
  actorId: string | null;
  actorName: string | null;
  targetId: string | null;
  targetName: string | null;
  subjectName: string | null;
  summary: string;
}

async function entriesFor(targetId: string): Promise<Entry[]> {
  const res = await admin.as({ method: 'GET', url: `/api/admin/audit?targetId=${targetId}` });
  expect(res.statusCode).toBe(200);
  return res.json().entries as Entry[];
}

describe('the activity log in sentences', () => {
  it('names the actor, the member and the challenge of an approved completion', async () => {
    const c = await makeChallenge(admin, {
      title: 'Write a G2 review',
      stages: [{ kind: 'confirm', title: 'I wrote it', points: 500, needsReview: true }],
    });
    const maya = await signedIn(t, { name: 'Maya Patel' });
    const sent = await complete(maya, c.id);
    const id = sent.json().completion.id as string;
    expect(
      (await admin.as({ method: 'POST', url: `/api/admin/reviews/${id}`, payload: { decision: 'approve' } }))
        .statusCode,
    ).toBe(200);

    const [entry] = await entriesFor(id);
    expect(entry).toMatchObject({
      action: 'completion.approved',
      actorId: admin.member.id,
      actorName: 'Ada Lovelace',
      targetId: id,
      targetName: 'Write a G2 review',
      subjectName: 'Maya Patel',
      summary: 'Ada Lovelace approved Maya Patel’s completion of Write a G2 review',
    });
  });

  it('says what happened to a member’s account and points', async () => {
    const omar = await signedIn(t, { name: 'Omar Haddad' });
    const url = `/api/admin/members/${omar.member.id}`;
    expect(
      (await admin.as({ method: 'POST', url: `${url}/adjustments`, payload: { points: 30, reason: 'Meetup' } }))
        .statusCode,
    ).toBe(201);
    expect(
      (await admin.as({ method: 'POST', url: `${url}/adjustments`, payload: { points: -1, reason: 'Typo' } }))
        .statusCode,
    ).toBe(201);
    expect((await admin.as({ method: 'POST', url: `${url}/suspend`, payload: { reason: 'Spam' } })).statusCode).toBe(
      200,
    );
    expect((await admin.as({ method: 'POST', url: `${url}/reactivate`, payload: {} })).statusCode).toBe(200);

    expect((await entriesFor(omar.member.id)).map((e) => e.summary)).toEqual([
      'Ada Lovelace reactivated Omar Haddad',
      'Ada Lovelace suspended Omar Haddad',
      'Ada Lovelace took 1 point from Omar Haddad',
      'Ada Lovelace gave Omar Haddad 30 points',
    ]);
  });

  it('reads a redemption decision and keeps the name of a thing deleted since', async () => {
    const reward = await makeReward(admin, { name: 'Lumen hoodie', cost: 10, needsApproval: true });
    const lin = await signedIn(t, { name: 'Lin Chen' });
    await admin.as({
      method: 'POST',
      url: `/api/admin/members/${lin.member.id}/adjustments`,
      payload: { points: 10, reason: 'Start' },
    });
    const asked = await lin.as({ method: 'POST', url: `/api/rewards/${reward.id}/redemptions`, payload: {} });
    expect(asked.statusCode).toBe(201);
    const rid = asked.json().redemption.id as string;
    expect(
      (await admin.as({ method: 'POST', url: `/api/admin/redemptions/${rid}`, payload: { decision: 'approve' } }))
        .statusCode,
    ).toBe(200);
    expect((await entriesFor(rid))[0]!.summary).toBe('Ada Lovelace approved Lin Chen’s redemption of Lumen hoodie');

    const group = await admin.as({ method: 'POST', url: '/api/admin/groups', payload: { name: 'Data Leaders' } });
    expect(group.statusCode).toBe(201);
    const gid = group.json().group.id as string;
    expect((await admin.as({ method: 'DELETE', url: `/api/admin/groups/${gid}` })).statusCode).toBeLessThan(300);
    const summaries = (await entriesFor(gid)).map((e) => e.summary);
    expect(summaries).toEqual([
      'Ada Lovelace deleted the group Data Leaders',
      'Ada Lovelace created the group Data Leaders',
    ]);
  });
});
