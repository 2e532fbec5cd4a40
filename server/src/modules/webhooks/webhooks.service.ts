import {
  WEBHOOK_TEST_EVENT,
  WebhookErrorCode as E,
  type CreateWebhookBody,
  type UpdateWebhookBody,
  type Webhook,
  type WebhookDelivery,
  type WebhookDeliveryStatus,
  type WebhookEventType,
} from '@advocate-hub/shared';
import type { Db, Tx } from '../../db/client.js';
import { AppError } from '../../platform/errors.js';
import { auditRepo } from '../audit/audit.repo.js';
import type { DeliveredEvent } from '../outbox/outbox.relay.js';
import { webhooksRepo } from './webhooks.repo.js';
import { newMessageId, newSecret } from './webhooks.sender.js';
import { checkTarget } from './webhooks.target.js';
import type { WebhookQueue } from './webhooks.queue.js';
import type { WebhookDeliveryRow, WebhookEndpointRow } from './webhooks.table.js';

/** After a rotation the previous secret keeps signing for this long. */
export const PREVIOUS_SECRET_TTL_MS = 24 * 60 * 60 * 1000;

const notFound = () => new AppError({ code: E.notFound, status: 404, message: 'Webhook endpoint not found' });
const deliveryNotFound = () =>
  new AppError({ code: E.deliveryNotFound, status: 404, message: 'Webhook delivery not found' });
const disabled = () =>
  new AppError({
    code: E.endpointDisabled,
    status: 422,
    message: 'This endpoint is disabled: enable it before sending to it',
  });

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function webhookView(
  w: WebhookEndpointRow,
  last: { status: WebhookDeliveryStatus; at: Date; httpStatus: number | null } | null = null,
): Webhook {
  const previousLive = w.previousSecretExpiresAt && w.previousSecretExpiresAt > new Date();
  return {
    id: w.id,
    url: w.url,
    description: w.description,
    events: w.events,
    enabled: w.enabled,
    disabledReason: w.disabledReason,
    disabledAt: iso(w.disabledAt),
    secretHint: `${w.secret.slice(0, 10)}…`,
    previousSecretExpiresAt: previousLive ? iso(w.previousSecretExpiresAt) : null,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
    lastDelivery: last ? { status: last.status, at: last.at.toISOString(), httpStatus: last.httpStatus } : null,
  };
}

export function deliveryView(d: WebhookDeliveryRow): WebhookDelivery {
  return {
    id: d.id,
    webhookId: d.endpointId,
    eventType: d.eventType,
    msgId: d.msgId,
    status: d.status,
    attempts: d.attempts,
    lastHttpStatus: d.lastHttpStatus,
    lastError: d.lastError,
    responseSnippet: d.responseSnippet,
    body: d.body,
    nextAttemptAt: d.status === 'pending' ? iso(d.nextAttemptAt) : null,
    lastAttemptAt: iso(d.lastAttemptAt),
    deliveredAt: iso(d.deliveredAt),
    createdAt: d.createdAt.toISOString(),
    replayOf: d.replayOf,
  };
}

/** The JSON body of a message, per the Standard Webhooks spec. */
export function messageBody(type: string, timestamp: Date, data: unknown): string {
  return JSON.stringify({ type, timestamp: timestamp.toISOString(), data });
}

/** Outgoing webhooks: endpoints (admin commands, audited) and the deliveries of the program's events. */
export class WebhooksService {
  constructor(
    private readonly db: Db,
    private readonly queue: WebhookQueue,
  ) {}

  private check(url: string) {
    return checkTarget(url, this.queue.opts.allowHosts);
  }

  async list(): Promise<{ webhooks: Webhook[] }> {
    const rows = await webhooksRepo.endpoints(this.db);
    const last = await webhooksRepo.lastDeliveries(
      this.db,
      rows.map((r) => r.id),
    );
    return { webhooks: rows.map((r) => webhookView(r, last.get(r.id) ?? null)) };
  }

  async get(id: string): Promise<{ webhook: Webhook }> {
    const row = await webhooksRepo.endpoint(this.db, id);
    if (!row) throw notFound();
    const last = await webhooksRepo.lastDeliveries(this.db, [id]);
    return { webhook: webhookView(row, last.get(id) ?? null) };
  }

  async create(actorId: string, body: CreateWebhookBody, ip: string | null) {
    await this.check(body.url);
    const secret = newSecret();
    return this.db.transaction(async (tx) => {
      const row = await webhooksRepo.insertEndpoint(tx, {
        url: body.url,
        description: body.description || null,
        events: [...new Set(body.events)],
        secret,
        createdBy: actorId,
      });
      await auditRepo.record(tx, {
        actorId,
        action: 'webhook.created',
        targetType: 'webhook',
        targetId: row.id,
        data: { name: row.url, events: row.events },
        ip,
      });
      return { webhook: webhookView(row), secret };
    });
  }

  async update(actorId: string, id: string, body: UpdateWebhookBody, ip: string | null) {
    if (body.url !== undefined) await this.check(body.url);
    return this.db.transaction(async (tx) => {
      const before = await webhooksRepo.endpoint(tx, id, { lock: true });
      if (!before) throw notFound();
      const enabling = body.enabled === true && !before.enabled;
      const row = (await webhooksRepo.updateEndpoint(tx, id, {
        ...(body.url !== undefined ? { url: body.url } : {}),
        ...(body.events !== undefined ? { events: [...new Set(body.events)] } : {}),
        ...(body.description !== undefined ? { description: body.description || null } : {}),
        ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
        ...(enabling ? { disabledReason: null, disabledAt: null } : {}),
        ...(body.enabled === false && before.enabled ? { disabledAt: new Date(), disabledReason: null } : {}),
      }))!;
      if (body.enabled === false && before.enabled)
        await webhooksRepo.failPending(tx, id, 'The endpoint was disabled by an admin');
      const action =
        body.enabled === false && before.enabled
          ? 'webhook.disabled'
          : enabling && Object.keys(body).length === 1
            ? 'webhook.enabled'
            : 'webhook.updated';
      await auditRepo.record(tx, {
        actorId,
        action,
        targetType: 'webhook',
        targetId: id,
        data: { name: row.url, changes: Object.keys(body) },
        ip,
      });
      return { webhook: webhookView(row) };
    });
  }

