import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, sql } from '../../server/src/db/kit.js';
import type { BuildOptions } from '../../server/src/app.js';
import {
  cookieHeader,
  createMember,
  createTestApp,
  isolatedDatabase,
  login,
  makeChallenge,
  makeReward,
  signedIn,
  uniqueEmail,
  type TestApp,
} from './helpers.js';
import { freePort, linkIn, TestSmtp } from './smtp.js';

// A database of its own: no other test file's email worker may send (or keep) these messages.
let iso: Awaited<ReturnType<typeof isolatedDatabase>>;
beforeAll(async () => {
  iso = await isolatedDatabase();
});
afterAll(async () => {
  await iso?.drop();
});

/** Short waits: retries every second, sweeps every 300 ms. */
const FAST: BuildOptions['email'] = {
  pollIntervalMs: 100,
  sweepIntervalMs: 300,
  sweepGraceMs: 100,
  retryDelaySeconds: 1,
  retryBackoff: false,
  retryLimit: 60,
  digestCron: null,
};

const app = (env: Record<string, string> = {}, email: BuildOptions['email'] = {}) =>
  createTestApp(
    {
      database: createDatabase(iso.url, { warn: () => {} }, { max: 10 }),
      email: { ...FAST, ...email },
      outbox: { pollIntervalMs: 100 },
    },
    env,
  );

async function rows(t: TestApp, where: ReturnType<typeof sql>) {
  const r = await t.database.db.execute<{
    id: string;
    to: string;
    kind: string;
    status: string;
    attempts: number;
    last_error: string | null;
  }>(sql`select id, "to", kind, status, attempts, last_error from email_messages where ${where}`);
  return r.rows;
}

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await what();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('password reset by email', () => {
  it('an advocate resets a forgotten password end to end; the link works once and every old session ends', async () => {
    const smtp = await TestSmtp.start();
    const t = await app({ SMTP_URL: smtp.url });
    try {
      const m = await signedIn(t);
      const forgot = await t.app.inject({
        method: 'POST',
        url: '/api/auth/password/forgot',
        payload: { email: m.member.email.toUpperCase() },
      });
      expect(forgot.statusCode).toBe(202);

      const [mail] = await smtp.waitFor(1, (x) => x.to.includes(m.member.email));
      expect(mail!.subject).toMatch(/reset/i);
      expect(mail!.html).toContain('/reset-password/');
      const { token } = linkIn(mail!.text, '/reset-password/');
      // The real message id travels as the Message-ID header.
      const [row] = await rows(t, sql`member_id = ${m.member.id} and kind = 'password_reset'`);
      expect(mail!.messageId).toBe(`<${row!.id}@hub.test>`);
      expect(row!.status).toBe('sent');

      const reset = await t.app.inject({
        method: 'POST',
        url: '/api/auth/password/reset',
        payload: { token, password: 'a-brand-new-passphrase' },
      });
      expect(reset.statusCode).toBe(200);

      const refresh = await t.app.inject({
        method: 'POST',
        url: '/api/auth/refresh',
        headers: { cookie: cookieHeader(m.jar) },
      });
      expect(refresh.statusCode).toBe(401);
      const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: cookieHeader(m.jar) } });
      expect(me.statusCode).toBe(401);

      await expect(login(t.app, m.member.email)).rejects.toThrow(/401/);
      await login(t.app, m.member.email, 'a-brand-new-passphrase');

      const again = await t.app.inject({
        method: 'POST',
        url: '/api/auth/password/reset',
        payload: { token, password: 'yet-another-passphrase' },
      });
      expect(again.statusCode).toBe(400);
      expect(again.json().error.code).toBe('auth.reset_token_invalid');
      const forged = await t.app.inject({
        method: 'POST',
        url: '/api/auth/password/reset',
        payload: { token: 'x'.repeat(43), password: 'yet-another-passphrase' },
      });
      expect(forged.json().error.code).toBe('auth.reset_token_invalid');
    } finally {
      await t.close();
      await smtp.stop();
    }
  });

  it('an unknown address gets the identical answer and no email is written', async () => {
    const smtp = await TestSmtp.start();
    const t = await app({ SMTP_URL: smtp.url });
    try {
      const known = await createMember(t.database);
      const unknown = uniqueEmail('nobody');
      const ask = (email: string) =>
        t.app.inject({ method: 'POST', url: '/api/auth/password/forgot', payload: { email } });
      const a = await ask(known.email);
      const b = await ask(unknown);
      expect(b.statusCode).toBe(a.statusCode);
      expect(b.body).toBe(a.body);
      await smtp.waitFor(1, (x) => x.to.includes(known.email));
      await t.app.email.queue.drain();
      expect(await rows(t, sql`"to" = ${unknown}`)).toEqual([]);
      expect(smtp.to(unknown)).toEqual([]);
    } finally {
      await t.close();
      await smtp.stop();
    }
  });
});

