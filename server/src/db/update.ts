import { eq } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './client.js';

type TableWithId = PgTable & { id: PgColumn };

/**
 * `UPDATE … SET patch WHERE id = … RETURNING *`, for the repos' partial updates. An empty change (every
 * field left out) is no change: the row is read as it is, instead of SQL with nothing to set.
 */
export async function updateById<T extends TableWithId>(
  ex: Executor,
  table: T,
  id: string,
  patch: Partial<T['$inferInsert']>,
): Promise<T['$inferSelect'] | null> {
  const changed = Object.values(patch).some((v) => v !== undefined);
  const rows = (
    changed
      ? await ex
          .update(table)
          .set(patch as never)
          .where(eq(table.id, id))
          .returning()
      : await ex
          .select()
          .from(table as PgTable)
          .where(eq(table.id, id))
  ) as unknown[];
  return (rows[0] as T['$inferSelect'] | undefined) ?? null;
}
