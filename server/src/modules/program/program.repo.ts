import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { programSettings } from './program.table.js';

export type ProgramRow = typeof programSettings.$inferSelect;

export const programRepo = {
  async get(ex: Executor): Promise<ProgramRow> {
    const [row] = await ex.select().from(programSettings).where(eq(programSettings.id, 1));
    if (row) return row;
    const [created] = await ex.insert(programSettings).values({ id: 1 }).onConflictDoNothing().returning();
    return created ?? (await ex.select().from(programSettings).where(eq(programSettings.id, 1)))[0]!;
  },
  async update(ex: Executor, patch: Partial<typeof programSettings.$inferInsert>): Promise<ProgramRow> {
    await this.get(ex);
    const [row] = await ex
      .update(programSettings)
      .set({ ...patch, updatedAt: sql`now()` })
      .where(eq(programSettings.id, 1))
      .returning();
    return row!;
  },
};
