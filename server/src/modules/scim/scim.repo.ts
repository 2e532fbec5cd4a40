import { eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { scimUsers, type ScimUserRow } from './scim.table.js';

export const scimRepo = {
  async byMember(ex: Executor, memberId: string): Promise<ScimUserRow | null> {
    const [row] = await ex.select().from(scimUsers).where(eq(scimUsers.memberId, memberId));
    return row ?? null;
  },
  async byMembers(ex: Executor, memberIds: string[]): Promise<Map<string, ScimUserRow>> {
    if (!memberIds.length) return new Map();
    const rows = await ex.select().from(scimUsers).where(inArray(scimUsers.memberId, memberIds));
    return new Map(rows.map((r) => [r.memberId, r]));
  },
  async byExternalId(ex: Executor, externalId: string): Promise<ScimUserRow[]> {
    return ex.select().from(scimUsers).where(eq(scimUsers.externalId, externalId));
  },
  /** Records that SCIM manages the member (and its externalId); each write moves lastModified. */
  async upsert(ex: Executor, memberId: string, externalId: string | null | undefined): Promise<ScimUserRow> {
    const set: Partial<typeof scimUsers.$inferInsert> = { updatedAt: sql`now()` as unknown as Date };
    if (externalId !== undefined) set.externalId = externalId;
    const [row] = await ex
      .insert(scimUsers)
      .values({ memberId, externalId: externalId ?? null })
      .onConflictDoUpdate({ target: scimUsers.memberId, set })
      .returning();
    return row!;
  },
};
