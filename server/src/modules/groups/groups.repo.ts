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
  /** Groups by name (case-insensitive), in name order, a page at a time. */
  async page(ex: Executor, offset: number, limit: number) {
    return ex
      .select({ g: groups, memberCount })
      .from(groups)
      .orderBy(asc(groups.name), asc(groups.id))
      .offset(offset)
      .limit(limit);
  },
  async count(ex: Executor): Promise<number> {
    const [row] = await ex.select({ n: sql<number>`count(*)::int` }).from(groups);
    return row?.n ?? 0;
  },
  async findByName(ex: Executor, name: string) {
    const [row] = await ex
      .select({ g: groups, memberCount })
      .from(groups)
      .where(sql`lower(${groups.name}) = lower(${name})`);
    return row ?? null;
  },
  /** Serialises changes to one group's membership until the transaction ends. */
  async lockById(ex: Executor, id: string): Promise<boolean> {
    const rows = await ex.execute(sql`select 1 from ${groups} where id = ${id} for no key update`);
    return rows.rows.length === 1;
  },
  /** The members of these groups, by group. */
  async membersOf(ex: Executor, groupIds: string[]): Promise<Map<string, { id: string; name: string }[]>> {
    const out = new Map<string, { id: string; name: string }[]>(groupIds.map((id) => [id, []]));
    if (!groupIds.length) return out;
    const rows = await ex
      .select({ groupId: groupMembers.groupId, id: members.id, name: members.name })
      .from(groupMembers)
      .innerJoin(members, eq(members.id, groupMembers.memberId))
      .where(inArray(groupMembers.groupId, groupIds))
      .orderBy(asc(members.name), asc(members.id));
    for (const r of rows) out.get(r.groupId)!.push({ id: r.id, name: r.name });
    return out;
  },
  /** Makes the group's members exactly these; answers how many were added and removed. */
  async setMembers(ex: Executor, groupId: string, memberIds: string[]): Promise<{ added: number; removed: number }> {
    const removed = await ex
      .delete(groupMembers)
      .where(
        memberIds.length
          ? and(
              eq(groupMembers.groupId, groupId),
              sql`${groupMembers.memberId} <> all(${`{${memberIds.join(',')}}`}::uuid[])`,
            )
          : eq(groupMembers.groupId, groupId),
      )
      .returning({ memberId: groupMembers.memberId });
    const added = memberIds.length ? await groupsRepo.addMembers(ex, groupId, memberIds) : 0;
    return { added, removed: removed.length };
  },
};