  async remove(actorId: string, id: string, ip: string | null) {
    return this.db.transaction(async (tx) => {
      const row = await webhooksRepo.deleteEndpoint(tx, id);
      if (!row) throw notFound();
      await auditRepo.record(tx, {
        actorId,
        action: 'webhook.deleted',
        targetType: 'webhook',
        targetId: id,
        data: { name: row.url },
        ip,
      });
      return { webhook: webhookView(row) };
    });
  }

  /** A new secret; the current one keeps signing alongside for 24 hours (receivers switch over). */
  async rotate(actorId: string, id: string, ip: string | null) {
    const secret = newSecret();
    return this.db.transaction(async (tx) => {
      const before = await webhooksRepo.endpoint(tx, id, { lock: true });
      if (!before) throw notFound();
      const row = (await webhooksRepo.updateEndpoint(tx, id, {
        secret,
        previousSecret: before.secret,
        previousSecretExpiresAt: new Date(Date.now() + PREVIOUS_SECRET_TTL_MS),
      }))!;
      await auditRepo.record(tx, {
        actorId,
        action: 'webhook.secret_rotated',
        targetType: 'webhook',
        targetId: id,
        data: { name: row.url },
        ip,
      });
      return { webhook: webhookView(row), secret };
    });
  }

  /** Sends a `webhook.test` message to this endpoint (whatever it subscribes to). */
  async test(actorId: string, id: string, ip: string | null) {
    const now = new Date();
    const { delivery, queued } = await this.db.transaction(async (tx) => {
      const endpoint = await webhooksRepo.endpoint(tx, id);
      if (!endpoint) throw notFound();
      if (!endpoint.enabled) throw disabled();
      const [queued] = await webhooksRepo.insertDeliveries(tx, [
        {
          endpointId: id,
          eventType: WEBHOOK_TEST_EVENT,
          msgId: newMessageId(),
          body: messageBody(WEBHOOK_TEST_EVENT, now, {
            message: 'A test event from Advocate Hub: your endpoint receives signed webhooks.',
            webhookId: id,
          }),
        },
      ]);
      await auditRepo.record(tx, {
        actorId,
        action: 'webhook.test_sent',
        targetType: 'webhook',
        targetId: id,
        data: { name: endpoint.url },
        ip,
      });
      return { delivery: (await webhooksRepo.delivery(tx, id, queued!.id))!, queued: queued! };
    });
    this.queue.nudge([queued]);
    return { delivery: deliveryView(delivery) };
  }

  async deliveries(
    id: string,
    q: { status?: WebhookDeliveryStatus | undefined; limit: number; cursor?: string | undefined },
  ) {
    if (!(await webhooksRepo.endpoint(this.db, id))) throw notFound();
    const page = await webhooksRepo.deliveries(this.db, id, q);
    return { deliveries: page.rows.map(deliveryView), nextCursor: page.nextCursor };
  }

  /** A new delivery of the same message (same body, same `webhook-id`), sent now with a fresh schedule. */
  async replay(actorId: string, id: string, deliveryId: string, ip: string | null) {
    const { delivery, queued } = await this.db.transaction(async (tx) => {
      const endpoint = await webhooksRepo.endpoint(tx, id);
      if (!endpoint) throw notFound();
      const original = await webhooksRepo.delivery(tx, id, deliveryId);
      if (!original) throw deliveryNotFound();
      if (!endpoint.enabled) throw disabled();
      const [queued] = await webhooksRepo.insertDeliveries(tx, [
        {
          endpointId: id,
          eventType: original.eventType,
          msgId: original.msgId,
          body: original.body,
          replayOf: original.replayOf ?? original.id,
        },
      ]);
      await auditRepo.record(tx, {
        actorId,
        action: 'webhook.delivery_replayed',
        targetType: 'webhook',
        targetId: id,
        data: { name: endpoint.url, deliveryId, msgId: original.msgId, eventType: original.eventType },
        ip,
      });
      return { delivery: (await webhooksRepo.delivery(tx, id, queued!.id))!, queued: queued! };
    });
    this.queue.nudge([queued]);
    return { delivery: deliveryView(delivery) };
  }

  /**
   * In an outbox event's delivery transaction: one delivery per enabled endpoint subscribed to the
   * type (an event and endpoint are queued once), queued for sending once that transaction commits.
   * The message id derives from the event, so it is the same for every endpoint and every retry.
   */
  async fanOut(tx: Tx, event: DeliveredEvent, type: WebhookEventType, data: () => Promise<unknown>) {
    const endpoints = await webhooksRepo.subscribed(tx, type);
    if (!endpoints.length) return;
    const body = messageBody(type, event.createdAt, await data());
    const msgId = `msg_${event.id.replace(/-/g, '')}`;
    const rows = await webhooksRepo.insertDeliveries(
      tx,
      endpoints.map((e) => ({
        endpointId: e.id,
        eventType: type,
        msgId,
        body,
        dedupeKey: `event:${event.id}:${e.id}`,
      })),
    );
    event.afterCommit(() => this.queue.nudge(rows));
  }
}
