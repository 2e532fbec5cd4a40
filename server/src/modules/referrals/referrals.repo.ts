import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { FraudRules, ReferralStage } from '@advocate-hub/shared';
import type { Executor, Tx } from '../../db/client.js';
import { members } from '../members/members.table.js';
import {
  referralCampaigns,
  referralLinks,
  referralPayouts,
  referralProspects,
  referralRules,
  referrals,
  referralStageEvents,
  type ReferralCampaignRow,
  type ReferralPayoutRow,
  type ReferralRow,
} from './referrals.table.js';

/** A referral with what its views need: prospect, campaign, advocate and its points. */
export interface ReferralJoined {
  r: ReferralRow;
  prospect: { id: string; name: string; email: string; company: string | null; title: string | null };
  campaign: { id: string; name: string };
  advocate: { id: string; name: string; email: string };
  pointsPaid: number;
  pointsPending: number;
}

const joinedSelect = {
  r: referrals,
  prospect: {
    id: referralProspects.id,
    name: referralProspects.name,
    email: referralProspects.email,
    company: referralProspects.company,
    title: referralProspects.title,
  },
  campaign: { id: referralCampaigns.id, name: referralCampaigns.name },
  advocate: { id: members.id, name: members.name, email: members.email },
  pointsPaid: sql<number>`coalesce((select sum(p.points - p.reversed_points) from referral_payouts p
    where p.referral_id = ${referrals.id} and p.status in ('paid','reversed')), 0)::int`,
  pointsPending: sql<number>`coalesce((select sum(p.points) from referral_payouts p
    where p.referral_id = ${referrals.id} and p.status = 'pending'), 0)::int`,
};

function joined(ex: Executor) {
  return ex
    .select(joinedSelect)
    .from(referrals)
    .innerJoin(referralProspects, eq(referralProspects.id, referrals.prospectId))
    .innerJoin(referralCampaigns, eq(referralCampaigns.id, referrals.campaignId))
    .innerJoin(members, eq(members.id, referrals.advocateId));
}

export interface AdminFilter {
  stage?: ReferralStage | undefined;
  held?: 'true' | 'false' | undefined;
  campaignId?: string | undefined;
  q?: string | undefined;
  limit: number;
}

