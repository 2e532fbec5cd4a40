import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { freePort } from '../../scripts/lib.mjs';
import { webhookEndpoints } from '../../server/src/db/kit.js';
import {
  complete,
  createMember,
  createTestApp,
  isolatedDatabase,
  makeChallenge,
  makeReward,
  PASSWORD,
  signedIn,
  uniqueEmail,
  type TestApp,
} from './helpers.js';
import { spawnHub, type HubProcess } from './hub-process.js';

// A real HTTP receiver on 127.0.0.1 (allowed by host:port) that verifies every delivery with the
// `standardwebhooks` package, as a receiver of the hub's webhooks would.

interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
  at: number;
}

/** How the receiver answers a path: a status (and body), or `hang` (never answers). */
type Behaviour = (n: number) => number | 'hang';

class Receiver {
  readonly received: Received[] = [];
  private readonly behaviours = new Map<string, Behaviour>();
  private readonly hanging: http.ServerResponse[] = [];
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      this.received.push({ path, headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const n = this.received.filter((r) => r.path === path).length;
      const answer = (this.behaviours.get(path) ?? (() => 200))(n);
      if (answer === 'hang') return void this.hanging.push(res);
      res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer < 300 ? 'thanks' : `nope ${answer}`);
    });
  });
  port = 0;

  async start() {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
  }
  url(path: string) {
    return `http://127.0.0.1:${this.port}${path}`;
  }
  on(path: string, b: Behaviour) {
    this.behaviours.set(path, b);
  }
  at(path: string) {
    return this.received.filter((r) => r.path === path);
  }
  async waitFor(path: string, count: number, timeoutMs = 15_000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.at(path).length < count) {
      if (Date.now() > deadline) throw new Error(`${path}: ${this.at(path).length} of ${count} deliveries arrived`);
      await new Promise((r) => setTimeout(r, 25));
    }
    return this.at(path);
  }
  async close() {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

const receiver = new Receiver();
let t: TestApp;
let admin: Awaited<ReturnType<typeof signedIn>>;
const SCHEDULE = [0, 150, 150, 150, 150, 150, 150, 150];

beforeAll(async () => {
  await receiver.start();
  t = await createTestApp({
    webhooks: {
      allowHosts: [`127.0.0.1:${receiver.port}`],
      schedule: SCHEDULE,
      pollIntervalMs: 100,
      sweepIntervalMs: 2_000,
      sweepGraceMs: 1_000,
      timeoutMs: 3_000,
    },
  });
  admin = await signedIn(t, { roles: ['admin'], name: 'Hook Admin' });
});
afterAll(async () => {
  await t?.close();
  await receiver.close();
});

async function createEndpoint(path: string, events: string[]) {
  const res = await admin.as({
    method: 'POST',
    url: '/api/admin/webhooks',
    payload: { url: receiver.url(path), events, description: `receiver ${path}` },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { webhook: { id: string; enabled: boolean }; secret: string };
}

function verify(secret: string, r: Received) {
  return new Webhook(secret).verify(r.body, r.headers) as {
    type: string;
    timestamp: string;
    data: Record<string, unknown>;
  };
}

async function deliveries(id: string) {
  const res = await admin.as({ method: 'GET', url: `/api/admin/webhooks/${id}/deliveries` });
  expect(res.statusCode).toBe(200);
  return res.json().deliveries as {
    id: string;
    msgId: string;
    status: string;
    attempts: number;
    lastHttpStatus: number | null;
    eventType: string;
    replayOf: string | null;
  }[];
}

describe('webhook endpoints', () => {
  it('a new endpoint answers its whsec_ secret once; lists never show it', async () => {
    const { webhook, secret } = await createEndpoint('/created', ['member.joined']);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    const list = await admin.as({ method: 'GET', url: '/api/admin/webhooks' });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(secret.slice(6));
    expect(list.json().webhooks.map((w: { id: string }) => w.id)).toContain(webhook.id);
    const one = await admin.as({ method: 'GET', url: `/api/admin/webhooks/${webhook.id}` });
    expect(one.json().webhook).toMatchObject({ id: webhook.id, enabled: true, events: ['member.joined'] });
  });

  it('an advocate may not see or manage webhooks', async () => {
    const ada = await signedIn(t);
    expect((await ada.as({ method: 'GET', url: '/api/admin/webhooks' })).statusCode).toBe(403);
  });

  it('refuses private, loopback and link-local targets unless their host:port is allowed', async () => {
    for (const url of [
      'http://127.0.0.1:1/hook',
      'http://10.1.2.3/hook',
      'http://192.168.1.10/hook',
      'http://172.20.0.5/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://100.64.0.1/hook',
      'http://[::1]/hook',
      'http://[fd00::1]/hook',
      'http://0.0.0.0/hook',
      `http://localhost:${receiver.port}/hook`,
      'ftp://example.com/hook',
    ]) {
      const res = await admin.as({
        method: 'POST',
        url: '/api/admin/webhooks',
        payload: { url, events: ['member.joined'] },
      });
      expect(res.statusCode, url).toBe(url.startsWith('ftp') ? 400 : 422);
      if (res.statusCode === 422) expect(res.json().error.code).toBe('webhooks.target_refused');
    }
    // And on update.
    const { webhook } = await createEndpoint('/moving', ['member.joined']);
    const moved = await admin.as({
      method: 'PATCH',
      url: `/api/admin/webhooks/${webhook.id}`,
      payload: { url: 'http://10.0.0.7/hook' },
    });
    expect(moved.statusCode).toBe(422);
    expect(moved.json().error.code).toBe('webhooks.target_refused');
  });

  it('the target is checked again at delivery time: a private address is never called', async () => {
    // A row saved before a rule changed (or by hand): the worker refuses it as it sends.
    const [row] = await t.database.db
      .insert(webhookEndpoints)
      .values({ url: 'http://10.9.8.7:9/hook', events: ['member.joined'], secret: `whsec_${'A'.repeat(43)}=` })
      .returning();
    const sent = await admin.as({ method: 'POST', url: `/api/admin/webhooks/${row!.id}/test` });
    expect(sent.statusCode).toBe(201);
    await t.app.webhookQueue.drain(15_000, [sent.json().delivery.id]);
    const [d] = await deliveries(row!.id);
    expect(d).toMatchObject({ status: 'failed', attempts: SCHEDULE.length, lastHttpStatus: null });
    expect((await admin.as({ method: 'GET', url: `/api/admin/webhooks/${row!.id}/deliveries` })).body).toContain(
      'WEBHOOK_ALLOW_HOSTS',
    );
  });

  it('127.0.0.1 is refused by a hub whose allow list does not name it', async () => {
    const strict = await createTestApp({ webhooks: { start: false } });
    try {
      const boss = await signedIn(strict, { roles: ['admin'] });
      const res = await boss.as({
        method: 'POST',
        url: '/api/admin/webhooks',
        payload: { url: receiver.url('/strict'), events: ['member.joined'] },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.message).toContain('WEBHOOK_ALLOW_HOSTS');
    } finally {
      await strict.close();
    }
  });
});

describe('events arrive signed per the Standard Webhooks spec', () => {
  it('an approved and a rejected completion reach a subscribed endpoint, each verified', async () => {
    const { webhook, secret } = await createEndpoint('/reviews', ['completion.approved', 'completion.rejected']);
    const c = await makeChallenge(admin, {
      title: 'Review us on G2',
      stages: [{ kind: 'confirm', title: 'Done', points: 120, needsReview: true }],
    });
    const maya = await signedIn(t, { name: 'Maya Webhook' });
    const ok = (await complete(maya, c.id)).json().completion.id as string;
    const c2 = await makeChallenge(admin, {
      stages: [{ kind: 'confirm', title: 'Done', points: 10, needsReview: true }],
    });
    const bad = (await complete(maya, c2.id)).json().completion.id as string;
    for (const [id, decision] of [
      [ok, 'approve'],
      [bad, 'reject'],
    ] as const) {
      const res = await admin.as({ method: 'POST', url: `/api/admin/reviews/${id}`, payload: { decision } });
      expect(res.statusCode).toBe(200);
    }
    await t.app.outbox.drain();
    const got = await t.app.webhookQueue.drain().then(() => receiver.waitFor('/reviews', 2));
    const messages = got.map((r) => verify(secret, r));
    const approved = messages.find((m) => m.type === 'completion.approved')!;
    expect(approved.data).toMatchObject({
      completionId: ok,
      challengeId: c.id,
      challengeTitle: 'Review us on G2',
      points: 120,
      member: { id: maya.member.id, email: maya.member.email, name: 'Maya Webhook' },
    });
    expect(messages.find((m) => m.type === 'completion.rejected')!.data.completionId).toBe(bad);
    for (const r of got) {
      expect(r.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
      expect(Math.abs(Number(r.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(30);
    }
    // A wrong secret does not verify.
    expect(() => verify(`whsec_${crypto.randomBytes(32).toString('base64')}`, got[0]!)).toThrow();
    const log = await deliveries(webhook.id);
    expect(log.map((d) => d.status)).toEqual(['succeeded', 'succeeded']);
    expect(log.every((d) => d.attempts === 1 && d.lastHttpStatus === 200)).toBe(true);
  });

  it('a member who joins with a join code is announced as member.joined (via join_code)', async () => {
    const { secret } = await createEndpoint('/joined', ['member.joined']);
    const code = await admin.as({ method: 'POST', url: '/api/admin/join-codes', payload: { label: 'Summit' } });
    expect(code.statusCode).toBe(201);
    const email = uniqueEmail('joiner');
    const joined = await t.app.inject({
      method: 'POST',
      url: '/api/auth/join',
      payload: { code: code.json().joinCode.code, email, name: 'Jo Joiner', password: 'joining-password-1' },
    });
    expect(joined.statusCode).toBe(201);
    await t.app.outbox.drain();
    const [r] = await receiver.waitFor('/joined', 1);
    const m = verify(secret, r!);
    expect(m.type).toBe('member.joined');
    expect(m.data).toMatchObject({ email, name: 'Jo Joiner', via: 'join_code' });
  });

  it('invites accepted, redemptions requested, referrals advanced and points awarded arrive too', async () => {
    const { secret } = await createEndpoint('/program', [
      'member.joined',
      'redemption.requested',
      'referral.advanced',
      'points.awarded',
    ]);
    // An invite accepted.
    const email = uniqueEmail('invitee');
    const invite = await admin.as({ method: 'POST', url: '/api/admin/invites', payload: { email, sendEmail: false } });
    expect(invite.statusCode).toBe(201);
    const token = (invite.json().inviteUrl as string).split('/').pop();
    const accepted = await t.app.inject({
      method: 'POST',
      url: '/api/auth/invites/accept',
      payload: { token, name: 'Ivy Invitee', password: 'invited-password-1' },
    });
    expect(accepted.statusCode).toBe(201);
    // Points given by an admin, then a reward requested with them.
    const rita = await signedIn(t, { name: 'Rita Redeemer' });
    const given = await admin.as({
      method: 'POST',
      url: `/api/admin/members/${rita.member.id}/adjustments`,
      payload: { points: 300, reason: 'Webinar speaker' },
    });
    expect(given.statusCode).toBe(201);
    const reward = await makeReward(admin, { name: 'Team lunch', cost: 100 });
    const redeemed = await rita.as({
      method: 'POST',
      url: `/api/rewards/${reward.id}/redemptions`,
      payload: {},
      headers: { 'idempotency-key': crypto.randomUUID() },
    });
    expect(redeemed.statusCode).toBe(201);
    // A referral moved on by an admin.
    await admin.as({
      method: 'POST',
      url: '/api/admin/referrals/campaigns',
      payload: { name: 'Hooks', isDefault: true, points: { submitted: 0, contacted: 0, qualified: 0, won: 0 } },
    });
    const referred = await rita.as({
      method: 'POST',
      url: '/api/referrals',
      payload: {
        prospect: { name: 'Pat Prospect', email: `pat-${crypto.randomBytes(3).toString('hex')}@prospect-co.test` },
        consent: true,
      },
      headers: { 'idempotency-key': crypto.randomUUID() },
    });
    expect(referred.statusCode, referred.body).toBe(201);
    const referralId = referred.json().referral.id as string;
    const moved = await admin.as({
      method: 'POST',
      url: `/api/admin/referrals/${referralId}/stage`,
      payload: { stage: 'contacted' },
    });
    expect(moved.statusCode, moved.body).toBe(200);

    await t.app.outbox.drain();
    const got = await receiver.waitFor('/program', 4);
    await t.app.webhookQueue.drain();
    const byType = new Map(receiver.at('/program').map((r) => [verify(secret, r).type, verify(secret, r).data]));
    expect(byType.get('member.joined')).toMatchObject({ email, name: 'Ivy Invitee', via: 'invite' });
    expect(byType.get('redemption.requested')).toMatchObject({
      rewardName: 'Team lunch',
      member: { id: rita.member.id, name: 'Rita Redeemer' },
    });
    expect(byType.get('referral.advanced')).toMatchObject({
      referralId,
      memberId: rita.member.id,
      from: 'submitted',
      to: 'contacted',
    });
    expect(byType.get('points.awarded')).toMatchObject({ memberId: rita.member.id, delta: 300 });
    expect(got.length).toBeGreaterThanOrEqual(4);
  });

  it('an endpoint not subscribed to a type gets nothing of it', async () => {
    await createEndpoint('/only-badges', ['badge.granted']);
    const c = await makeChallenge(admin);
    const m = await signedIn(t);
    expect((await complete(m, c.id)).statusCode).toBe(201);
    await t.app.outbox.drain();
    await t.app.webhookQueue.drain();
    expect(receiver.at('/only-badges')).toHaveLength(0);
  });
});

describe('retries, 410, rotation and replay', () => {
  it('a receiver that fails 3 times then succeeds gets the event exactly once after retries', async () => {
    receiver.on('/flaky', (n) => (n <= 3 ? 503 : 200));
    const { webhook, secret } = await createEndpoint('/flaky', ['member.joined']);
    const sent = await admin.as({ method: 'POST', url: `/api/admin/webhooks/${webhook.id}/test` });
    expect(sent.statusCode).toBe(201);
    await t.app.webhookQueue.drain(15_000, [sent.json().delivery.id]);
    const got = receiver.at('/flaky');
    expect(got).toHaveLength(4);
    // Every attempt is the same message, signed afresh, and spaced by the (compressed) schedule.
    expect(new Set(got.map((r) => r.headers['webhook-id'])).size).toBe(1);
    for (const r of got) expect(verify(secret, r).type).toBe('webhook.test');
    for (let i = 1; i < got.length; i++) expect(got[i]!.at - got[i - 1]!.at).toBeGreaterThanOrEqual(SCHEDULE[i]! - 20);
    const [d] = await deliveries(webhook.id);
    expect(d).toMatchObject({ status: 'succeeded', attempts: 4, lastHttpStatus: 200 });
    // Nothing more comes: one successful delivery.
    await new Promise((r) => setTimeout(r, 600));
    expect(receiver.at('/flaky')).toHaveLength(4);
  });

  it('a receiver that always fails gets every attempt of the schedule, then the delivery fails for good', async () => {
    receiver.on('/down', () => 500);
    const { webhook } = await createEndpoint('/down', ['member.joined']);
    const sent = await admin.as({ method: 'POST', url: `/api/admin/webhooks/${webhook.id}/test` });
    await t.app.webhookQueue.drain(15_000, [sent.json().delivery.id]);
    expect(receiver.at('/down')).toHaveLength(SCHEDULE.length);
    const [d] = await deliveries(webhook.id);
    expect(d).toMatchObject({ status: 'failed', attempts: SCHEDULE.length, lastHttpStatus: 500 });
  });

  it('a redirect is not followed', async () => {
    receiver.on('/moved', () => 301);
    const { webhook } = await createEndpoint('/moved', ['member.joined']);
    const sent = await admin.as({ method: 'POST', url: `/api/admin/webhooks/${webhook.id}/test` });
    await t.app.webhookQueue.drain(15_000, [sent.json().delivery.id]);
    const [d] = await deliveries(webhook.id);
    expect(d!.lastHttpStatus).toBe(301);
    expect(receiver.at('/moved')).toHaveLength(SCHEDULE.length);
  });

  it('410 Gone disables the endpoint, with the reason', async () => {
    receiver.on('/gone', () => 410);
    const { webhook } = await createEndpoint('/gone', ['member.joined']);
    const sent = await admin.as({ method: 'POST', url: `/api/admin/webhooks/${webhook.id}/test` });
    await t.app.webhookQueue.drain(15_000, [sent.json().delivery.id]);
    expect(receiver.at('/gone')).toHaveLength(1);
    const one = (await admin.as({ method: 'GET', url: `/api/admin/webhooks/${webhook.id}` })).json().webhook;
    expect(one.enabled).toBe(false);
    expect(one.disabledReason).toContain('410 Gone');
    const [d] = await deliveries(webhook.id);
    expect(d).toMatchObject({ status: 'failed', attempts: 1, lastHttpStatus: 410 });
    const again = await admin.as({ method: 'POST', url: `/api/admin/webhooks/${webhook.id}/test` });
    expect(again.statusCode).toBe(422);
    expect(again.json().error.code).toBe('webhooks.endpoint_disabled');
    // Enabled again by an admin, it clears the reason.
    const on = await admin.as({
      method: 'PATCH',
      url: `/api/admin/webhooks/${webhook.id}`,
      payload: { enabled: true },
    });
    expect(on.json().webhook).toMatchObject({ enabled: true, disabledReason: null });
  });

  it('after a rotation both the old and the new secret verify the same delivery', async () => {
    const { webhook, secret: old } = await createEndpoint('/rotated', ['member.joined']);
    const rotated = await admin.as({ method: 'POST', url: `/api/admin/webhooks/${webhook.id}/rotate-secret` });
    expect(rotated.statusCode).toBe(200);
    const fresh = rotated.json().secret as string;
    expect(fresh).not.toBe(old);
    expect(rotated.json().webhook.previousSecretExpiresAt).not.toBeNull();
    const sent = await admin.as({ method: 'POST', url: `/api/admin/webhooks/${webhook.id}/test` });
    await t.app.webhookQueue.drain(15_000, [sent.json().delivery.id]);
    const [r] = await receiver.waitFor('/rotated', 1);
    expect(r!.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(verify(fresh, r!).type).toBe('webhook.test');
    expect(verify(old, r!).type).toBe('webhook.test');
  });

  it('a replay is a new delivery of the same message: the same webhook-id and body', async () => {
    const { webhook, secret } = await createEndpoint('/replayed', ['member.joined']);
    const sent = await admin.as({ method: 'POST', url: `/api/admin/webhooks/${webhook.id}/test` });
    const first = sent.json().delivery as { id: string; msgId: string };
    await t.app.webhookQueue.drain(15_000, [first.id]);
    const replay = await admin.as({
      method: 'POST',
      url: `/api/admin/webhooks/${webhook.id}/deliveries/${first.id}/replay`,
    });
    expect(replay.statusCode).toBe(201);
    expect(replay.json().delivery).toMatchObject({ msgId: first.msgId, replayOf: first.id, status: 'pending' });
    await t.app.webhookQueue.drain(15_000, [replay.json().delivery.id]);
    const got = await receiver.waitFor('/replayed', 2);
    expect(got.map((r) => r.headers['webhook-id'])).toEqual([first.msgId, first.msgId]);
    expect(got[0]!.body).toBe(got[1]!.body);
    for (const r of got) verify(secret, r);
    const log = await deliveries(webhook.id);
    expect(log).toHaveLength(2);
    expect(log[0]!.replayOf).toBe(first.id);
    // Unknown delivery → 404.
    const missing = await admin.as({
      method: 'POST',
      url: `/api/admin/webhooks/${webhook.id}/deliveries/${crypto.randomUUID()}/replay`,
    });
    expect(missing.statusCode).toBe(404);
  });

  it('every admin action on an endpoint is in the audit log', async () => {
    const { webhook } = await createEndpoint('/audited', ['member.joined']);
    await admin.as({ method: 'POST', url: `/api/admin/webhooks/${webhook.id}/rotate-secret` });
    await admin.as({ method: 'PATCH', url: `/api/admin/webhooks/${webhook.id}`, payload: { enabled: false } });
    const del = await admin.as({ method: 'DELETE', url: `/api/admin/webhooks/${webhook.id}` });
    expect(del.statusCode).toBe(200);
    const audit = await admin.as({ method: 'GET', url: `/api/admin/audit?targetId=${webhook.id}` });
    const entries = audit.json().entries as { action: string; summary: string }[];
    expect(entries.map((e) => e.action)).toEqual([
      'webhook.deleted',
      'webhook.disabled',
      'webhook.secret_rotated',
      'webhook.created',
    ]);
    expect(entries[2]!.summary).toBe(
      `Hook Admin rotated the signing secret of the webhook endpoint ${receiver.url('/audited')}`,
    );
    expect((await admin.as({ method: 'GET', url: `/api/admin/webhooks/${webhook.id}` })).statusCode).toBe(404);
  });
});

// ——— A real hub process, killed mid-delivery ———

function startHub(databaseUrl: string, port: number, allow: string): Promise<HubProcess> {
  return spawnHub(databaseUrl, { port, env: { WEBHOOK_ALLOW_HOSTS: allow, WEBHOOK_TIMEOUT_MS: '2000' } });
}

describe('a hub killed mid-delivery', () => {
  it('loses nothing: after a restart the event arrives, with the same webhook-id', async () => {
    const iso = await isolatedDatabase();
    const hubs: ChildProcess[] = [];
    try {
      const boss = await createMember(iso.database, { roles: ['admin'] });
      const port = await freePort();
      let hub = await startHub(iso.url, port, `127.0.0.1:${receiver.port}`);
      hubs.push(hub.child);
      const login = await fetch(`${hub.url}/api/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: boss.email, password: PASSWORD }),
      });
      const { accessToken } = (await login.json()) as { accessToken: string };
      const call = (method: string, url: string, body?: unknown) =>
        fetch(`${hub.url}${url}`, {
          method,
          headers: {
            authorization: `Bearer ${accessToken}`,
            ...(body ? { 'content-type': 'application/json' } : {}),
          },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
      receiver.on('/killed', (n) => (n === 1 ? 'hang' : 200));
      const made = await call('POST', '/api/admin/webhooks', {
        url: receiver.url('/killed'),
        events: ['member.joined'],
      });
      expect(made.status).toBe(201);
      const { webhook, secret } = (await made.json()) as { webhook: { id: string }; secret: string };
      expect((await call('POST', `/api/admin/webhooks/${webhook.id}/test`)).status).toBe(201);
      // The first attempt reaches the receiver, which holds it; the hub dies while waiting.
      const [first] = await receiver.waitFor('/killed', 1);
      hub.child.kill('SIGKILL');
      await new Promise((r) => hub.child.once('exit', r));
      hub = await startHub(iso.url, port, `127.0.0.1:${receiver.port}`);
      hubs.push(hub.child);
      const got = await receiver.waitFor('/killed', 2, 40_000);
      expect(got[1]!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
      expect(verify(secret, got[1]!).type).toBe('webhook.test');
      const deadline = Date.now() + 10_000;
      let row: { status: string; attempts: number } | undefined;
      while (Date.now() < deadline) {
        const res = await iso.database.pool.query<{ status: string; attempts: number }>(
          'select status, attempts from webhook_deliveries where endpoint_id = $1',
          [webhook.id],
        );
        row = res.rows[0];
        if (row?.status === 'succeeded') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(row).toMatchObject({ status: 'succeeded', attempts: 2 });
    } finally {
      for (const h of hubs) if (h.exitCode === null) h.kill('SIGKILL');
      await iso.drop();
    }
  }, 120_000);
});
