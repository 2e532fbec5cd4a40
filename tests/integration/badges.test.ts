import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../server/src/db/kit.js';
import { complete, createTestApp, isolatedDatabase, makeChallenge, signedIn, type TestApp } from './helpers.js';

// Own database: levels and badge rules are program-wide.
let iso: Awaited<ReturnType<typeof isolatedDatabase>>;
let now = new Date('2026-05-04T10:00:00Z');
let t: TestApp;
let admin: Awaited<ReturnType<typeof signedIn>>;
beforeAll(async () => {
  iso = await isolatedDatabase();
  t = await createTestApp({ database: iso.database, clock: () => now });
  admin = await signedIn(t, { roles: ['admin'] });
});
afterAll(async () => {
  await t?.close().catch(() => {});
  await iso?.drop();
});

const badge = (body: Record<string, unknown>) => admin.as({ method: 'POST', url: '/api/admin/badges', payload: body });

describe('badges', () => {
  it('a "N completions of a kind" badge: preview count, backfill on creation, granted on the Nth completion, once', async () => {
    const c = await makeChallenge(admin, {
      repeat: { mode: 'times', limit: 10 },
      stages: [{ kind: 'confirm', title: 'Tick', points: 1 }],
    });
    const veteran = await signedIn(t);
    const newbie = await signedIn(t);
    for (let i = 0; i < 3; i++) await complete(veteran, c.id);
    await complete(newbie, c.id);
    const rule = { type: 'completions_count', count: 3, stageKind: 'confirm' };
    const preview = await admin.as({ method: 'POST', url: '/api/admin/badges/preview', payload: { rule } });
    expect(preview.json()).toEqual({ qualifying: 1 });
    const art = { design: 'trophy', tier: 'gold' };
    const created = await badge({ name: 'Hat trick', art, rule });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      backfilled: 1,
      badge: { name: 'Hat trick', holders: 1, art, imageUrl: null },
    });
    const id = created.json().badge.id;

    await complete(newbie, c.id);
    const third = (await complete(newbie, c.id)).json().completion;
    expect(third.badges).toEqual([{ id, name: 'Hat trick', icon: null, art, imageUrl: null }]);
    const fourth = (await complete(newbie, c.id)).json().completion;
    expect(fourth.badges).toEqual([]);
    const me = (await newbie.as({ method: 'GET', url: '/api/me' })).json();
    expect(me.badges.map((b: { name: string }) => b.name)).toEqual(['Hat trick']);
    await t.app.outbox.drain();
    const notes = (await newbie.as({ method: 'GET', url: '/api/me/notifications' })).json().notifications;
    expect(notes.map((n: { title: string }) => n.title)).toContain('New badge: Hat trick');
    const rows = await iso.database.db.execute(
      sql`select count(*)::int as n from member_badges where badge_id = ${id}`,
    );
    expect(rows.rows[0]).toEqual({ n: 2 });
  });

  it('shows progress towards badges not yet earned', async () => {
    await badge({ name: 'Ten reviews', rule: { type: 'completions_count', count: 10, stageKind: 'review' } });
    const m = await signedIn(t);
    const mine = (await m.as({ method: 'GET', url: '/api/me/badges' })).json().badges;
    expect(mine.find((b: { name: string }) => b.name === 'Ten reviews')).toMatchObject({
      earnedAt: null,
      progress: { current: 0, target: 10 },
    });
  });

  it('a challenge can grant a badge on completion, and a level badge follows an adjustment', async () => {
    const b = (await badge({ name: 'Reviewer', rule: { type: 'manual' } })).json().badge;
    const c = await makeChallenge(admin, { badgeId: b.id, stages: [{ kind: 'confirm', title: 'Go', points: 5 }] });
    const m = await signedIn(t);
    expect((await complete(m, c.id)).json().completion.badges.map((x: { name: string }) => x.name)).toEqual([
      'Reviewer',
    ]);

    await admin.as({ method: 'POST', url: '/api/admin/levels', payload: { name: 'Insider', threshold: 0 } });
    await admin.as({ method: 'POST', url: '/api/admin/levels', payload: { name: 'Advocate', threshold: 100 } });
    const lb = (await badge({ name: 'Advocate level', rule: { type: 'level_reached', rank: 2 } })).json();
    expect(lb.backfilled).toBe(0);
    await admin.as({
      method: 'POST',
      url: `/api/admin/members/${m.member.id}/adjustments`,
      payload: { points: 120, reason: 'Talk at the summit' },
    });
    const me = (await m.as({ method: 'GET', url: '/api/me' })).json();
    expect(me.level.name).toBe('Advocate');
    expect(me.badges.map((x: { name: string }) => x.name).sort()).toEqual(['Advocate level', 'Reviewer']);
    await t.app.outbox.drain();
    const titles = (await m.as({ method: 'GET', url: '/api/me/notifications' }))
      .json()
      .notifications.map((n: { title: string }) => n.title);
    expect(titles).toContain('You reached Advocate!');
  });

  it('a weekly streak counts consecutive program weeks', async () => {
    const b = (await badge({ name: 'Three-week streak', rule: { type: 'weekly_streak', weeks: 3 } })).json().badge;
    const c = await makeChallenge(admin, {
      repeat: { mode: 'daily', limit: 1 },
      stages: [{ kind: 'confirm', title: 'Daily', points: 1 }],
    });
    const m = await signedIn(t);
    const got: string[][] = [];
    for (const day of [
      '2026-05-04T10:00:00Z',
      '2026-05-12T10:00:00Z',
      '2026-05-26T10:00:00Z',
      '2026-06-02T10:00:00Z',
      '2026-06-09T10:00:00Z',
    ]) {
      now = new Date(day);
      // (other badges of this database, such as "Hat trick", may come along: look at this one only)
      got.push(
        (await complete(m, c.id))
          .json()
          .completion.badges.map((x: { id: string }) => x.id)
          .filter((id: string) => id === b.id),
      );
    }
    // weeks 19, 20, (gap), 22, 23, 24: the streak of three is reached on the fifth completion.
    expect(got).toEqual([[], [], [], [], [b.id]]);
  });

  it('manual award and revoke need a reason, are audited, and refuse doubles', async () => {
    const b = (await badge({ name: 'Community hero', rule: { type: 'manual' } })).json().badge;
    const m = await signedIn(t);
    const url = `/api/admin/badges/${b.id}`;
    expect(
      (await admin.as({ method: 'POST', url: `${url}/awards`, payload: { memberId: m.member.id } })).statusCode,
    ).toBe(400);
    expect(
      (
        await admin.as({
          method: 'POST',
          url: `${url}/awards`,
          payload: { memberId: m.member.id, reason: 'Helped at the meetup' },
        })
      ).statusCode,
    ).toBe(201);
    const dup = await admin.as({
      method: 'POST',
      url: `${url}/awards`,
      payload: { memberId: m.member.id, reason: 'again' },
    });
    expect(dup.json().error.code).toBe('badges.already_held');
    expect(
      (
        await admin.as({
          method: 'POST',
          url: `${url}/revoke`,
          payload: { memberId: m.member.id, reason: 'Given by mistake' },
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await admin.as({ method: 'POST', url: `${url}/revoke`, payload: { memberId: m.member.id, reason: 'again' } })
      ).json().error.code,
    ).toBe('badges.not_held');
    const holders = (await admin.as({ method: 'GET', url: `${url}/holders` })).json().holders;
    expect(holders[0]).toMatchObject({ memberId: m.member.id, revokedReason: 'Given by mistake' });
    const audit = (await admin.as({ method: 'GET', url: `/api/admin/audit?targetId=${m.member.id}` }))
      .json()
      .entries.map((e: { action: string }) => e.action);
    expect(audit.slice(0, 2)).toEqual(['badge.revoked', 'badge.awarded']);
    expect((await m.as({ method: 'GET', url: '/api/me' })).json().badges).toEqual([]);
  });

  it('parallel qualifying completions still grant a badge once', async () => {
    const c = await makeChallenge(admin, {
      repeat: { mode: 'times', limit: 20 },
      stages: [{ kind: 'confirm', title: 'Race', points: 1 }],
    });
    const b = (await badge({ name: 'First!', rule: { type: 'challenge_done', challengeId: c.id } })).json().badge;
    const m = await signedIn(t);
    const rs = await Promise.all(Array.from({ length: 12 }, () => complete(m, c.id)));
    const grants = rs.flatMap((r) => r.json().completion.badges.map((x: { id: string }) => x.id));
    expect(grants.filter((id) => id === b.id)).toEqual([b.id]);
    expect(new Set(grants).size).toBe(grants.length); // no badge twice
    const rows = await iso.database.db.execute(
      sql`select count(*)::int as n from member_badges where member_id = ${m.member.id} and badge_id = ${b.id}`,
    );
    expect(rows.rows[0]).toEqual({ n: 1 });
  });
  it('one completion meets two rules: both granted in its answer; a rule badge taken away is not given back by the rule', async () => {
    const c = await makeChallenge(admin, {
      repeat: { mode: 'times', limit: 10 },
      stages: [{ kind: 'confirm', title: 'Go', points: 1 }],
    });
    const first = (await badge({ name: 'Off the mark', rule: { type: 'challenge_done', challengeId: c.id } })).json()
      .badge;
    const two = (
      await badge({ name: 'Twice over', rule: { type: 'completions_count', count: 2, stageKind: 'confirm' } })
    ).json().badge;
    const m = await signedIn(t);
    const mine = (r: Awaited<ReturnType<typeof complete>>) =>
      r
        .json()
        .completion.badges.map((x: { id: string }) => x.id)
        .filter((id: string) => id === first.id || id === two.id)
        .sort();
    // (other rule badges of this database may come along: look at these two only)
    expect(mine(await complete(m, c.id))).toEqual([first.id]);
    expect(mine(await complete(m, c.id))).toEqual([two.id]);

    const m2 = await signedIn(t);
    await complete(m2, c.id);
    await admin.as({
      method: 'POST',
      url: `/api/admin/badges/${first.id}/revoke`,
      payload: { memberId: m2.member.id, reason: 'Counted twice' },
    });
    expect(mine(await complete(m2, c.id))).toEqual([two.id]);
    expect(mine(await complete(m2, c.id))).toEqual([]);
    const held = (await m2.as({ method: 'GET', url: '/api/me' })).json().badges.map((b: { id: string }) => b.id);
    expect(held).toContain(two.id);
    expect(held).not.toContain(first.id);
  });
});