export const referralsRepo = {
  // ---------------------------------------------------------------- campaigns
  async listCampaigns(ex: Executor) {
    return ex
      .select({
        c: referralCampaigns,
        // Qualified by hand: in a one-table select drizzle would write the column unqualified (r.id).
        referrals: sql<number>`(select count(*) from referrals r where r.campaign_id = referral_campaigns.id)::int`,
      })
      .from(referralCampaigns)
      .orderBy(desc(referralCampaigns.isDefault), asc(referralCampaigns.name));
  },
  async findCampaign(ex: Executor, id: string): Promise<ReferralCampaignRow | null> {
    const [row] = await ex.select().from(referralCampaigns).where(eq(referralCampaigns.id, id));
    return row ?? null;
  },
  /** The default active campaign, else the oldest active one. */
  async defaultCampaign(ex: Executor): Promise<ReferralCampaignRow | null> {
    const [row] = await ex
      .select()
      .from(referralCampaigns)
      .where(eq(referralCampaigns.status, 'active'))
      .orderBy(desc(referralCampaigns.isDefault), asc(referralCampaigns.createdAt))
      .limit(1);
    return row ?? null;
  },
  async insertCampaign(ex: Executor, v: typeof referralCampaigns.$inferInsert) {
    if (v.isDefault)
      await ex.update(referralCampaigns).set({ isDefault: false }).where(eq(referralCampaigns.isDefault, true));
    const [row] = await ex.insert(referralCampaigns).values(v).returning();
    return row!;
  },
  async updateCampaign(ex: Executor, id: string, v: Partial<ReferralCampaignRow>) {
    if (v.isDefault)
      await ex.update(referralCampaigns).set({ isDefault: false }).where(eq(referralCampaigns.isDefault, true));
    const [row] = await ex
      .update(referralCampaigns)
      .set({ ...v, updatedAt: sql`now()` })
      .where(eq(referralCampaigns.id, id))
      .returning();
    return row ?? null;
  },

  // ---------------------------------------------------------------- prospects
  /**
   * The prospect with this email, made if new (concurrent submissions of one email meet on the
   * unique index); blank fields of a known prospect are filled from the new submission.
   */
  async upsertProspect(
    ex: Executor,
    p: { email: string; domain: string; name: string; company: string | null; title: string | null },
  ) {
    const res = await ex.execute<{ id: string; inserted: boolean }>(sql`
      insert into referral_prospects (email, domain, name, company, title)
      values (${p.email}, ${p.domain}, ${p.name}, ${p.company}, ${p.title})
      on conflict (lower(email)) do update set
        company = coalesce(referral_prospects.company, excluded.company),
        title = coalesce(referral_prospects.title, excluded.title)
      returning id, (xmax = 0) as inserted`);
    const row = res.rows[0]!;
    return { id: row.id, inserted: row.inserted };
  },

  // ---------------------------------------------------------------- referrals
  async insert(ex: Executor, v: typeof referrals.$inferInsert): Promise<ReferralRow | null> {
    const [row] = await ex.insert(referrals).values(v).onConflictDoNothing().returning();
    return row ?? null;
  },
  async find(ex: Executor, id: string): Promise<ReferralRow | null> {
    const [row] = await ex.select().from(referrals).where(eq(referrals.id, id));
    return row ?? null;
  },
  async lock(tx: Tx, id: string): Promise<ReferralRow | null> {
    const [row] = await tx.select().from(referrals).where(eq(referrals.id, id)).for('update');
    return row ?? null;
  },
  async findByAdvocateProspect(ex: Executor, advocateId: string, prospectId: string) {
    const [row] = await ex
      .select()
      .from(referrals)
      .where(and(eq(referrals.advocateId, advocateId), eq(referrals.prospectId, prospectId)));
    return row ?? null;
  },
  async findByKey(ex: Executor, advocateId: string, key: string) {
    const [row] = await ex
      .select()
      .from(referrals)
      .where(and(eq(referrals.advocateId, advocateId), eq(referrals.idempotencyKey, key)));
    return row ?? null;
  },
  async update(ex: Executor, id: string, v: Partial<ReferralRow>) {
    await ex
      .update(referrals)
      .set({ ...v, updatedAt: sql`now()` })
      .where(eq(referrals.id, id));
  },
  async joinedById(ex: Executor, id: string): Promise<ReferralJoined | null> {
    const [row] = await joined(ex).where(eq(referrals.id, id));
    return row ?? null;
  },
  async listForAdvocate(ex: Executor, advocateId: string): Promise<ReferralJoined[]> {
    return joined(ex).where(eq(referrals.advocateId, advocateId)).orderBy(desc(referrals.createdAt)).limit(500);
  },
  async listAdmin(ex: Executor, f: AdminFilter): Promise<ReferralJoined[]> {
    const where: SQL[] = [];
    if (f.stage) where.push(eq(referrals.stage, f.stage));
    if (f.held === 'true') where.push(eq(referrals.review, 'held'));
    if (f.held === 'false') where.push(sql`${referrals.review} <> 'held'`);
    if (f.campaignId) where.push(eq(referrals.campaignId, f.campaignId));
    if (f.q) {
      const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(
        sql`(${referralProspects.email} ilike ${like} or ${referralProspects.name} ilike ${like}
          or ${referralProspects.company} ilike ${like} or ${members.name} ilike ${like})`,
      );
    }
    return joined(ex)
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(referrals.createdAt), desc(referrals.id))
      .limit(f.limit);
  },
  async counts(ex: Executor) {
    const res = await ex.execute<{ k: string; n: number }>(sql`
      select stage as k, count(*)::int as n from referrals group by stage
      union all select 'held', count(*)::int from referrals where review = 'held'`);
    return Object.fromEntries(res.rows.map((r) => [r.k, Number(r.n)]));
  },

  // ---------------------------------------------------------------- fraud rule inputs
  /** Referrals by this advocate since a time. */
  async countSince(ex: Executor, advocateId: string, since: Date): Promise<number> {
    const res = await ex.execute<{ n: number }>(sql`select count(*)::int as n from referrals
      where advocate_id = ${advocateId} and created_at >= ${since.toISOString()}::timestamptz`);
    return Number(res.rows[0]?.n ?? 0);
  },
  /**
   * Whether another advocate submitted from this IP address and user agent since a time; for a
   * submission on the advocate's own landing page (`viaLink`), also the advocate from their own form.
   */
  async sameDeviceOtherAdvocate(
    ex: Executor,
    advocateId: string,
    ip: string,
    ua: string,
    since: Date,
    viaLink = false,
  ) {
    const res = await ex.execute<{ n: number }>(sql`select count(*)::int as n from referrals
      where ip = ${ip} and user_agent = ${ua}
        and (advocate_id <> ${advocateId} or (${viaLink} and source <> 'link'))
        and created_at >= ${since.toISOString()}::timestamptz`);
    return Number(res.rows[0]?.n ?? 0) > 0;
  },
  async otherReferrers(ex: Executor, prospectId: string, advocateId: string): Promise<number> {
    const res = await ex.execute<{ n: number }>(sql`select count(*)::int as n from referrals
      where prospect_id = ${prospectId} and advocate_id <> ${advocateId}`);
    return Number(res.rows[0]?.n ?? 0);
  },

  // ---------------------------------------------------------------- payouts
  async livePayouts(tx: Tx, referralId: string): Promise<ReferralPayoutRow[]> {
    return tx
      .select()
      .from(referralPayouts)
      .where(and(eq(referralPayouts.referralId, referralId), sql`${referralPayouts.status} in ('pending','paid')`));
  },
  async nextRound(tx: Tx, referralId: string, milestone: string): Promise<number> {
    const res = await tx.execute<{ n: number }>(sql`select coalesce(max(round), 0)::int + 1 as n
      from referral_payouts where referral_id = ${referralId} and milestone = ${milestone}`);
    return Number(res.rows[0]!.n);
  },
  async insertPayout(tx: Tx, v: typeof referralPayouts.$inferInsert) {
    const [row] = await tx.insert(referralPayouts).values(v).onConflictDoNothing().returning();
    return row ?? null;
  },
  async setPayout(tx: Tx, id: string, v: Partial<ReferralPayoutRow>) {
    await tx.update(referralPayouts).set(v).where(eq(referralPayouts.id, id));
  },
  /** Pending payouts whose hold ended, locked (others sweeping at once skip them). */
  async due(tx: Tx, now: Date, limit: number): Promise<ReferralPayoutRow[]> {
    return tx
      .select()
      .from(referralPayouts)
      .where(
        and(eq(referralPayouts.status, 'pending'), sql`${referralPayouts.dueAt} <= ${now.toISOString()}::timestamptz`),
      )
      .orderBy(asc(referralPayouts.dueAt))
      .limit(limit)
      .for('update', { skipLocked: true });
  },

  // ---------------------------------------------------------------- stage events
  async insertEvent(tx: Tx, v: typeof referralStageEvents.$inferInsert) {
    const [row] = await tx.insert(referralStageEvents).values(v).returning();
    return row!;
  },
  async eventByKey(ex: Executor, key: string) {
    const [row] = await ex.select().from(referralStageEvents).where(eq(referralStageEvents.idempotencyKey, key));
    return row ?? null;
  },

  // ---------------------------------------------------------------- personal links
  /** The member's link code, made on first use (`code` is the one to keep if none exists yet). */
  async linkOf(ex: Executor, memberId: string, code: string): Promise<string> {
    await ex.insert(referralLinks).values({ code, memberId }).onConflictDoNothing();
    const [row] = await ex.select().from(referralLinks).where(eq(referralLinks.memberId, memberId));
    return row!.code;
  },
  async linkOwner(ex: Executor, code: string) {
    const [row] = await ex
      .select({ id: members.id, email: members.email, name: members.name, status: members.status })
      .from(referralLinks)
      .innerJoin(members, eq(members.id, referralLinks.memberId))
      .where(eq(referralLinks.code, code));
    return row ?? null;
  },

  // ---------------------------------------------------------------- rules
  async rules(ex: Executor): Promise<FraudRules | null> {
    const [row] = await ex.select().from(referralRules).where(eq(referralRules.id, 1));
    return row?.rules ?? null;
  },
  async saveRules(ex: Executor, rules: FraudRules, by: string | null) {
    await ex
      .insert(referralRules)
      .values({ id: 1, rules, updatedBy: by })
      .onConflictDoUpdate({ target: referralRules.id, set: { rules, updatedBy: by, updatedAt: sql`now()` } });
  },
};