describe('invites by email', () => {
  it('an admin invites 200 members in one bulk action and all 200 messages arrive', async () => {
    const smtp = await TestSmtp.start();
    const t = await app({ SMTP_URL: smtp.url });
    try {
      const admin = await signedIn(t, { roles: ['admin'] });
      const existing = await createMember(t.database);
      const tag = crypto.randomBytes(4).toString('hex');
      const emails = Array.from({ length: 200 }, (_, i) => `bulk-${tag}-${i}@test.example`);
      const pasted = [...emails, emails[0], existing.email, 'not an address'].join('\n');
      const res = await admin.as({ method: 'POST', url: '/api/admin/invites/bulk', payload: { emails: pasted } });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.created).toBe(200);
      expect(body.skipped).toBe(2);
      expect(body.invalid).toBe(1);
      expect(body.results.find((r: { email: string }) => r.email === existing.email).reason).toBe('already_member');

      const got = await smtp.waitFor(200, (m) => m.to.some((a) => a.startsWith(`bulk-${tag}-`)), 60_000);
      expect(new Set(got.flatMap((m) => m.to)).size).toBe(200);
      for (const m of got.slice(0, 3)) expect(linkIn(m.text, '/invite/').token.length).toBeGreaterThan(20);
      // A message reaches the SMTP server before its row is marked sent (the sender commits after the
      // server's 250): wait for the last rows, then every one of the 200 is sent, once.
      const sent = await until(
        () => rows(t, sql`kind = 'invite' and "to" like ${`bulk-${tag}-%`}`),
        (r) => r.filter((x) => x.status === 'sent').length >= 200,
      );
      expect(sent.filter((r) => r.status === 'sent')).toHaveLength(200);
      expect(sent).toHaveLength(200);
    } finally {
      await t.close();
      await smtp.stop();
    }
  });

  it('one invite is emailed; a resend rotates the link and emails it again; sendEmail false only returns the link', async () => {
    const smtp = await TestSmtp.start();
    const t = await app({ SMTP_URL: smtp.url });
    try {
      const admin = await signedIn(t, { roles: ['admin'] });
      const email = uniqueEmail('invitee');
      const first = await admin.as({ method: 'POST', url: '/api/admin/invites', payload: { email, name: 'Ina <b>' } });
      expect(first.statusCode).toBe(201);
      const [mail] = await smtp.waitFor(1, (m) => m.to.includes(email));
      expect(linkIn(mail!.text, '/invite/').url).toBe(first.json().inviteUrl);
      expect(mail!.html).toContain('Ina &lt;b&gt;');
      expect(mail!.html).not.toContain('Ina <b>');

      const resent = await admin.as({ method: 'POST', url: `/api/admin/invites/${first.json().invite.id}/resend` });
      expect(resent.statusCode).toBe(200);
      expect(resent.json().inviteUrl).not.toBe(first.json().inviteUrl);
      const both = await smtp.waitFor(2, (m) => m.to.includes(email));
      expect(linkIn(both[1]!.text, '/invite/').url).toBe(resent.json().inviteUrl);
      const oldToken = first.json().inviteUrl.split('/').pop();
      expect((await t.app.inject({ method: 'GET', url: `/api/auth/invites/${oldToken}` })).statusCode).toBe(404);

      const open = await admin.as({ method: 'GET', url: `/api/admin/invites?q=${encodeURIComponent(email)}` });
      expect(open.json().invites).toMatchObject([{ email, sendCount: 2 }]);

      const quiet = uniqueEmail('quiet');
      const q = await admin.as({
        method: 'POST',
        url: '/api/admin/invites',
        payload: { email: quiet, sendEmail: false },
      });
      expect(q.statusCode).toBe(201);
      await t.app.email.queue.drain();
      expect(await rows(t, sql`"to" = ${quiet}`)).toEqual([]);
    } finally {
      await t.close();
      await smtp.stop();
    }
  });
});

