import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { updateById } from '../../db/update.js';
import { members } from '../members/members.table.js';
import { groupMembers, groups } from './groups.table.js';

const memberCount = sql<number>`(select count(*)::int from group_members gm where gm.group_id = ${groups.id})`;

export const groupsRepo = {
  async list(ex: Executor) {
    return ex.select({ g: groups, memberCount }).from(groups).orderBy(asc(groups.name));
  },
  async findById(ex: Executor, id: string) {
    const [row] = await ex.select({ g: groups, memberCount }).from(groups).where(eq(groups.id, id));
    return row ?? null;
  },
  async existing(ex: Executor, ids: string[]): Promise<string[]> {
    if (!ids.length) return [];
    return (await ex.select({ id: groups.id }).from(groups).where(inArray(groups.id, ids))).map((r) => r.id);
  },
  async insert(ex: Executor, v: typeof groups.$inferInsert) {
    const [row] = await ex.insert(groups).values(v).returning();
    return row!;
  },
  async update(ex: Executor, id: string, patch: Partial<typeof groups.$inferInsert>) {
    return updateById(ex, groups, id, patch);
  },
  async remove(ex: Executor, id: string) {
    const rows = await ex.delete(groups).where(eq(groups.id, id)).returning({ id: groups.id });
    return rows.length === 1;
  },
  async addMembers(ex: Executor, groupId: string, memberIds: string[]): Promise<number> {
    const rows = await ex
      .insert(groupMembers)
      .values(memberIds.map((memberId) => ({ groupId, memberId })))
      .onConflictDoNothing()
      .returning({ memberId: groupMembers.memberId });
    return rows.length;
  },
  async removeMembers(ex: Executor, groupId: string, memberIds: string[]): Promise<number> {
    const rows = await ex
      .delete(groupMembers)
      .where(and(eq(groupMembers.groupId, groupId), inArray(groupMembers.memberId, memberIds)))
      .returning({ memberId: groupMembers.memberId });
    return rows.length;
  },
  async members(ex: Executor, groupId: string) {
    return ex
      .select({ id: members.id, name: members.name, email: members.email, addedAt: groupMembers.addedAt })
      .from(groupMembers)
      .innerJoin(members, eq(members.id, groupMembers.memberId))
      .where(eq(groupMembers.groupId, groupId))
      .orderBy(desc(groupMembers.addedAt));
  },
  async groupsOf(ex: Executor, memberId: string): Promise<string[]> {
    return (
      await ex.select({ id: groupMembers.groupId }).from(groupMembers).where(eq(groupMembers.memberId, memberId))
    ).map((r) => r.id);
  },
};
