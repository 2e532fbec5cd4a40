import type pg from 'pg';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { LeaderboardVisibility } from '@advocate-hub/shared';
import type { Executor } from '../../db/client.js';
import { memberRoles, members } from '../members/members.table.js';
import { programSettings } from '../program/program.table.js';
import { groupMembers, groups } from '../groups/groups.table.js';
import { joinCodes } from '../join-codes/join-codes.table.js';
import { pointEntries } from '../ledger/ledger.table.js';
import { eventBoards, leaderboardSeasons } from './leaderboards.table.js';
import type { DirectoryRow } from './engine/directory.js';
import { Snapshot } from './engine/snapshot.js';
import type { Range } from './engine/standing.js';

const BATCH = 20_000;

const DIRECTORY_COLUMNS = `
  m.id, m.status, m.leaderboard_visibility, m.alias_number, m.join_code_id, m.lifetime,
  coalesce(floor(extract(epoch from m.lifetime_at) * 1000), 0)::float8 as lifetime_at,
  exists (select 1 from member_roles r where r.member_id = m.id and r.role = 'advocate') as advocate,
  exists (select 1 from member_roles r where r.member_id = m.id and r.role in ('admin', 'moderator')) as staff`;

type DirectoryDbRow = [string, string, LeaderboardVisibility, number, string | null, number, number, boolean, boolean];

function directoryRow(r: DirectoryDbRow): DirectoryRow {
  return {
    id: r[0],
    status: r[1],
    visibility: r[2],
    alias: r[3],
    joinCodeId: r[4],
    lifetime: r[5],
    lifetimeAt: r[6],
    advocate: r[7],
    staff: r[8],
  };
}

/** Runs `read` in a read-only repeatable-read transaction (one snapshot, no statement timeout). */
async function inSnapshot<T>(
  pool: pg.Pool,
  read: (client: pg.PoolClient) => Promise<T>,
): Promise<T & { snapshot: Snapshot }> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query('SET LOCAL statement_timeout = 0');
    const snap = await client.query<{ s: string }>('select pg_current_snapshot()::text as s');
    const out = await read(client);
    await client.query('COMMIT');
    return { ...out, snapshot: Snapshot.parse(snap.rows[0]!.s) };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