describe('delivery', () => {
  it('while SMTP is down messages wait; once it is back they all arrive exactly once', async () => {
    const port = await freePort();
    const t = await app({ SMTP_URL: `smtp://127.0.0.1:${port}` });
    const smtp = new TestSmtp(port);
    try {
      const admin = await signedIn(t, { roles: ['admin'] });
      const tag = crypto.randomBytes(4).toString('hex');
      const emails = Array.from({ length: 5 }, (_, i) => `down-${tag}-${i}@test.example`);
      const res = await admin.as({
        method: 'POST',
        url: '/api/admin/invites/bulk',
        payload: { invites: emails.map((email) => ({ email })) },
      });
      expect(res.json().created).toBe(5);
      const mine = sql`"to" like ${`down-${tag}-%`}`;
      const tried = await until(
        () => rows(t, mine),
        (r) => r.length === 5 && r.every((x) => x.attempts >= 2),
      );
      expect(tried.every((x) => x.status === 'queued' && x.last_error)).toBe(true);

      await smtp.start();
      await smtp.waitFor(5, (m) => m.to.some((a) => a.startsWith(`down-${tag}-`)));
      await until(
        () => rows(t, mine),
        (r) => r.every((x) => x.status === 'sent'),
      );
      // A little longer: no retry sends any of them twice.
      await new Promise((r) => setTimeout(r, 1500));
      const got = smtp.messages.filter((m) => m.to.some((a) => a.startsWith(`down-${tag}-`)));
      expect(got).toHaveLength(5);
      expect(new Set(got.map((m) => m.to[0])).size).toBe(5);
    } finally {
      await t.close();
      await smtp.stop();
    }
  });

  it('a message whose retries ran out is failed; an admin retries it and it goes out', async () => {
    const port = await freePort();
    const t = await app({ SMTP_URL: `smtp://127.0.0.1:${port}` }, { retryLimit: 0 });
    const smtp = new TestSmtp(port);
    try {
      const admin = await signedIn(t, { roles: ['admin'] });
      const email = uniqueEmail('retry');
      await admin.as({ method: 'POST', url: '/api/admin/invites', payload: { email } });
      const [failed] = await until(
        () => rows(t, sql`"to" = ${email}`),
        (r) => r[0]?.status === 'failed',
      );
      const list = await admin.as({ method: 'GET', url: `/api/admin/email/messages?status=failed&q=${email}` });
      expect(list.json().messages.map((m: { id: string }) => m.id)).toEqual([failed!.id]);
      await smtp.start();
      const retried = await admin.as({ method: 'POST', url: `/api/admin/email/messages/${failed!.id}/retry` });
      expect(retried.statusCode).toBe(200);
      await smtp.waitFor(1, (m) => m.to.includes(email));
      const again = await admin.as({ method: 'POST', url: `/api/admin/email/messages/${failed!.id}/retry` });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('email.not_failed');
    } finally {
      await t.close();
      await smtp.stop();
    }
  });

  it('without SMTP_URL messages are stored and shown in the outbox', async () => {
    const t = await app();
    try {
      const admin = await signedIn(t, { roles: ['admin'] });
      const email = uniqueEmail('stored');
      await admin.as({ method: 'POST', url: '/api/admin/invites', payload: { email } });
      await t.app.email.queue.drain();
      const list = await admin.as({ method: 'GET', url: `/api/admin/email/messages?q=${encodeURIComponent(email)}` });
      expect(list.statusCode).toBe(200);
      const [summary] = list.json().messages;
      expect(summary).toMatchObject({ to: email, kind: 'invite', status: 'stored', sentAt: null });
      const one = await admin.as({ method: 'GET', url: `/api/admin/email/messages/${summary.id}` });
      expect(one.json().message.headers['Message-ID']).toBe(`<${summary.id}@hub.test>`);
      expect(one.json().message.text).toContain('/invite/');
      expect(one.json().message.html).toContain('<html');
      const stored = await admin.as({ method: 'GET', url: '/api/admin/email/messages?status=stored&limit=1' });
      expect(stored.json().messages).toHaveLength(1);
      const advocate = await signedIn(t);
      expect((await advocate.as({ method: 'GET', url: '/api/admin/email/messages' })).statusCode).toBe(403);
    } finally {
      await t.close();
    }
  });
});

