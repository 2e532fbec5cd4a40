import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import {
  DEFAULT_REFERENCE_SETTINGS,
  REFERENCE_PERIOD_DAYS,
  ReferenceSettings,
  type AskKind,
  type ReferenceProfileBody,
} from '@advocate-hub/shared';
import type { Executor } from '../../db/client.js';
import { memberRoles, members } from '../members/members.table.js';
import {
  askLedger,
  referenceAsks,
  referenceProfiles,
  referenceRequests,
  referenceSettings,
} from './references.table.js';

export type RequestRow = typeof referenceRequests.$inferSelect;
export type AskRow = typeof referenceAsks.$inferSelect;
export type ProfileRow = typeof referenceProfiles.$inferSelect;

/** What the fatigue rules look at for one person: their asks and their account's in the period. */
export interface FatigueFacts {
  memberAsks: { kind: string; askedAt: Date }[];
  accountAsks: Date[];
  restUntil: Date | null;
}

/**
 * The account a person's asks count against: their company as written (trimmed, lower case), else
 * the domain of their email. SQL and TypeScript agree on it.
 */
export const accountSql = (company: SQL | unknown, email: SQL | unknown) =>
  sql<string>`lower(coalesce(nullif(btrim(${company}), ''), split_part(${email}, '@', 2)))`;

const periodStart = (now: Date) => new Date(now.getTime() - REFERENCE_PERIOD_DAYS * 86_400_000);

