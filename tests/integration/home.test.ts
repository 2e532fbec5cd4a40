import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../server/src/db/kit.js';
import type { HomeResponse } from '@advocate-hub/shared';
import {
  complete,
  cookieHeader,
  cookiesOf,
  createMember,
  createTestApp,
  isolatedDatabase,
  login,
  makeChallenge,
  makeReward,
  signedIn,
  type TestApp,
} from './helpers.js';

// One database of its own: "do this next" and the affordable rewards look at every challenge and
// reward of the program, and one test changes which profile fields members may edit.
type Signed = Awaited<ReturnType<typeof signedIn>>;
let iso: Awaited<ReturnType<typeof isolatedDatabase>>;
let t: TestApp;
let admin: Signed;
/** The app's clock: real time unless a test moves it. */
let clockAt: Date | null = null;
const TZ = 'America/New_York';

beforeAll(async () => {
  iso = await isolatedDatabase();
  t = await createTestApp({ database: iso.database, clock: () => clockAt ?? new Date() }, { PROGRAM_TIMEZONE: TZ });
  admin = await signedIn(t, { roles: ['admin'] });
  for (const [name, threshold] of [
    ['Insider', 0],
    ['Advocate', 200],
  ] as const) {
    const r = await admin.as({ method: 'POST', url: '/api/admin/levels', payload: { name, threshold } });
    expect(r.statusCode, r.body).toBe(201);
  }
});
afterAll(async () => {
  await t.close();
  await iso.drop();
});

const tag = () => crypto.randomBytes(3).toString('hex');
async function adjust(memberId: string, points: number) {
  const r = await admin.as({
    method: 'POST',
    url: `/api/admin/members/${memberId}/adjustments`,
    payload: { points, reason: 'Test' },
  });
  expect(r.statusCode, r.body).toBe(201);
}
async function home(m: Signed, ready: (h: HomeResponse) => boolean = () => true): Promise<HomeResponse> {
  let last!: HomeResponse;
  // The leaderboard follows the ledger's notifications after commit: give it a moment.
  for (let i = 0; i < 100; i++) {
    const r = await m.as({ method: 'GET', url: '/api/me/home' });
    expect(r.statusCode, r.body).toBe(200);
    last = r.json();
    if (ready(last)) return last;
    await new Promise((res) => setTimeout(res, 20));
  }
  return last;
}
const hours = (n: number) => new Date(Date.now() + n * 3600_000).toISOString();