describe('preferences and unsubscribe', () => {
  it('one click on an unsubscribe link turns the digest off; a forged signature is refused', async () => {
    const smtp = await TestSmtp.start();
    const t = await app({ SMTP_URL: smtp.url });
    try {
      const admin = await signedIn(t, { roles: ['admin'] });
      const m = await createMember(t.database);
      const digest = await admin.as({ method: 'POST', url: '/api/admin/email/digest', payload: { memberId: m.id } });
      expect(digest.json().queued).toBe(1);
      const [mail] = await smtp.waitFor(1, (x) => x.to.includes(m.email));
      expect(mail!.subject).toMatch(/you have 0 points|you are #/);
      const header = (key: string) => mail!.raw.headerLines.find((h) => h.key === key)?.line ?? '';
      expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
      const url = new URL(/<([^>]+)>/.exec(header('list-unsubscribe'))![1]!);
      expect(url.pathname).toBe('/unsubscribe');

      const forged = new URL(url);
      forged.searchParams.set('m', crypto.randomUUID());
      const bad = await t.app.inject({
        method: 'POST',
        url: forged.pathname + forged.search,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'List-Unsubscribe=One-Click',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('email.unsubscribe_invalid');
      const otherTopic = await t.app.inject({
        method: 'POST',
        url: '/api/email/unsubscribe',
        payload: { m: m.id, t: 'reviews', s: url.searchParams.get('s') },
      });
      expect(otherTopic.json().error.code).toBe('email.unsubscribe_invalid');

      const ok = await t.app.inject({
        method: 'POST',
        url: url.pathname + url.search,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'List-Unsubscribe=One-Click',
      });
      expect(ok.statusCode).toBe(200);
      const session = await login(t.app, m.email);
      const prefs = await t.app.inject({
        method: 'GET',
        url: '/api/me/notification-preferences',
        headers: { cookie: cookieHeader(session) },
      });
      expect(prefs.json()).toMatchObject({ digest: false });
      const none = await admin.as({ method: 'POST', url: '/api/admin/email/digest', payload: { memberId: m.id } });
      expect(none.json().queued).toBe(0);
    } finally {
      await t.close();
      await smtp.stop();
    }
  });

  it('per-kind emails and in-app notifications follow the member’s preferences', async () => {
    const smtp = await TestSmtp.start();
    const t = await app({ SMTP_URL: smtp.url });
    try {
      const admin = await signedIn(t, { roles: ['admin'] });
      const m = await signedIn(t);
      await admin.as({
        method: 'POST',
        url: `/api/admin/members/${m.member.id}/adjustments`,
        payload: { points: 1000, reason: 'Funding' },
      });
      const reward = await makeReward(admin);
      const redeem = () =>
        m.as({
          method: 'POST',
          url: `/api/rewards/${reward.id}/redemptions`,
          payload: {},
          headers: { 'idempotency-key': crypto.randomUUID() },
        });
      const setPrefs = (payload: unknown) => m.as({ method: 'PUT', url: '/api/me/notification-preferences', payload });
      const inApp = async () =>
        (
          await t.database.db.execute<{ n: number }>(
            sql`select count(*)::int as n from notifications where member_id = ${m.member.id} and kind like 'redemption.%'`,
          )
        ).rows[0]!.n;

      expect((await setPrefs({ topics: { redemptions: { email: false } } })).statusCode).toBe(200);
      expect((await redeem()).statusCode).toBe(201);
      await t.app.outbox.drain();
      await t.app.email.queue.drain();
      expect(await rows(t, sql`member_id = ${m.member.id} and kind = 'redemption'`)).toEqual([]);
      expect(await inApp()).toBe(1);

      await setPrefs({ topics: { redemptions: { inApp: false, email: true } } });
      expect((await redeem()).statusCode).toBe(201);
      await t.app.outbox.drain();
      const [mail] = await smtp.waitFor(1, (x) => x.to.includes(m.member.email));
      expect(mail!.subject).toContain(reward.name);
      expect(mail!.text).toContain('/unsubscribe?');
      expect(await inApp()).toBe(1);
      const read = await m.as({ method: 'GET', url: '/api/me/notification-preferences' });
      expect(read.json()).toEqual({ topics: { redemptions: { inApp: false, email: true } } });
    } finally {
      await t.close();
      await smtp.stop();
    }
  });
});

describe('weekly digest', () => {
  it('is scheduled weekly in the program time zone; each run emails a member once a week, with what is new', async () => {
    const t = await app({ PROGRAM_TIMEZONE: 'Europe/Berlin' }, { digestCron: '0 9 * * 1' });
    try {
      const schedule = await t.database.db.execute<{ cron: string; timezone: string }>(
        sql`select cron, timezone from pgboss.schedule where name = 'email-digest'`,
      );
      expect(schedule.rows).toEqual([{ cron: '0 9 * * 1', timezone: 'Europe/Berlin' }]);
      const admin = await signedIn(t, { roles: ['admin'] });
      const challenge = await makeChallenge(admin, { title: `Fresh ${crypto.randomBytes(3).toString('hex')}` });
      const m = await createMember(t.database);
      const digests = () => rows(t, sql`member_id = ${m.id} and kind = 'digest'`);
      // What the schedule does each Monday: a job in the digest queue.
      const open = async () =>
        (
          await t.database.db.execute<{ n: number }>(
            sql`select count(*)::int as n from pgboss.job where name = 'email-digest' and state <> 'completed'`,
          )
        ).rows[0]!.n;
      for (let i = 0; i < 2; i++) {
        await t.database.db.execute(sql`insert into pgboss.job (name, data) values ('email-digest', '{}'::jsonb)`);
        await until(open, (n) => n === 0);
        await until(digests, (r) => r.length > 0 && r.every((x) => x.status === 'stored'));
      }
      const all = await digests();
      expect(all).toHaveLength(1);
      const row = all[0];
      const one = await admin.as({ method: 'GET', url: `/api/admin/email/messages/${row!.id}` });
      expect(one.json().message.text).toContain(`/challenges/${challenge.id}`);
      expect(one.json().message.subject).toMatch(/^\d+ new challenges? for you, you have 0 points$/);
      expect(one.json().message.headers['List-Unsubscribe']).toMatch(/\/unsubscribe\?m=.+&t=digest&s=/);
    } finally {
      await t.close();
    }
  });
});

describe('email change', () => {
  it('a new address is confirmed by the link sent to it; the old one is told; nothing changes before', async () => {
    const smtp = await TestSmtp.start();
    const t = await app({ SMTP_URL: smtp.url });
    try {
      const m = await signedIn(t);
      const newEmail = uniqueEmail('moved');
      const wrong = await m.as({ method: 'POST', url: '/api/me/email', payload: { newEmail, password: 'nope' } });
      expect(wrong.json().error.code).toBe('auth.password_incorrect');
      const taken = await createMember(t.database);
      const clash = await m.as({
        method: 'POST',
        url: '/api/me/email',
        payload: { newEmail: taken.email, password: m.member.password },
      });
      expect(clash.statusCode).toBe(409);
      expect(clash.json().error.code).toBe('members.email_taken');

      const ask = await m.as({
        method: 'POST',
        url: '/api/me/email',
        payload: { newEmail, password: m.member.password },
      });
      expect(ask.statusCode).toBe(202);
      const [confirm] = await smtp.waitFor(1, (x) => x.to.includes(newEmail));
      const [notice] = await smtp.waitFor(1, (x) => x.to.includes(m.member.email));
      expect(notice!.text).toContain(newEmail);
      expect((await m.as({ method: 'GET', url: '/api/me' })).json().email).toBe(m.member.email);

      const { token } = linkIn(confirm!.text, '/confirm-email/');
      const done = await t.app.inject({ method: 'POST', url: '/api/auth/email/confirm', payload: { token } });
      expect(done.statusCode).toBe(200);
      expect(done.json().email).toBe(newEmail);
      await login(t.app, newEmail);
      const reuse = await t.app.inject({ method: 'POST', url: '/api/auth/email/confirm', payload: { token } });
      expect(reuse.json().error.code).toBe('auth.email_token_invalid');
    } finally {
      await t.close();
      await smtp.stop();
    }
  });

  it('an address taken between request and confirmation is refused at confirmation', async () => {
    const t = await app();
    try {
      const m = await signedIn(t);
      const newEmail = uniqueEmail('race');
      const ask = await m.as({
        method: 'POST',
        url: '/api/me/email',
        payload: { newEmail, password: m.member.password },
      });
      expect(ask.statusCode).toBe(202);
      await t.app.email.queue.drain();
      const [row] = await t.database.db
        .execute<{ text: string }>(sql`select text from email_messages where "to" = ${newEmail}`)
        .then((r) => r.rows);
      await createMember(t.database, { email: newEmail });
      const { token } = linkIn(row!.text, '/confirm-email/');
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/email/confirm', payload: { token } });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('members.email_taken');
    } finally {
      await t.close();
    }
  });
});
