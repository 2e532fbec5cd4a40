import { desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { apiKeys, type ApiKeyRow } from './integrations.table.js';

export const integrationsRepo = {
  async insert(ex: Executor, v: typeof apiKeys.$inferInsert): Promise<ApiKeyRow> {
    const [row] = await ex.insert(apiKeys).values(v).returning();
    return row!;
  },
  async list(ex: Executor): Promise<ApiKeyRow[]> {
    return ex.select().from(apiKeys).orderBy(desc(apiKeys.createdAt));
  },
  async byPrefix(ex: Executor, prefix: string): Promise<ApiKeyRow | null> {
    const [row] = await ex.select().from(apiKeys).where(eq(apiKeys.prefix, prefix));
    return row ?? null;
  },
  async revoke(ex: Executor, id: string): Promise<ApiKeyRow | null> {
    const [row] = await ex
      .update(apiKeys)
      .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
      .where(eq(apiKeys.id, id))
      .returning();
    return row ?? null;
  },
  async touch(ex: Executor, id: string): Promise<void> {
    await ex
      .update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(eq(apiKeys.id, id));
  },
};