describe('home dashboard', () => {
  it('"do this next" leaves out done, locked, untargeted and waiting challenges and ranks by level-up and expiry', async () => {
    const m = await signedIn(t, { name: `Nia ${tag()}` });
    const group = (
      await admin.as({ method: 'POST', url: '/api/admin/groups', payload: { name: `Others ${tag()}` } })
    ).json().group;
    const confirm = (points: number, extra: Record<string, unknown> = {}) => ({
      stages: [{ kind: 'confirm', title: 'Do it', points, ...extra }],
    });
    const done = await makeChallenge(admin, { title: `Done once ${tag()}`, ...confirm(30) });
    const daily = await makeChallenge(admin, {
      title: `Daily ${tag()}`,
      repeat: { mode: 'daily', limit: 1 },
      ...confirm(30),
    });
    const waiting = await makeChallenge(admin, { title: `Waiting ${tag()}`, ...confirm(500, { needsReview: true }) });
    const locked = await makeChallenge(admin, {
      title: `Locked ${tag()}`,
      prerequisites: { minLevelRank: 2 },
      ...confirm(500),
    });
    const notMine = await makeChallenge(admin, {
      title: `Not for me ${tag()}`,
      targeting: { includeGroupIds: [group.id] },
      ...confirm(400),
    });
    await adjust(m.member.id, 40);
    expect((await complete(m, done.id)).statusCode).toBe(201);
    expect((await complete(m, daily.id)).statusCode).toBe(201);
    expect((await complete(m, waiting.id)).json().completion.status).toBe('pending');
    // Lifetime 100 now: 100 points to the next level (200).
    const levelsUp = await makeChallenge(admin, { title: `Levels up ${tag()}`, ...confirm(120) });
    const exact = await makeChallenge(admin, { title: `Exactly ${tag()}`, expireAt: hours(24 * 30), ...confirm(100) });
    const soon = await makeChallenge(admin, { title: `Soon ${tag()}`, expireAt: hours(24), ...confirm(10) });
    const small = await makeChallenge(admin, { title: `Small ${tag()}`, ...confirm(60) });

    const h = await home(m);
    expect(h.level).toMatchObject({ lifetime: 100, pointsToNext: 100, percent: 50 });
    expect(h.level.current?.name).toBe('Insider');
    expect(h.level.next?.name).toBe('Advocate');
    expect(h.next.map((c) => c.id)).toEqual([exact.id, levelsUp.id, soon.id]);
    expect(h.next.map((c) => c.reason)).toEqual(['levels_up', 'levels_up', 'expires_soon']);
    const shown = new Set(h.next.map((c) => c.id));
    for (const c of [done, daily, waiting, locked, notMine, small]) expect(shown.has(c.id)).toBe(false);
    // What the next level opens: the locked challenge (visible to this member) and nothing untargeted.
    expect(h.level.unlocks).toContainEqual({ kind: 'challenge', id: locked.id, name: expect.any(String) });
    expect(h.level.unlocks.map((u) => u.id)).not.toContain(notMine.id);
  });

  it('rewards I can afford now: published, in stock, within my balance and level', async () => {
    const m = await signedIn(t);
    await adjust(m.member.id, 100);
    const cheap = await makeReward(admin, { cost: 50 });
    const exact = await makeReward(admin, { cost: 100 });
    const pricey = await makeReward(admin, { cost: 150 });
    const soldOut = await makeReward(admin, { cost: 10, stock: 0 });
    const draft = await makeReward(admin, { cost: 10, status: 'draft' });
    const gated = await makeReward(admin, { cost: 20, minLevelRank: 2 });
    const h = await home(m);
    const ids = h.affordable.map((r) => r.id);
    expect(ids).toContain(cheap.id);
    expect(ids).toContain(exact.id);
    for (const r of [pricey, soldOut, draft, gated]) expect(ids).not.toContain(r.id);
    expect(h.level.unlocks).toContainEqual({ kind: 'reward', id: gated.id, name: gated.name });
    expect(h.balance).toBe(100);
  });

  it('"N points to pass" names the nearest member above, skipping a hidden one; an anonymous one by alias', async () => {
    const me = await signedIn(t, { name: `Me ${tag()}` });
    const hidden = await createMember(t.database, { name: `Hidden ${tag()}` });
    const named = await createMember(t.database, { name: `Named ${tag()}` });
    await iso.database.db.execute(
      sql`update members set leaderboard_visibility = 'hidden' where id = ${hidden.id}::uuid`,
    );
    // Far above everyone else of this file, so the nearest above me is one of these two.
    await adjust(named.id, 10_000);
    await adjust(hidden.id, 10_100);
    await adjust(me.member.id, 9_000);
    const h = await home(me, (x) => x.standing?.points === 9_000 && x.standing.toPass?.points === 1_001);
    expect(h.standing).toMatchObject({ points: 9_000, rank: 2, toPass: { name: named.name, points: 1_001 } });

    await iso.database.db.execute(
      sql`update members set leaderboard_visibility = 'anonymous' where id = ${named.id}::uuid`,
    );
    const alias = (
      await iso.database.db.execute<{ a: number }>(
        sql`select alias_number as a from members where id = ${named.id}::uuid`,
      )
    ).rows[0]!.a;
    const again = await home(me, (x) => x.standing?.toPass?.name !== named.name);
    expect(again.standing?.toPass).toEqual({ name: `Advocate #${alias}`, points: 1_001 });
  });

  it('the community feed shows others’ achievements: anonymous ones by alias, hidden ones not at all', async () => {
    const viewer = await signedIn(t);
    const [shown, anon, hidden] = await Promise.all(
      ['Shown', 'Anon', 'Hidden'].map((n) => signedIn(t, { name: `${n} ${tag()}` })),
    );
    await iso.database.db.execute(
      sql`update members set leaderboard_visibility = 'anonymous' where id = ${anon!.member.id}::uuid`,
    );
    await iso.database.db.execute(
      sql`update members set leaderboard_visibility = 'hidden' where id = ${hidden!.member.id}::uuid`,
    );
    const c = await makeChallenge(admin, { title: `Feed ${tag()}` });
    for (const m of [shown!, anon!, hidden!]) expect((await complete(m, c.id)).statusCode).toBe(201);
    // Reaching a level is news too (recorded when the level.reached event is delivered).
    await adjust(shown!.member.id, 200);
    await adjust(hidden!.member.id, 200);
    await t.app.outbox.drain();
    const feed = (await home(viewer)).feed.filter((f) => f.kind === 'challenge' && f.text.includes('Feed'));
    const names = feed.map((f) => f.name);
    expect(names).toContain(shown!.member.name);
    expect(names).not.toContain(anon!.member.name);
    expect(names).not.toContain(hidden!.member.name);
    expect(feed.find((f) => f.anonymous)?.name).toMatch(/^Advocate #\d+$/);
    expect(feed).toHaveLength(2);
    const levels = (await home(viewer)).feed.filter((f) => f.kind === 'level');
    expect(levels).toContainEqual(expect.objectContaining({ name: shown!.member.name, text: 'reached Advocate' }));
    expect(levels.map((f) => f.name)).not.toContain(hidden!.member.name);
    // My own achievements are not news to me.
    expect((await home(shown!)).feed.map((f) => f.name)).not.toContain(shown!.member.name);
  });

  it('the streak counts consecutive program weeks, this one once it has a completion, across a DST change', async () => {
    const m = await signedIn(t);
    const c = await makeChallenge(admin, { title: `Weekly ${tag()}`, repeat: { mode: 'times', limit: 10 } });
    const at = async (iso8601: string) => {
      clockAt = new Date(iso8601);
      const r = await complete(m, c.id);
      expect(r.statusCode, r.body).toBe(201);
    };
    try {
      // New York leaves summer time on Sunday 1 Nov 2026. Weeks run Monday to Sunday there.
      await at('2026-10-13T16:00:00Z'); // Tue 13 Oct, week of 12 Oct
      await at('2026-10-20T16:00:00Z'); // Tue 20 Oct, week of 19 Oct
      // Sun 1 Nov 23:30 in New York (EST) is Monday 2 Nov in UTC: it belongs to the week of 26 Oct.
      await at('2026-11-02T04:30:00Z');
      clockAt = new Date('2026-11-04T15:00:00Z'); // Wed 4 Nov: nothing yet this week
      expect((await home(m)).streak).toEqual({ weeks: 3, thisWeek: false });
      await at('2026-11-04T15:00:00Z');
      expect((await home(m)).streak).toEqual({ weeks: 4, thisWeek: true });
      // Two weeks later with nothing since: the streak is over.
      clockAt = new Date('2026-11-18T15:00:00Z');
      expect((await home(m)).streak).toEqual({ weeks: 0, thisWeek: false });
    } finally {
      clockAt = null;
    }
  });

  it('shows the "how it works" explainer to a new member until it is dismissed', async () => {
    const m = await signedIn(t);
    expect((await home(m)).showIntro).toBe(true);
    const r = await m.as({ method: 'POST', url: '/api/me/home/intro/dismiss', payload: {} });
    expect(r.statusCode, r.body).toBe(200);
    expect((await home(m)).showIntro).toBe(false);
    expect((await m.as({ method: 'GET', url: '/api/me' })).json().homeIntroDismissedAt).toEqual(expect.any(String));
  });
});

describe('staff view as advocate', () => {
  it('admins and moderators without the advocate role read the advocate side but earn and spend nothing', async () => {
    const c = await makeChallenge(admin, { title: `Staff view ${tag()}` });
    const w = await makeReward(admin, { cost: 1 });
    for (const roles of [['admin'], ['moderator']] as const) {
      const staff = await signedIn(t, { roles: [...roles] });
      const h = await staff.as({ method: 'GET', url: '/api/me/home' });
      expect(h.statusCode, h.body).toBe(200);
      expect(h.json().standing).toBeNull();
      expect(h.json().next).toHaveLength(3);
      const list = await staff.as({ method: 'GET', url: '/api/challenges' });
      expect(list.statusCode).toBe(200);
      expect(list.json().challenges.map((x: { id: string }) => x.id)).toContain(c.id);
      expect((await staff.as({ method: 'GET', url: `/api/challenges/${c.id}` })).statusCode).toBe(200);
      expect((await staff.as({ method: 'GET', url: '/api/rewards' })).statusCode).toBe(200);
      const earn = await complete(staff, c.id);
      expect(earn.statusCode).toBe(403);
      const spend = await staff.as({
        method: 'POST',
        url: `/api/rewards/${w.id}/redemptions`,
        payload: {},
        headers: { 'idempotency-key': crypto.randomUUID() },
      });
      expect(spend.statusCode).toBe(403);
      const me = (await staff.as({ method: 'GET', url: '/api/me' })).json();
      expect(me).toMatchObject({ balance: 0, lifetime: 0 });
    }
  });
});

describe('self-service profile', () => {
  it('PATCH /api/me changes my own fields, refuses the ones the program manages and validates the rest', async () => {
    const m = await signedIn(t, { name: 'Old Name' });
    const ok = await m.as({
      method: 'PATCH',
      url: '/api/me',
      payload: {
        name: '  New Name ',
        company: 'Acme',
        title: 'CTO',
        timezone: 'europe/paris',
        leaderboardVisibility: 'anonymous',
      },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      name: 'New Name',
      company: 'Acme',
      title: 'CTO',
      timezone: 'Europe/Paris',
      leaderboardVisibility: 'anonymous',
    });

    // Industry is not member-editable by default: the whole request is refused, nothing changes.
    const refused = await m.as({ method: 'PATCH', url: '/api/me', payload: { name: 'Other', industry: 'Retail' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({
      code: 'members.field_not_editable',
      details: { fields: { industry: expect.any(String) } },
    });
    expect((await m.as({ method: 'GET', url: '/api/me' })).json().name).toBe('New Name');

    for (const payload of [{ trusted: true }, { email: 'x@y.z' }, { balance: 5 }, { tags: ['vip'] }, { name: '' }]) {
      const r = await m.as({ method: 'PATCH', url: '/api/me', payload });
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
      expect(r.json().error.code).toBe('validation.failed');
    }
    const tz = await m.as({ method: 'PATCH', url: '/api/me', payload: { timezone: 'Mars/Olympus' } });
    expect(tz.statusCode).toBe(422);
    expect(tz.json().error.code).toBe('members.invalid_timezone');
    const row = (
      await iso.database.db.execute<{ trusted: boolean; email: string }>(
        sql`select trusted, email from members where id = ${m.member.id}::uuid`,
      )
    ).rows[0]!;
    expect(row.email).toBe(m.member.email);

    // The program lets members edit their industry instead of their company.
    const setting = await admin.as({
      method: 'PATCH',
      url: '/api/admin/program',
      payload: { memberEditableFields: ['title', 'industry'] },
    });
    expect(setting.statusCode, setting.body).toBe(200);
    expect(setting.json().program.memberEditableFields).toEqual(['title', 'industry']);
    try {
      const now = await m.as({ method: 'PATCH', url: '/api/me', payload: { industry: 'Retail' } });
      expect(now.statusCode, now.body).toBe(200);
      expect(now.json().industry).toBe('Retail');
      const company = await m.as({ method: 'PATCH', url: '/api/me', payload: { company: 'Other' } });
      expect(company.statusCode).toBe(400);
      expect(company.json().error.code).toBe('members.field_not_editable');
    } finally {
      await admin.as({
        method: 'PATCH',
        url: '/api/admin/program',
        payload: { memberEditableFields: ['company', 'title'] },
      });
    }
  });

  it('a password change ends every other session and keeps this one signed in', async () => {
    const member = await createMember(t.database);
    const here = await login(t.app, member.email);
    const there = await login(t.app, member.email);
    const as = (jar: Record<string, string>, method: 'GET' | 'POST', url: string, payload?: unknown) =>
      t.app.inject({ method, url, payload: payload as object, headers: { cookie: cookieHeader(jar) } });

    const wrong = await as(here, 'POST', '/api/me/password', {
      currentPassword: 'not-it',
      newPassword: 'a-new-secret-1',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('auth.wrong_password');
    const weak = await as(here, 'POST', '/api/me/password', { currentPassword: member.password, newPassword: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error).toMatchObject({
      code: 'auth.password_policy',
      details: { fields: { newPassword: expect.any(String) } },
    });

    const ok = await as(here, 'POST', '/api/me/password', {
      currentPassword: member.password,
      newPassword: 'a-brand-new-secret',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ ok: true, sessionsEnded: 1 });

    // The other session: its access token and its refresh token are both done.
    expect((await as(there, 'GET', '/api/me')).statusCode).toBe(401);
    expect((await as(there, 'POST', '/api/auth/refresh')).statusCode).toBe(401);
    // This one still works, and still refreshes.
    expect((await as(here, 'GET', '/api/me')).statusCode).toBe(200);
    const refreshed = await as(here, 'POST', '/api/auth/refresh');
    expect(refreshed.statusCode).toBe(200);
    expect((await as({ ...here, ...cookiesOf(refreshed) }, 'GET', '/api/me')).statusCode).toBe(200);
    // The new password signs in; the old one no longer does.
    await login(t.app, member.email, 'a-brand-new-secret');
    const old = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: member.email, password: member.password },
    });
    expect(old.statusCode).toBe(401);
  });

  it('wrong current passwords are throttled like sign-ins', async () => {
    const m = await signedIn(t);
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) {
      const r = await m.as({
        method: 'POST',
        url: '/api/me/password',
        payload: { currentPassword: `wrong-${i}`, newPassword: 'a-brand-new-secret' },
      });
      codes.push(r.statusCode);
    }
    expect(codes.slice(0, 10).every((c) => c === 400)).toBe(true);
    expect(codes[10]).toBe(429);
  });
});

describe('points notifications', () => {
  it('20 parallel auto-approved completions make one grouped unread notification whose total is the points', async () => {
    const m = await signedIn(t);
    const challenges = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        makeChallenge(admin, {
          title: `Burst ${i} ${tag()}`,
          stages: [{ kind: 'confirm', title: 'Do it', points: 5 + i }],
        }),
      ),
    );
    const results = await Promise.all(challenges.map((c) => complete(m, c.id)));
    expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    const total = challenges.reduce((n, _c, i) => n + 5 + i, 0);
    await t.app.outbox.drain();
    const rows = (
      await iso.database.db.execute<{
        kind: string;
        title: string;
        data: { total: number; events: number; challenges: unknown[] };
      }>(
        sql`select kind, title, data from notifications where member_id = ${m.member.id}::uuid and group_key like 'points:%'`,
      )
    ).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.data.total).toBe(total);
    expect(rows[0]!.data.events).toBe(20);
    expect(rows[0]!.data.challenges).toHaveLength(20);
    expect(rows[0]!.title).toBe(`You earned ${total} points from 20 challenges`);
    expect(rows[0]!.kind).toBe('points.grouped');
    const me = (await m.as({ method: 'GET', url: '/api/me' })).json();
    expect(me.lifetime).toBe(total);

    // Once read, the next change starts a new notification.
    await m.as({ method: 'POST', url: '/api/me/notifications/read', payload: {} });
    await adjust(m.member.id, 15);
    await t.app.outbox.drain();
    const notes = (await m.as({ method: 'GET', url: '/api/me/notifications' })).json();
    expect(notes.unread).toBe(1);
    expect(notes.notifications[0]).toMatchObject({
      kind: 'points.adjusted',
      title: 'The program team gave you 15 points',
      body: 'Test',
    });
  });

  it('a reviewed approval is told on its own; a reversal and an adjustment after it merge while unread', async () => {
    const m = await signedIn(t);
    const title = `Reviewed ${tag()}`;
    const c = await makeChallenge(admin, {
      title,
      stages: [{ kind: 'confirm', title: 'Do it', points: 40, needsReview: true }],
    });
    const sub = (await complete(m, c.id)).json().completion;
    const approved = await admin.as({
      method: 'POST',
      url: `/api/admin/reviews/${sub.id}`,
      payload: { decision: 'approve' },
    });
    expect(approved.statusCode, approved.body).toBe(200);
    await t.app.outbox.drain();
    let notes = (await m.as({ method: 'GET', url: '/api/me/notifications' })).json().notifications;
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({
      kind: 'completion.approved',
      title: `Approved: ${title}`,
      body: 'You earned 40 points.',
      link: `/challenges/${c.id}`,
    });
    const reversed = await admin.as({
      method: 'POST',
      url: `/api/admin/completions/${sub.id}/reverse`,
      payload: { reason: 'Duplicate' },
    });
    expect(reversed.statusCode, reversed.body).toBeLessThan(300);
    await adjust(m.member.id, 25);
    await t.app.outbox.drain();
    notes = (await m.as({ method: 'GET', url: '/api/me/notifications' })).json().notifications;
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatchObject({
      kind: 'points.grouped',
      title: 'You lost 15 points',
      body: '2 changes to your points: +25 points, −40 points.',
      link: '/profile',
    });
    expect(notes[1]).toMatchObject({ kind: 'completion.approved', title: `Approved: ${title}` });
  });

  it('a member who turned points off in-app gets no grouped points notification', async () => {
    const m = await signedIn(t);
    const prefs = { topics: { points: { inApp: false } } };
    const off = await m.as({ method: 'PUT', url: '/api/me/notification-preferences', payload: prefs });
    expect(off.statusCode, off.body).toBe(200);
    await adjust(m.member.id, 25);
    await t.app.outbox.drain();
    expect((await m.as({ method: 'GET', url: '/api/me/notifications' })).json().notifications).toEqual([]);
    const on = await m.as({ method: 'PUT', url: '/api/me/notification-preferences', payload: { topics: {} } });
    expect(on.statusCode, on.body).toBe(200);
    await adjust(m.member.id, 10);
    await t.app.outbox.drain();
    const notes = (await m.as({ method: 'GET', url: '/api/me/notifications' })).json().notifications;
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ kind: 'points.adjusted', title: 'The program team gave you 10 points' });
  });

  it('a donation’s approval does not say it is on its way', async () => {
    const m = await signedIn(t, { trusted: false });
    await adjust(m.member.id, 100);
    const w = await makeReward(admin, { type: 'donation', cost: 10 });
    const r = await m.as({
      method: 'POST',
      url: `/api/rewards/${w.id}/redemptions`,
      payload: {},
      headers: { 'idempotency-key': crypto.randomUUID() },
    });
    expect(r.statusCode, r.body).toBe(201);
    const d = await admin.as({
      method: 'POST',
      url: `/api/admin/redemptions/${r.json().redemption.id}`,
      payload: { decision: 'approve' },
    });
    expect(d.statusCode, d.body).toBe(200);
    await t.app.outbox.drain();
    const rows = (
      await iso.database.db.execute<{ title: string; body: string }>(
        sql`select title, body from notifications where member_id = ${m.member.id}::uuid and kind = 'redemption.approved'`,
      )
    ).rows;
    expect(rows).toEqual([{ title: `Approved: ${w.name}`, body: 'Your donation will be made on your behalf.' }]);
  });
});
