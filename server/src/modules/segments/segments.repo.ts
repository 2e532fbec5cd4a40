import { asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { members } from '../members/members.table.js';
import { segments, type SegmentRow } from './segments.table.js';

/** Who segments are counted over: active members who hold the advocate role. */
export const population = sql`(${members.status} = 'active' and exists (select 1 from member_roles r where r.member_id = ${members.id} and r.role = 'advocate'))`;

const memberFields = {
  id: members.id,
  name: members.name,
  email: members.email,
  company: members.company,
  lifetime: members.lifetime,
};

export const segmentsRepo = {
  list(ex: Executor): Promise<SegmentRow[]> {
    return ex.select().from(segments).orderBy(asc(segments.name));
  },
  async findById(ex: Executor, id: string): Promise<SegmentRow | null> {
    const [row] = await ex.select().from(segments).where(eq(segments.id, id));
    return row ?? null;
  },
  async existing(ex: Executor, ids: string[]): Promise<string[]> {
    if (!ids.length) return [];
    return (await ex.select({ id: segments.id }).from(segments).where(inArray(segments.id, ids))).map((r) => r.id);
  },
  async insert(ex: Executor, v: typeof segments.$inferInsert): Promise<SegmentRow> {
    const [row] = await ex.insert(segments).values(v).returning();
    return row!;
  },
  async update(ex: Executor, id: string, patch: Partial<typeof segments.$inferInsert>): Promise<SegmentRow | null> {
    const [row] = await ex
      .update(segments)
      .set({ ...patch, updatedAt: sql`now()` })
      .where(eq(segments.id, id))
      .returning();
    return row ?? null;
  },
  async remove(ex: Executor, id: string): Promise<boolean> {
    return (await ex.delete(segments).where(eq(segments.id, id)).returning({ id: segments.id })).length === 1;
  },

  /** Counts of the population matching each condition, in one scan; plus the population itself. */
  async counts(ex: Executor, conditions: SQL[]): Promise<{ total: number; counts: number[] }> {
    const cols = conditions.map((c, i) => sql`count(*) filter (where ${c})::int as ${sql.identifier(`c${i}`)}`);
    const res = await ex.execute<Record<string, number>>(
      sql`select ${sql.join([sql`count(*)::int as total`, ...cols], sql`, `)} from ${members} where ${population}`,
    );
    const row = res.rows[0] ?? {};
    return { total: Number(row.total ?? 0), counts: conditions.map((_, i) => Number(row[`c${i}`] ?? 0)) };
  },
  async ids(ex: Executor, condition: SQL): Promise<string[]> {
    const rows = await ex
      .select({ id: members.id })
      .from(members)
      .where(sql`${population} and ${condition}`);
    return rows.map((r) => r.id);
  },
  async sample(ex: Executor, condition: SQL, limit: number) {
    return ex
      .select(memberFields)
      .from(members)
      .where(sql`${population} and ${condition}`)
      .orderBy(asc(members.name), asc(members.id))
      .limit(limit);
  },
  /** Values in use per profile field (over the population), most common first. */
  async values(ex: Executor): Promise<{ field: string; value: string; count: number }[]> {
    const who = `m.status = 'active' and exists (select 1 from member_roles r where r.member_id = m.id and r.role = 'advocate')`;
    const text = (col: string) =>
      sql.raw(
        `select '${col}' as field, ${col} as value, count(*)::int as count from members m where ${who} and ${col} is not null and ${col} <> '' group by ${col}`,
      );
    const list = (col: string) =>
      sql.raw(
        `select '${col}' as field, v as value, count(*)::int as count from members m, unnest(m.${col}) v where ${who} group by v`,
      );
    const parts = [
      ...['company', 'title', 'industry', 'region', 'persona'].map(text),
      ...['products', 'tags'].map(list),
    ];
    const res = await ex.execute<{ field: string; value: string; count: number }>(
      sql`select * from (${sql.join(parts, sql` union all `)}) x order by field, count desc, value limit 2000`,
    );
    return res.rows;
  },
};
