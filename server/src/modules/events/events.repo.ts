import { and, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { decodeCursor, encodeCursor } from '../../platform/paging.js';
import { apiKeys } from '../integrations/integrations.table.js';
import { integrationEvents, type IntegrationEventRow } from './events.table.js';

export type NewIntegrationEvent = typeof integrationEvents.$inferInsert;

export const eventsRepo = {
  /**
   * Claims an idempotency key in the caller's transaction: the new row, or null when an applied
   * event (committed, or committing meanwhile: the insert waits for it) already holds the key.
   */
  async claim(ex: Executor, v: NewIntegrationEvent): Promise<IntegrationEventRow | null> {
    const [row] = await ex
      .insert(integrationEvents)
      .values(v)
      .onConflictDoNothing({
        target: [integrationEvents.keyScope, integrationEvents.idempotencyKey],
        where: sql`${integrationEvents.status} <> 'failed'`,
      })
      .returning();
    return row ?? null;
  },

  /** The applied event holding this key in this scope. */
  async holder(ex: Executor, keyScope: string, key: string): Promise<IntegrationEventRow | null> {
    const [row] = await ex
      .select()
      .from(integrationEvents)
      .where(
        and(
          eq(integrationEvents.keyScope, keyScope),
          eq(integrationEvents.idempotencyKey, key),
          ne(integrationEvents.status, 'failed'),
        ),
      );
    return row ?? null;
  },

  /** The applied events holding these keys in this scope (CSV re-uploads). */
  async holders(ex: Executor, keyScope: string, keys: string[]): Promise<IntegrationEventRow[]> {
    if (!keys.length) return [];
    return ex
      .select()
      .from(integrationEvents)
      .where(
        and(
          eq(integrationEvents.keyScope, keyScope),
          inArray(integrationEvents.idempotencyKey, keys),
          ne(integrationEvents.status, 'failed'),
        ),
      );
  },

  async setResponse(ex: Executor, id: string, response: Record<string, unknown>, memberId: string | null) {
    await ex.update(integrationEvents).set({ response, memberId }).where(eq(integrationEvents.id, id));
  },

  /** A refused event, for the log (it holds no key). */
  async insertFailed(ex: Executor, v: Omit<NewIntegrationEvent, 'status'>): Promise<void> {
    await ex.insert(integrationEvents).values({ ...v, status: 'failed' });
  },

  /** The log, newest first, with the API key's name. */
  async list(ex: Executor, q: { limit: number; cursor?: string | undefined }) {
    const cur = decodeCursor(q.cursor);
    const rows = await ex
      .select({ row: integrationEvents, keyName: apiKeys.name })
      .from(integrationEvents)
      .leftJoin(apiKeys, eq(apiKeys.id, integrationEvents.apiKeyId))
      .where(
        cur
          ? sql`(${integrationEvents.createdAt}, ${integrationEvents.id}) < (${cur.createdAt.toISOString()}::timestamptz, ${cur.id}::uuid)`
          : undefined,
      )
      .orderBy(desc(integrationEvents.createdAt), desc(integrationEvents.id))
      .limit(q.limit + 1);
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      rows: page,
      nextCursor: rows.length > q.limit && last ? encodeCursor(last.row) : null,
    };
  },
};
