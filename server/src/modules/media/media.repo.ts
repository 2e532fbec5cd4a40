import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { media, type MediaRow, type NewMediaRow } from './media.table.js';

export const mediaRepo = {
  async insert(ex: Executor, row: NewMediaRow): Promise<MediaRow> {
    const [out] = await ex.insert(media).values(row).returning();
    return out!;
  },

  async findById(ex: Executor, id: string): Promise<MediaRow | null> {
    const [row] = await ex.select().from(media).where(eq(media.id, id));
    return row ?? null;
  },

  /** The ids among `ids` that are proofs uploaded by `ownerId`. */
  async ownProofIds(ex: Executor, ownerId: string, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await ex
      .select({ id: media.id })
      .from(media)
      .where(and(eq(media.ownerId, ownerId), eq(media.purpose, 'proof'), inArray(media.id, [...ids])));
    return rows.map((r) => r.id);
  },

  /** The rows of `ids` (any order); unknown ids are left out. */
  async findMany(ex: Executor, ids: readonly string[]): Promise<MediaRow[]> {
    if (ids.length === 0) return [];
    return ex
      .select()
      .from(media)
      .where(inArray(media.id, [...ids]));
  },
};
