import { and, desc, eq, getTableColumns, ilike, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { MemberStatus, Role } from '@advocate-hub/shared';
import type { Executor } from '../../db/client.js';
import { memberRoles, members, type MemberRow, type NewMemberRow } from './members.table.js';
import { AppError, pgErrorCode, PG_UNIQUE_VIOLATION } from '../../platform/errors.js';
import { ErrorCode } from '@advocate-hub/shared';
import { containsPattern, decodeCursor, encodeCursor } from '../../platform/paging.js';

export type MemberWithRoles = MemberRow & { roles: Role[] };
/** A member with roles and the ids of its groups, as the request's authentication read it. */
export type MemberSnapshot = MemberWithRoles & { groupIds: string[] };

/** The profile columns an admin may edit (they drive segments and targeting). */
export const PROFILE_FIELDS = [
  'name',
  'company',
  'title',
  'industry',
  'region',
  'persona',
  'products',
  'tags',
  'timezone',
  'trusted',
] as const satisfies readonly (keyof MemberRow)[];
export type ProfileField = (typeof PROFILE_FIELDS)[number];
export type ProfilePatch = Partial<Pick<MemberRow, ProfileField>>;

const rolesOf = sql<
  Role[]
>`coalesce(array(select r.role from ${memberRoles} r where r.member_id = ${members.id} order by r.role), '{}')`.as(
  'roles',
);

export const emailTaken = () =>
  new AppError({ code: ErrorCode.emailTaken, status: 409, message: 'A member with this email already exists' });

function fixRoles(row: MemberRow & { roles: unknown }): MemberWithRoles {
  // pg returns text[] from array(); keep a stable order.
  return { ...row, roles: ((row.roles as Role[] | null) ?? []).slice().sort() };
}

export const membersRepo = {
  /** The member's latest Net Promoter Score (segments select on it). */
  async setLastNps(ex: Executor, memberId: string, score: number, at: Date): Promise<void> {
    await ex.update(members).set({ lastNps: score, lastNpsAt: at }).where(eq(members.id, memberId));
  },

  async findById(ex: Executor, id: string): Promise<MemberWithRoles | null> {
    const [row] = await ex
      .select({ ...getColumns(), roles: rolesOf })
      .from(members)
      .where(eq(members.id, id));
    return row ? fixRoles(row) : null;
  },

  async findByEmail(ex: Executor, email: string): Promise<MemberWithRoles | null> {
    const [row] = await ex
      .select({ ...getColumns(), roles: rolesOf })
      .from(members)
      .where(eq(members.email, email.toLowerCase()));
    return row ? fixRoles(row) : null;
  },

  /** The members with these emails (a CSV import reads them at once), lower-cased. */
  async findManyByEmail(ex: Executor, emails: string[]): Promise<MemberWithRoles[]> {
    if (!emails.length) return [];
    const rows = await ex
      .select({ ...getColumns(), roles: rolesOf })
      .from(members)
      .where(inArray(members.email, [...new Set(emails.map((e) => e.toLowerCase()))]));
    return rows.map(fixRoles);
  },

  /** Adds roles a member lacks (an import never takes roles away). */
  async addRoles(ex: Executor, id: string, roles: Role[]): Promise<void> {
    if (!roles.length) return;
    await ex
      .insert(memberRoles)
      .values(roles.map((role) => ({ memberId: id, role })))
      .onConflictDoNothing();
  },

  /** Inserts a member and its roles. A taken email becomes `members.email_taken` (409). */
  async insert(ex: Executor, data: NewMemberRow, roles: Role[]): Promise<MemberWithRoles> {
    try {
      const [row] = await ex.insert(members).values(data).returning();
      if (roles.length) await ex.insert(memberRoles).values(roles.map((role) => ({ memberId: row!.id, role })));
      return { ...row!, roles: [...roles].sort() };
    } catch (err) {
      if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) throw emailTaken();
      throw err;
    }
  },

  async update(ex: Executor, id: string, patch: Partial<NewMemberRow>): Promise<void> {
    await ex.update(members).set(patch).where(eq(members.id, id));
  },

  /** Writes profile fields only; status, points and credentials are never touched here. */
  async updateProfile(ex: Executor, id: string, patch: ProfilePatch): Promise<void> {
    if (Object.keys(patch).length === 0) return;
    await ex.update(members).set(patch).where(eq(members.id, id));
  },

  /** The member's notification preferences (null: no such member). */
  async notificationPrefs(ex: Executor, id: string): Promise<MemberRow['notificationPrefs'] | null> {
    const [m] = await ex.select({ prefs: members.notificationPrefs }).from(members).where(eq(members.id, id));
    return m?.prefs ?? null;
  },
  async dismissHomeIntro(ex: Executor, id: string): Promise<void> {
    await ex
      .update(members)
      .set({ homeIntroDismissedAt: sql`now()` })
      .where(and(eq(members.id, id), isNull(members.homeIntroDismissedAt)));
  },

  /** Activates an invited member (single-step: only while still `invited`). */
  async activateInvited(ex: Executor, id: string, patch: Partial<NewMemberRow>): Promise<boolean> {
    const rows = await ex
      .update(members)
      .set({ ...patch, status: 'active' })
      .where(and(eq(members.id, id), eq(members.status, 'invited')))
      .returning({ id: members.id });
    return rows.length === 1;
  },

  async setRoles(ex: Executor, id: string, roles: Role[]): Promise<void> {
    await ex.delete(memberRoles).where(eq(memberRoles.memberId, id));
    if (roles.length) await ex.insert(memberRoles).values(roles.map((role) => ({ memberId: id, role })));
  },

  /** Active admins other than `exceptId` (call under lockAdminSet so two demotions cannot both pass). */
  async countOtherActiveAdmins(ex: Executor, exceptId: string): Promise<number> {
    const rows = await ex.execute<{ id: string }>(sql`
      select m.id from ${members} m join ${memberRoles} r on r.member_id = m.id
      where r.role = 'admin' and m.status = 'active' and m.id <> ${exceptId}`);
    return rows.rows.length;
  },

  /** Serialises changes that could remove the last admin (role changes, suspensions) across the program. */
  async lockAdminSet(ex: Executor): Promise<void> {
    await ex.execute(sql`select pg_advisory_xact_lock(727002)`);
  },

  /** Active advocates who want the weekly digest (or just `onlyId`), with name and email. */
  async digestRecipients(
    ex: Executor,
    onlyId?: string,
  ): Promise<{ id: string; email: string; name: string; roles: Role[] }[]> {
    const rows = await ex
      .select({ id: members.id, email: members.email, name: members.name, roles: rolesOf })
      .from(members)
      .where(
        and(
          eq(members.status, 'active'),
          sql`coalesce(${members.notificationPrefs}->>'digest', 'true') <> 'false'`,
          sql`exists (select 1 from ${memberRoles} r where r.member_id = ${members.id} and r.role = 'advocate')`,
          onlyId ? eq(members.id, onlyId) : undefined,
        ),
      )
      .orderBy(members.id);
    return rows.map((r) => ({ ...r, roles: (r.roles as Role[] | null) ?? [] }));
  },

  /**
   * Serialises changes to one member (balance, status, roles) until the transaction ends. `NO KEY
   * UPDATE`, the lock an UPDATE of the row takes: it excludes every other change to the member, but
   * not the foreign-key checks of rows that merely reference them (a notification, an entry written
   * by the outbox relay), which `FOR UPDATE` made wait: an import of 1,000 awards spent 7.5 s there.
   */
  async lockById(ex: Executor, id: string): Promise<void> {
    await ex.execute(sql`select 1 from ${members} where id = ${id} for no key update`);
  },

  async touchLastSeen(ex: Executor, id: string): Promise<void> {
    await ex
      .update(members)
      .set({ lastSeenAt: sql`now()` })
      .where(
        and(
          eq(members.id, id),
          or(sql`${members.lastSeenAt} is null`, lt(members.lastSeenAt, sql`now() - interval '5 minutes'`)),
        ),
      );
  },

  /** Members in creation order, by offset (SCIM's startIndex/count paging). */
  async page(ex: Executor, offset: number, limit: number): Promise<MemberWithRoles[]> {
    const rows = await ex
      .select({ ...getColumns(), roles: rolesOf })
      .from(members)
      .orderBy(members.createdAt, members.id)
      .offset(offset)
      .limit(limit);
    return rows.map(fixRoles);
  },

  async count(ex: Executor): Promise<number> {
    const [row] = await ex.select({ n: sql<number>`count(*)::int` }).from(members);
    return row?.n ?? 0;
  },

  async search(
    ex: Executor,
    q: {
      q?: string | undefined;
      role?: Role | undefined;
      status?: MemberStatus | undefined;
      limit: number;
      cursor?: string | undefined;
    },
  ): Promise<{ rows: MemberWithRoles[]; nextCursor: string | null; total: number }> {
    const filters: SQL[] = [];
    if (q.q) {
      const term = containsPattern(q.q);
      filters.push(or(ilike(members.name, term), ilike(members.email, term), ilike(members.company, term))!);
    }
    if (q.status) filters.push(eq(members.status, q.status));
    if (q.role)
      filters.push(
        sql`exists (select 1 from ${memberRoles} r where r.member_id = ${members.id} and r.role = ${q.role})`,
      );
    const where = filters.length ? and(...filters) : undefined;
    const page: SQL[] = [...filters];
    if (q.cursor) {
      const c = decodeCursor(q.cursor);
      if (c)
        page.push(
          sql`(${members.createdAt}, ${members.id}) < (${c.createdAt.toISOString()}::timestamptz, ${c.id}::uuid)`,
        );
    }
    const rows = await ex
      .select({ ...getColumns(), roles: rolesOf })
      .from(members)
      .where(page.length ? and(...page) : undefined)
      .orderBy(desc(members.createdAt), desc(members.id))
      .limit(q.limit + 1);
    const [{ n } = { n: 0 }] = await ex
      .select({ n: sql<number>`count(*)::int` })
      .from(members)
      .where(where);
    const more = rows.length > q.limit;
    const pageRows = rows.slice(0, q.limit).map(fixRoles);
    const last = pageRows[pageRows.length - 1];
    return { rows: pageRows, nextCursor: more && last ? encodeCursor(last) : null, total: n };
  },
};

function getColumns() {
  return getTableColumns(members);
}
