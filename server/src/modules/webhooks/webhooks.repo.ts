import { and, asc, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { WebhookDeliveryStatus, WebhookEventType } from '@advocate-hub/shared';
import type { Executor } from '../../db/client.js';
import { arrayParam } from '../../db/arrays.js';
import { decodeCursor, encodeCursor } from '../../platform/paging.js';
import {
  webhookDeliveries,
  webhookEndpoints,
  type WebhookDeliveryRow,
  type WebhookEndpointRow,
} from './webhooks.table.js';

export type NewDelivery = typeof webhookDeliveries.$inferInsert;
export interface QueuedDelivery {
  id: string;
  attempts: number;
  nextAttemptAt: Date | null;
}

const free = or(isNull(webhookDeliveries.lockedUntil), lt(webhookDeliveries.lockedUntil, sql`now()`));
const queued = {
  id: webhookDeliveries.id,
  attempts: webhookDeliveries.attempts,
  nextAttemptAt: webhookDeliveries.nextAttemptAt,
};

export const webhooksRepo = {
  async insertEndpoint(ex: Executor, v: typeof webhookEndpoints.$inferInsert): Promise<WebhookEndpointRow> {
    const [row] = await ex.insert(webhookEndpoints).values(v).returning();
    return row!;
  },

  async endpoint(ex: Executor, id: string, opts: { lock?: boolean } = {}): Promise<WebhookEndpointRow | null> {
    const q = ex.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    const [row] = opts.lock ? await q.for('update') : await q;
    return row ?? null;
  },

  async endpoints(ex: Executor): Promise<WebhookEndpointRow[]> {
    return ex.select().from(webhookEndpoints).orderBy(desc(webhookEndpoints.createdAt));
  },

  /** Enabled endpoints subscribed to an event type. */
  async subscribed(ex: Executor, type: WebhookEventType): Promise<WebhookEndpointRow[]> {
    return ex
      .select()
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.enabled, true), sql`${type} = any(${webhookEndpoints.events})`));
  },

  async updateEndpoint(
    ex: Executor,
    id: string,
    set: Partial<typeof webhookEndpoints.$inferInsert>,
  ): Promise<WebhookEndpointRow | null> {
    const [row] = await ex
      .update(webhookEndpoints)
      .set({ ...set, updatedAt: sql`now()` })
      .where(eq(webhookEndpoints.id, id))
      .returning();
    return row ?? null;
  },

  async deleteEndpoint(ex: Executor, id: string): Promise<WebhookEndpointRow | null> {
    const [row] = await ex.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)).returning();
    return row ?? null;
  },

  /** A 410 Gone: the endpoint is disabled with the reason (once; false when it already was). */
  async disableGone(ex: Executor, id: string, reason: string): Promise<boolean> {
    const rows = await ex
      .update(webhookEndpoints)
      .set({ enabled: false, disabledReason: reason, disabledAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.enabled, true)))
      .returning({ id: webhookEndpoints.id });
    return rows.length > 0;
  },

  /** The latest delivery of each endpoint. */
  async lastDeliveries(ex: Executor, ids: string[]) {
    if (!ids.length) return new Map<string, { status: WebhookDeliveryStatus; at: Date; httpStatus: number | null }>();
    const res = await ex.execute<{
      endpoint_id: string;
      status: WebhookDeliveryStatus;
      at: string;
      http: number | null;
    }>(
      sql`select distinct on (endpoint_id) endpoint_id, status, created_at as at, last_http_status as http
          from webhook_deliveries where endpoint_id = any(${arrayParam(ids)}::uuid[])
          order by endpoint_id, created_at desc, id desc`,
    );
    return new Map(res.rows.map((r) => [r.endpoint_id, { status: r.status, at: new Date(r.at), httpStatus: r.http }]));
  },

  /** Queues deliveries; one whose dedupe key is taken is left out. Returns the rows written. */
  async insertDeliveries(ex: Executor, rows: NewDelivery[]): Promise<QueuedDelivery[]> {
    if (!rows.length) return [];
    return ex
      .insert(webhookDeliveries)
      .values(rows)
      .onConflictDoNothing({ target: webhookDeliveries.dedupeKey })
      .returning(queued);
  },

  async delivery(ex: Executor, endpointId: string, id: string): Promise<WebhookDeliveryRow | null> {
    const [row] = await ex
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.endpointId, endpointId)));
    return row ?? null;
  },

  /**
   * Takes a pending delivery whose attempt is due for one send: counts the attempt and holds it for
   * `leaseMs`. `missing`: no such row (yet); `done`: finished, held elsewhere, or not due.
   */
  async claim(
    ex: Executor,
    id: string,
    leaseMs: number,
  ): Promise<{ row: WebhookDeliveryRow; endpoint: WebhookEndpointRow } | 'missing' | 'done'> {
    const [row] = await ex
      .update(webhookDeliveries)
      .set({
        attempts: sql`${webhookDeliveries.attempts} + 1`,
        lockedUntil: sql`now() + ${leaseMs} * interval '1 millisecond'`,
        lastAttemptAt: sql`now()`,
      })
      .where(
        and(
          eq(webhookDeliveries.id, id),
          eq(webhookDeliveries.status, 'pending'),
          free,
          sql`${webhookDeliveries.nextAttemptAt} <= now() + interval '50 milliseconds'`,
        ),
      )
      .returning();
    if (row) {
      const endpoint = await webhooksRepo.endpoint(ex, row.endpointId);
      return endpoint ? { row, endpoint } : 'done';
    }
    const [found] = await ex
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.id, id));
    return found ? 'done' : 'missing';
  },

  /** Records an attempt's outcome: `next` set → pending again then; else succeeded or failed for good. */
  async settle(
    ex: Executor,
    id: string,
    r: {
      status: WebhookDeliveryStatus;
      httpStatus: number | null;
      error: string | null;
      snippet: string | null;
      next: Date | null;
    },
  ): Promise<QueuedDelivery | null> {
    const [row] = await ex
      .update(webhookDeliveries)
      .set({
        status: r.status,
        lastHttpStatus: r.httpStatus,
        lastError: r.error?.slice(0, 2000) ?? null,
        responseSnippet: r.snippet,
        nextAttemptAt: r.next,
        lockedUntil: null,
        ...(r.status === 'succeeded' ? { deliveredAt: sql`now()` } : {}),
      })
      .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.status, 'pending')))
      .returning(queued);
    return row ?? null;
  },

  /** Pending deliveries due at least `graceMs` ago that nobody holds, oldest first. */
  async due(ex: Executor, graceMs: number, limit: number): Promise<QueuedDelivery[]> {
    return ex
      .select(queued)
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.status, 'pending'),
          free,
          sql`${webhookDeliveries.nextAttemptAt} <= now() - ${graceMs} * interval '1 millisecond'`,
        ),
      )
      .orderBy(asc(webhookDeliveries.nextAttemptAt))
      .limit(limit);
  },

  async stillPending(ex: Executor, ids: string[]): Promise<string[]> {
    if (!ids.length) return [];
    const rows = await ex
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.status, 'pending'), inArray(webhookDeliveries.id, ids)));
    return rows.map((r) => r.id);
  },

  /** Pending deliveries of a disabled endpoint: failed, with the reason. */
  async failPending(ex: Executor, endpointId: string, reason: string): Promise<void> {
    await ex
      .update(webhookDeliveries)
      .set({ status: 'failed', lastError: reason, nextAttemptAt: null, lockedUntil: null })
      .where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.status, 'pending')));
  },

  /** Forgets finished deliveries older than `days` (a bounded batch per call). */
  async purgeFinished(ex: Executor, days: number, limit = 5000): Promise<void> {
    await ex.execute(sql`
      delete from webhook_deliveries where id in (
        select id from webhook_deliveries
        where status <> 'pending' and created_at < now() - ${days} * interval '1 day' limit ${limit})`);
  },

  /** An endpoint's deliveries, newest first. */
  async deliveries(
    ex: Executor,
    endpointId: string,
    q: { status?: WebhookDeliveryStatus | undefined; limit: number; cursor?: string | undefined },
  ) {
    const after = decodeCursor(q.cursor);
    const rows = await ex
      .select()
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.endpointId, endpointId),
          q.status ? eq(webhookDeliveries.status, q.status) : undefined,
          after
            ? sql`(${webhookDeliveries.createdAt}, ${webhookDeliveries.id}) < (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`
            : undefined,
        ),
      )
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(q.limit + 1);
    const more = rows.length > q.limit;
    const page = rows.slice(0, q.limit);
    return { rows: page, nextCursor: more ? encodeCursor(page[page.length - 1]!) : null };
  },
};
