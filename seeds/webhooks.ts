/**
 * The demo's outgoing webhooks: one example endpoint (a CRM sync), disabled so the demo never calls
 * out, with a few deliveries in its log — delivered, retried, and the 410 that disabled it. Nothing
 * is sent at seed time.
 */
import crypto from 'node:crypto';
import { webhookDeliveries, webhookEndpoints, type Db } from '../server/src/db/kit.js';

const HOUR = 60 * 60 * 1000;

export async function seedWebhooks(db: Db, adminId: string, memberIds: string[]): Promise<void> {
  const ago = (h: number) => new Date(Date.now() - h * HOUR);
  const disabledAt = ago(2);
  const [endpoint] = await db
    .insert(webhookEndpoints)
    .values({
      url: 'https://crm.example.com/hooks/advocate-hub',
      description: 'CRM sync (example: disabled after the receiver answered 410 Gone)',
      events: ['completion.approved', 'member.joined', 'redemption.requested', 'referral.advanced'],
      enabled: false,
      disabledReason: 'The receiver answered 410 Gone: it no longer wants these messages',
      disabledAt,
      secret: `whsec_${crypto.randomBytes(32).toString('base64')}`,
      createdBy: adminId,
      createdAt: ago(72),
      updatedAt: disabledAt,
    })
    .returning();
  const member = memberIds[0] ?? null;
  const msg = () => `msg_${crypto.randomBytes(16).toString('hex')}`;
  const body = (type: string, at: Date, data: Record<string, unknown>) =>
    JSON.stringify({ type, timestamp: at.toISOString(), data });
  const rows = [
    {
      eventType: 'webhook.test',
      at: ago(70),
      data: { message: 'A test event from Advocate Hub: your endpoint receives signed webhooks.' },
      status: 'succeeded' as const,
      attempts: 1,
      http: 200,
      error: null,
      snippet: '{"received":true}',
    },
    {
      eventType: 'member.joined',
      at: ago(49),
      data: { memberId: member, email: 'lena.fischer@example.com', name: 'Lena Fischer', via: 'join_code' },
      status: 'succeeded' as const,
      attempts: 1,
      http: 204,
      error: null,
      snippet: null,
    },
    {
      eventType: 'completion.approved',
      at: ago(26),
      data: { memberId: member, challengeTitle: 'Write a G2 review', points: 500 },
      status: 'succeeded' as const,
      attempts: 3,
      http: 200,
      error: null,
      snippet: '{"received":true}',
    },
    {
      eventType: 'referral.advanced',
      at: ago(2.1),
      data: { memberId: member, from: 'qualified', to: 'won', amount: 48000 },
      status: 'failed' as const,
      attempts: 1,
      http: 410,
      error: 'HTTP 410',
      snippet: 'This hook was removed.',
    },
  ];
  await db.insert(webhookDeliveries).values(
    rows.map((r) => ({
      endpointId: endpoint!.id,
      eventType: r.eventType,
      msgId: msg(),
      body: body(r.eventType, r.at, r.data),
      status: r.status,
      attempts: r.attempts,
      lastHttpStatus: r.http,
      lastError: r.error,
      responseSnippet: r.snippet,
      nextAttemptAt: null,
      lastAttemptAt: new Date(r.at.getTime() + (r.attempts - 1) * 5 * 60 * 1000 + 400),
      deliveredAt: r.status === 'succeeded' ? new Date(r.at.getTime() + (r.attempts - 1) * 5 * 60 * 1000 + 400) : null,
      createdAt: r.at,
    })),
  );
}
