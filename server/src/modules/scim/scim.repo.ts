import { eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { scimGroups, scimUsers, type ScimGroupRow, type ScimUserRow } from './scim.table.js';

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

  async groupRow(ex: Executor, groupId: string): Promise<ScimGroupRow | null> {
    const [row] = await ex.select().from(scimGroups).where(eq(scimGroups.groupId, groupId));
    return row ?? null;
  },
  async groupRows(ex: Executor, groupIds: string[]): Promise<Map<string, ScimGroupRow>> {
    if (!groupIds.length) return new Map();
    const rows = await ex.select().from(scimGroups).where(inArray(scimGroups.groupId, groupIds));
    return new Map(rows.map((r) => [r.groupId, r]));
  },
  async groupsByExternalId(ex: Executor, externalId: string): Promise<ScimGroupRow[]> {
    return ex.select().from(scimGroups).where(eq(scimGroups.externalId, externalId));
  },
  /** Records that SCIM manages the group (and its externalId); each write moves lastModified. */
  async upsertGroup(ex: Executor, groupId: string, externalId: string | null | undefined): Promise<ScimGroupRow> {
    const set: Partial<typeof scimGroups.$inferInsert> = { updatedAt: sql`now()` as unknown as Date };
    if (externalId !== undefined) set.externalId = externalId;
    const [row] = await ex
      .insert(scimGroups)
      .values({ groupId, externalId: externalId ?? null })
      .onConflictDoUpdate({ target: scimGroups.groupId, set })
      .returning();
    return row!;
  },
};