export const referencesRepo = {
  async settings(ex: Executor): Promise<ReferenceSettings> {
    const [row] = await ex.select().from(referenceSettings).where(eq(referenceSettings.id, 1));
    // Stored settings are parsed over the defaults: a setting added later gets its default.
    return row
      ? ReferenceSettings.parse({ ...DEFAULT_REFERENCE_SETTINGS, ...row.settings })
      : DEFAULT_REFERENCE_SETTINGS;
  },

  /** Serializes settings changes (read, merge, write). */
  async lockSettings(ex: Executor): Promise<void> {
    await ex.execute(sql`select pg_advisory_xact_lock(7243001)`);
  },

  async saveSettings(ex: Executor, settings: ReferenceSettings): Promise<void> {
    await ex
      .insert(referenceSettings)
      .values({ id: 1, settings })
      .onConflictDoUpdate({ target: referenceSettings.id, set: { settings, updatedAt: sql`now()` } });
  },

  /** The member with their reference profile (null fields where they have none yet) and account. */
  async profileOf(ex: Executor, memberId: string) {
    const [row] = await ex
      .select({
        member: {
          id: members.id,
          email: members.email,
          company: members.company,
          industry: members.industry,
          region: members.region,
          products: members.products,
        },
        account: accountSql(members.company, members.email),
        profile: referenceProfiles,
      })
      .from(members)
      .leftJoin(referenceProfiles, eq(referenceProfiles.memberId, members.id))
      .where(eq(members.id, memberId));
    return row ?? null;
  },

  async saveProfile(ex: Executor, memberId: string, p: ReferenceProfileBody): Promise<ProfileRow> {
    const values = { ...p, memberId, updatedAt: new Date() };
    const [row] = await ex
      .insert(referenceProfiles)
      .values(values)
      .onConflictDoUpdate({ target: referenceProfiles.memberId, set: values })
      .returning();
    return row!;
  },

  async insertRequest(ex: Executor, v: typeof referenceRequests.$inferInsert): Promise<RequestRow> {
    const [row] = await ex.insert(referenceRequests).values(v).returning();
    return row!;
  },

  async findRequest(ex: Executor, id: string, lock = false): Promise<RequestRow | null> {
    const q = ex.select().from(referenceRequests).where(eq(referenceRequests.id, id));
    const [row] = lock ? await q.for('update') : await q;
    return row ?? null;
  },

  async updateRequest(ex: Executor, id: string, patch: Partial<typeof referenceRequests.$inferInsert>) {
    await ex.update(referenceRequests).set(patch).where(eq(referenceRequests.id, id));
  },

  /** Requests, newest first, with their requester's name; `requesterId` narrows to one requester's. */
  async listRequests(ex: Executor, q: { requesterId?: string; ids?: string[]; limit?: number }) {
    return ex
      .select({ r: referenceRequests, requesterName: members.name })
      .from(referenceRequests)
      .innerJoin(members, eq(members.id, referenceRequests.requesterId))
      .where(
        and(
          q.requesterId ? eq(referenceRequests.requesterId, q.requesterId) : undefined,
          q.ids ? inArray(referenceRequests.id, q.ids) : undefined,
        ),
      )
      .orderBy(desc(referenceRequests.createdAt))
      .limit(q.limit ?? 200);
  },

  /** The asks of these requests, with the asked member's name and company. */
  async asksOf(ex: Executor, requestIds: string[]) {
    if (!requestIds.length) return [];
    return ex
      .select({ a: referenceAsks, name: members.name, company: members.company })
      .from(referenceAsks)
      .innerJoin(members, eq(members.id, referenceAsks.memberId))
      .where(inArray(referenceAsks.requestId, requestIds))
      .orderBy(referenceAsks.sentAt);
  },

  async insertAsk(ex: Executor, v: typeof referenceAsks.$inferInsert): Promise<AskRow | null> {
    const [row] = await ex.insert(referenceAsks).values(v).onConflictDoNothing().returning();
    return row ?? null;
  },

  async findAsk(ex: Executor, id: string, lock = false): Promise<AskRow | null> {
    const q = ex.select().from(referenceAsks).where(eq(referenceAsks.id, id));
    const [row] = lock ? await q.for('update') : await q;
    return row ?? null;
  },

  async updateAsk(ex: Executor, id: string, patch: Partial<typeof referenceAsks.$inferInsert>): Promise<AskRow> {
    const [row] = await ex.update(referenceAsks).set(patch).where(eq(referenceAsks.id, id)).returning();
    return row!;
  },

  /** A member's asks, newest first, with what was asked. */
  async asksOfMember(ex: Executor, memberId: string) {
    return ex
      .select({ a: referenceAsks, r: referenceRequests, requesterName: members.name })
      .from(referenceAsks)
      .innerJoin(referenceRequests, eq(referenceRequests.id, referenceAsks.requestId))
      .innerJoin(members, eq(members.id, referenceRequests.requesterId))
      .where(eq(referenceAsks.memberId, memberId))
      .orderBy(desc(referenceAsks.sentAt))
      .limit(200);
  },

  /**
   * Active advocates who opted in and accept this activity, with their profile and account: the
   * people a request can be matched with.
   */
  async candidates(ex: Executor, activity: string, memberId?: string) {
    return ex
      .select({
        id: members.id,
        name: members.name,
        company: members.company,
        title: members.title,
        avatarUrl: members.avatarUrl,
        account: accountSql(members.company, members.email),
        profile: referenceProfiles,
      })
      .from(referenceProfiles)
      .innerJoin(members, eq(members.id, referenceProfiles.memberId))
      .where(
        and(
          eq(referenceProfiles.optedIn, true),
          eq(members.status, 'active'),
          memberId ? eq(members.id, memberId) : undefined,
          sql`${activity} = any(${referenceProfiles.activities})`,
          sql`exists (select 1 from ${memberRoles} r where r.member_id = ${members.id} and r.role = 'advocate')`,
        ),
      );
  },

  /**
   * Serializes asks of one person and of one account for the rest of the transaction: the account
   * first, then the person (always in this order, so two asks never wait on each other crosswise).
   */
  async lockFatigue(ex: Executor, account: string, memberId: string): Promise<void> {
    await ex.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`ask-account:${account}`}, 0)),
        pg_advisory_xact_lock(hashtextextended(${`ask-member:${memberId}`}, 0))`,
    );
  },

  /** The fatigue facts of these people and accounts in the period before `now`. */
  async fatigueFacts(
    ex: Executor,
    people: { memberId: string; account: string }[],
    now: Date,
  ): Promise<Map<string, FatigueFacts>> {
    const out = new Map<string, FatigueFacts>();
    if (!people.length) return out;
    const since = periodStart(now);
    const ids = [...new Set(people.map((p) => p.memberId))];
    const accounts = [...new Set(people.map((p) => p.account))];
    const rows = await ex
      .select({
        memberId: askLedger.memberId,
        account: askLedger.account,
        kind: askLedger.kind,
        askedAt: askLedger.askedAt,
        restUntil: askLedger.restUntil,
      })
      .from(askLedger)
      .where(
        and(
          sql`(${askLedger.memberId} = any(${sql.param(ids)}::uuid[]) or ${askLedger.account} = any(${sql.param(accounts)}::text[]))`,
          sql`(${askLedger.askedAt} > ${since.toISOString()}::timestamptz or ${askLedger.restUntil} > ${now.toISOString()}::timestamptz)`,
        ),
      );
    for (const p of people) {
      const mine = rows.filter((r) => r.memberId === p.memberId);
      const rest = mine.reduce<Date | null>((m, r) => (r.restUntil && (!m || r.restUntil > m) ? r.restUntil : m), null);
      out.set(p.memberId, {
        memberAsks: mine.filter((r) => r.askedAt > since).map((r) => ({ kind: r.kind, askedAt: r.askedAt })),
        accountAsks: rows.filter((r) => r.account === p.account && r.askedAt > since).map((r) => r.askedAt),
        restUntil: rest,
      });
    }
    return out;
  },

  /** An ask in the fatigue ledger (once per source). */
  async recordAsk(
    ex: Executor,
    v: { memberId: string; account: string; kind: AskKind; sourceType: string; sourceId: string; askedAt: Date },
  ): Promise<void> {
    await ex.insert(askLedger).values(v).onConflictDoNothing();
  },

  /**
   * An ask the member answered outside the desk (a review written, a referral made), counted against
   * them and their account like any other: the account is read from the member row in the insert.
   */
  async recordAskOf(
    ex: Executor,
    v: { memberId: string; kind: AskKind; sourceType: string; sourceId: string },
  ): Promise<void> {
    await ex.execute(sql`
      insert into ask_ledger (member_id, account, kind, source_type, source_id)
      select m.id, ${accountSql(sql`m.company`, sql`m.email`)}, ${v.kind}, ${v.sourceType}, ${v.sourceId}
      from members m where m.id = ${v.memberId}
      on conflict do nothing`);
  },

  async restAfter(ex: Executor, sourceType: string, sourceId: string, restUntil: Date): Promise<void> {
    await ex
      .update(askLedger)
      .set({ restUntil })
      .where(and(eq(askLedger.sourceType, sourceType), eq(askLedger.sourceId, sourceId)));
  },
};