export const leaderboardsRepo = {
  /** Every member's leaderboard facts and lifetime, in batches, and the staff setting: one snapshot. */
  async readBase(pool: pg.Pool, onRows: (rows: DirectoryRow[]) => void) {
    return inSnapshot(pool, async (client) => {
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const res = await client.query<DirectoryDbRow>({
          text: `select ${DIRECTORY_COLUMNS} from members m where m.id > $1 order by m.id limit ${BATCH}`,
          values: [after],
          rowMode: 'array',
        });
        onRows(res.rows.map(directoryRow));
        if (res.rows.length < BATCH) break;
        after = res.rows[res.rows.length - 1]![0];
      }
      const s = await client.query<{ v: boolean }>(
        'select coalesce((select leaderboard_include_staff from program_settings where id = 1), false) as v',
      );
      return { includeStaff: s.rows[0]!.v };
    });
  },

  /** What each member earned in a range: [member id, points, reached at (ms)]. */
  async readRange(pool: pg.Pool, range: Range) {
    return inSnapshot(pool, async (client) => {
      const res = await client.query<[string, number, number]>({
        text: `select member_id, sum(lifetime_delta)::int, floor(extract(epoch from max(created_at)) * 1000)::float8
          from point_entries
          where lifetime_delta <> 0 and created_at >= $1 and created_at < $2
          group by member_id`,
        values: [edge(range.start), edge(range.end)],
        rowMode: 'array',
      });
      return { rows: res.rows };
    });
  },

  async directoryRow(pool: pg.Pool, memberId: string): Promise<DirectoryRow | null> {
    const res = await pool.query<DirectoryDbRow>({
      text: `select ${DIRECTORY_COLUMNS} from members m where m.id = $1`,
      values: [memberId],
      rowMode: 'array',
    });
    return res.rows[0] ? directoryRow(res.rows[0]) : null;
  },

  async includeStaff(pool: pg.Pool): Promise<boolean> {
    const res = await pool.query<{ v: boolean }>(
      'select coalesce((select leaderboard_include_staff from program_settings where id = 1), false) as v',
    );
    return res.rows[0]!.v;
  },

  async setIncludeStaff(ex: Executor, includeStaff: boolean): Promise<void> {
    await ex
      .insert(programSettings)
      .values({ id: 1, leaderboardIncludeStaff: includeStaff })
      .onConflictDoUpdate({
        target: programSettings.id,
        set: { leaderboardIncludeStaff: includeStaff, updatedAt: sql`now()` },
      });
  },

  /** Names and avatars of the members a response shows. */
  async people(ex: Executor, ids: string[]) {
    if (ids.length === 0) return new Map<string, { name: string; avatarUrl: string | null }>();
    const rows = await ex
      .select({ id: members.id, name: members.name, avatarUrl: members.avatarUrl })
      .from(members)
      .where(inArray(members.id, ids));
    return new Map(rows.map((r) => [r.id, { name: r.name, avatarUrl: r.avatarUrl }]));
  },

  async groupMemberIds(ex: Executor, groupId: string): Promise<string[]> {
    const rows = await ex
      .select({ id: groupMembers.memberId })
      .from(groupMembers)
      .where(eq(groupMembers.groupId, groupId));
    return rows.map((r) => r.id);
  },

  async group(ex: Executor, id: string) {
    const [row] = await ex.select({ id: groups.id, name: groups.name }).from(groups).where(eq(groups.id, id));
    return row ?? null;
  },

  async groupsOf(ex: Executor, memberId: string) {
    return ex
      .select({ id: groups.id, name: groups.name })
      .from(groupMembers)
      .innerJoin(groups, eq(groups.id, groupMembers.groupId))
      .where(eq(groupMembers.memberId, memberId))
      .orderBy(asc(groups.name));
  },

  async isGroupMember(ex: Executor, groupId: string, memberId: string): Promise<boolean> {
    const [row] = await ex
      .select({ one: sql`1` })
      .from(groupMembers)
      .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.memberId, memberId)));
    return !!row;
  },

  async memberJoinCode(ex: Executor, memberId: string): Promise<string | null> {
    const [row] = await ex.select({ code: members.joinCodeId }).from(members).where(eq(members.id, memberId));
    return row?.code ?? null;
  },

  // ——— Seasons ———

  async seasons(ex: Executor) {
    return ex.select().from(leaderboardSeasons).orderBy(desc(leaderboardSeasons.startsAt), asc(leaderboardSeasons.id));
  },
  async season(ex: Executor, id: string) {
    const [row] = await ex.select().from(leaderboardSeasons).where(eq(leaderboardSeasons.id, id));
    return row ?? null;
  },
  async insertSeason(ex: Executor, v: typeof leaderboardSeasons.$inferInsert) {
    const [row] = await ex.insert(leaderboardSeasons).values(v).returning();
    return row!;
  },
  async updateSeason(ex: Executor, id: string, patch: Partial<typeof leaderboardSeasons.$inferInsert>) {
    if (Object.keys(patch).length === 0) return this.season(ex, id);
    const [row] = await ex.update(leaderboardSeasons).set(patch).where(eq(leaderboardSeasons.id, id)).returning();
    return row ?? null;
  },
  async removeSeason(ex: Executor, id: string) {
    const rows = await ex
      .delete(leaderboardSeasons)
      .where(eq(leaderboardSeasons.id, id))
      .returning({ id: leaderboardSeasons.id });
    return rows.length > 0;
  },

  // ——— Event boards ———

  eventQuery(ex: Executor) {
    return ex
      .select({ event: eventBoards, code: joinCodes.code, label: joinCodes.label })
      .from(eventBoards)
      .innerJoin(joinCodes, eq(joinCodes.id, eventBoards.joinCodeId));
  },
  async events(ex: Executor) {
    return this.eventQuery(ex).orderBy(desc(eventBoards.startsAt), asc(eventBoards.id));
  },
  async event(ex: Executor, id: string) {
    const [row] = await this.eventQuery(ex).where(eq(eventBoards.id, id));
    return row ?? null;
  },
  /** Event boards of the join code a member signed up with. */
  async eventsOfCode(ex: Executor, joinCodeId: string) {
    return this.eventQuery(ex).where(eq(eventBoards.joinCodeId, joinCodeId)).orderBy(desc(eventBoards.startsAt));
  },
  async eventsForEveryone(ex: Executor) {
    return this.eventQuery(ex).where(eq(eventBoards.audience, 'everyone')).orderBy(desc(eventBoards.startsAt));
  },
  async insertEvent(ex: Executor, v: typeof eventBoards.$inferInsert) {
    const [row] = await ex.insert(eventBoards).values(v).returning({ id: eventBoards.id });
    return row!.id;
  },
  async updateEvent(ex: Executor, id: string, patch: Partial<typeof eventBoards.$inferInsert>) {
    if (Object.keys(patch).length === 0) return (await this.event(ex, id)) !== null;
    const rows = await ex
      .update(eventBoards)
      .set(patch)
      .where(eq(eventBoards.id, id))
      .returning({ id: eventBoards.id });
    return rows.length > 0;
  },
  async removeEvent(ex: Executor, id: string) {
    const rows = await ex.delete(eventBoards).where(eq(eventBoards.id, id)).returning({ id: eventBoards.id });
    return rows.length > 0;
  },
  async joinCode(ex: Executor, id: string) {
    const [row] = await ex
      .select({ id: joinCodes.id, code: joinCodes.code, label: joinCodes.label })
      .from(joinCodes)
      .where(eq(joinCodes.id, id));
    return row ?? null;
  },

  /** The latest earnings in a range (newest first), for a wall's ticker. */
  async recentEarnings(ex: Executor, range: Range, limit: number) {
    return ex
      .select({
        id: pointEntries.id,
        memberId: pointEntries.memberId,
        points: pointEntries.lifetimeDelta,
        reason: pointEntries.reason,
        at: pointEntries.createdAt,
      })
      .from(pointEntries)
      .where(
        and(
          sql`${pointEntries.lifetimeDelta} > 0`,
          sql`${pointEntries.createdAt} >= ${edge(range.start)}::timestamptz`,
          sql`${pointEntries.createdAt} < ${edge(range.end)}::timestamptz`,
        ),
      )
      .orderBy(desc(pointEntries.createdAt), desc(pointEntries.id))
      .limit(limit);
  },

  async rolesOf(ex: Executor, memberId: string): Promise<string[]> {
    const rows = await ex
      .select({ role: memberRoles.role })
      .from(memberRoles)
      .where(eq(memberRoles.memberId, memberId));
    return rows.map((r) => r.role);
  },
};

/** A range edge as a timestamp PostgreSQL reads (±infinity for an open end). */
function edge(ms: number): string {
  if (ms === -Infinity) return '-infinity';
  if (ms === Infinity) return 'infinity';
  return new Date(ms).toISOString();
}

/** One ledger entry, for a wall's ticker. */
export async function earningById(ex: Executor, id: number) {
  const [row] = await ex
    .select({ reason: pointEntries.reason, points: pointEntries.lifetimeDelta, at: pointEntries.createdAt })
    .from(pointEntries)
    .where(eq(pointEntries.id, id));
  return row ?? null;
}
