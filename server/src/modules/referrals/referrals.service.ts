import crypto from 'node:crypto';
import {
  FraudRules,
  ReferralMilestonePoints,
  type ReferralCampaign,
  type ReferralCampaignUpdateBody,
  ReferralErrorCode as E,
  type AdminReferral,
  type FraudRulesPatch,
  type Referral,
  type ReferralStage,
  type ReferralStageBody,
  type SubmitReferralBody,
} from '@advocate-hub/shared';
import type { Db, Executor, Tx } from '../../db/client.js';
import { AppError } from '../../platform/errors.js';
import type { Outbox } from '../../platform/events.js';
import type { UnitOfWork } from '../outbox/unit-of-work.js';
import type { DefinitionCache } from '../../platform/cache.js';
import type { BadgesService } from '../badges/badges.service.js';
import { levelsRepo } from '../levels/levels.repo.js';
import { noteLevelChange } from '../levels/levels.service.js';
import { referencesRepo } from '../references/references.repo.js';
import { auditRepo } from '../audit/audit.repo.js';
import { ledgerRepo } from '../ledger/ledger.repo.js';
import { membersRepo } from '../members/members.repo.js';
import { referralsRepo, type AdminFilter, type ReferralJoined } from './referrals.repo.js';
import { disposableDomains, domainOf, earnedMilestones, fraudHits, PUBLIC_MAIL_DOMAINS } from './referrals.rules.js';
import type { ReferralCampaignRow, ReferralPayoutRow, ReferralRow } from './referrals.table.js';

import { readImport } from './referrals.csv.js';

const err = (code: string, status: number, message: string, details?: unknown) =>
  new AppError({ code, status, message, details });
const notFound = () => err(E.notFound, 404, 'Referral not found');
const DAY_MS = 86_400_000;

/**
 * What follows points a payout posts, in its transaction: the level-up notice, and the badges a
 * level earns. Built before the transaction opens (it holds the program's cached definitions).
 */
export type LevelUp = (tx: Tx, outbox: Outbox, memberId: string, before: number, after: number) => Promise<void>;

/** Who submits a referral, and from where (the same-device rule reads the address and browser). */
export interface Submitter {
  id: string;
  email: string;
  name: string;
  ip: string | null;
  userAgent: string | null;
}

/** Who moves a referral: an admin, a CRM's API key, or a CSV import. */
export interface Mover {
  type: 'member' | 'api_key' | 'import';
  id: string;
  ip: string | null;
}

function campaignView(c: ReferralCampaignRow, referrals: number): ReferralCampaign {
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    status: c.status,
    points: c.points,
    holdDays: c.holdDays,
    isDefault: c.isDefault,
    referrals,
  };
}

export function memberView(j: ReferralJoined): Referral {
  return {
    id: j.r.id,
    status: j.r.stage,
    held: j.r.review === 'held',
    holdReasons: j.r.holdReasons,
    review: j.r.review,
    prospect: j.prospect,
    campaign: j.campaign,
    pointsPaid: j.pointsPaid,
    pointsPending: j.pointsPending,
    amount: j.r.amount,
    source: j.r.source,
    merged: j.r.merged,
    createdAt: j.r.createdAt.toISOString(),
    updatedAt: j.r.updatedAt.toISOString(),
  };
}
export function adminView(j: ReferralJoined): AdminReferral {
  return {
    ...memberView(j),
    advocate: j.advocate,
    holdNotes: j.r.holdNotes,
    consentAt: j.r.consentAt.toISOString(),
    note: j.r.note,
  };
}

/**
 * Referrals: submission (consent recorded, duplicates merged into the known prospect, fraud rules
 * hold but never drop), the pipeline and its milestone payouts. A move locks the referral row, so
 * concurrent moves run one after the other; each milestone has at most one live payout (a partial
 * unique index) and its ledger line a unique source id, so a milestone is paid once whatever the
 * concurrency. Moving back reverses what was paid, never below zero, as `reversal` ledger lines.
 */
export class ReferralsService {
  constructor(
    private readonly db: Db,
    private readonly uow: UnitOfWork,
    private readonly clock: () => Date,
    private readonly badges: BadgesService,
    private readonly cache: DefinitionCache,
    private readonly publicUrl: string = '',
  ) {}

  /** The level-up follow-up of payouts, its definitions read now (before any transaction). */
  private async levelUp(): Promise<LevelUp> {
    const [levels, badges] = await Promise.all([levelsRepo.cached(this.db, this.cache), this.badges.active()]);
    return async (tx, outbox, memberId, before, after) => {
      if (noteLevelChange(levels, outbox, memberId, before, after))
        await this.badges.evaluate(tx, outbox, memberId, { levelReached: true }, badges);
    };
  }

  // ---------------------------------------------------------------- personal links

  async myLink(memberId: string) {
    const code = await referralsRepo.linkOf(this.db, memberId, crypto.randomBytes(9).toString('base64url'));
    return { code, url: `${this.publicUrl}/r/${code}` };
  }

  /** What the landing page shows of a link: the advocate's first name and the default campaign. */
  async landing(code: string) {
    const [owner, campaign] = await Promise.all([
      referralsRepo.linkOwner(this.db, code),
      referralsRepo.defaultCampaign(this.db),
    ]);
    if (!owner || owner.status !== 'active' || !campaign) throw notFound();
    return {
      advocateFirstName: owner.name.split(/\s+/)[0] ?? owner.name,
      campaign: { name: campaign.name, description: campaign.description },
    };
  }

  /**
   * A prospect leaves their details on an advocate's landing page: a referral by that advocate,
   * from the prospect's address and browser (so the same-device rule sees an advocate referring
   * themselves). The answer says nothing of the referral.
   */
  async submitByLink(
    code: string,
    body: { prospect: SubmitReferralBody['prospect']; consent: true },
    from: { ip: string | null; userAgent: string | null },
  ) {
    const owner = await referralsRepo.linkOwner(this.db, code);
    if (!owner || owner.status !== 'active') throw notFound();
    const levelUp = await this.levelUp();
    await this.uow.run((tx, outbox) =>
      submitReferral(
        tx,
        this.clock(),
        outbox,
        { id: owner.id, email: owner.email, name: owner.name, ...from },
        { prospect: body.prospect, consent: true },
        null,
        'link',
        null,
        levelUp,
      ),
    );
    return { ok: true as const };
  }

  // ---------------------------------------------------------------- rules

  rules(ex: Executor = this.db): Promise<FraudRules> {
    return fraudRules(ex);
  }

  async rulesView() {
    const [rules, counts] = await Promise.all([this.rules(), referralsRepo.counts(this.db)]);
    return {
      rules,
      disposableDomains: disposableDomains().size,
      publicMailDomains: PUBLIC_MAIL_DOMAINS,
      held: counts.held ?? 0,
    };
  }

  async patchRules(actorId: string, patch: FraudRulesPatch, ip: string | null) {
    await this.db.transaction(async (tx) => {
      const current = await this.rules(tx);
      const next = FraudRules.parse({
        selfReferral: { ...current.selfReferral, ...patch.selfReferral },
        sameDomain: { ...current.sameDomain, ...patch.sameDomain },
        sameDevice: { ...current.sameDevice, ...patch.sameDevice },
        disposableEmail: { ...current.disposableEmail, ...patch.disposableEmail },
        velocity: { ...current.velocity, ...patch.velocity },
        duplicateProspect: { ...current.duplicateProspect, ...patch.duplicateProspect },
        allowDomains: [...new Set(patch.allowDomains ?? current.allowDomains)],
      });
      await referralsRepo.saveRules(tx, next, actorId);
      await auditRepo.record(tx, {
        actorId,
        action: 'referral.rules_updated',
        targetType: 'referral_rules',
        data: { before: current, after: next },
        ip,
      });
    });
    return this.rulesView();
  }

  // ---------------------------------------------------------------- campaigns

  async campaigns() {
    return { campaigns: (await referralsRepo.listCampaigns(this.db)).map((c) => campaignView(c.c, c.referrals)) };
  }

  async saveCampaign(actorId: string, id: string | null, body: ReferralCampaignUpdateBody, ip: string | null) {
    return this.db.transaction(async (tx) => {
      const current = id ? await referralsRepo.findCampaign(tx, id) : null;
      if (id && !current) throw err(E.campaignNotFound, 404, 'Campaign not found');
      const v = {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.description !== undefined ? { description: body.description || null } : {}),
        ...(body.points ? { points: ReferralMilestonePoints.parse({ ...current?.points, ...body.points }) } : {}),
        ...(body.holdDays !== undefined ? { holdDays: body.holdDays } : {}),
        ...(body.isDefault !== undefined ? { isDefault: body.isDefault } : {}),
        ...(body.status !== undefined ? { status: body.status } : {}),
      };
      const row = current
        ? (await referralsRepo.updateCampaign(tx, current.id, v))!
        : await referralsRepo.insertCampaign(tx, {
            ...v,
            name: body.name ?? 'Referrals',
            points: ReferralMilestonePoints.parse(body.points ?? {}),
          });
      await auditRepo.record(tx, {
        actorId,
        action: current ? 'referral_campaign.updated' : 'referral_campaign.created',
        targetType: 'referral_campaign',
        targetId: row.id,
        data: body,
        ip,
      });
      return { campaign: campaignView(row, 0) };
    });
  }

  // ---------------------------------------------------------------- submit

  /** 201 with the new referral; a replayed key or a prospect this advocate already referred: 200, the same referral. */
  async submit(
    who: Submitter,
    body: SubmitReferralBody,
    key: string | null,
  ): Promise<{ replay: boolean; referral: Referral }> {
    if (key) {
      const earlier = await referralsRepo.findByKey(this.db, who.id, key);
      if (earlier) return this.replayOf(earlier, body);
    }
    const levelUp = await this.levelUp();
    try {
      return await this.uow.run((tx, outbox) =>
        submitReferral(tx, this.clock(), outbox, who, body, key, 'form', null, levelUp),
      );
    } catch (e) {
      // Two submissions with one key at once: the second meets the first's row.
      if (key && (e as { code?: string }).code === '23505') {
        const earlier = await referralsRepo.findByKey(this.db, who.id, key);
        if (earlier) return this.replayOf(earlier, body);
      }
      throw e;
    }
  }

  private async replayOf(earlier: ReferralRow, body: SubmitReferralBody) {
    const j = (await referralsRepo.joinedById(this.db, earlier.id))!;
    if (j.prospect.email.toLowerCase() !== body.prospect.email.toLowerCase())
      throw err(E.idempotencyKeyReused, 422, 'This Idempotency-Key was already used for another prospect');
    return { replay: true, referral: (earlier.response as Referral | null) ?? memberView(j) };
  }

  // ---------------------------------------------------------------- reads

  async mine(memberId: string) {
    return { referrals: (await referralsRepo.listForAdvocate(this.db, memberId)).map(memberView) };
  }

  async adminList(f: AdminFilter) {
    const [rows, counts] = await Promise.all([referralsRepo.listAdmin(this.db, f), referralsRepo.counts(this.db)]);
    return { referrals: rows.map(adminView), counts };
  }

  async adminGet(id: string, ex: Executor = this.db): Promise<AdminReferral> {
    const j = await referralsRepo.joinedById(ex, id);
    if (!j) throw notFound();
    return adminView(j);
  }

  // ---------------------------------------------------------------- pipeline

  /**
   * Moves a referral to a stage and pays or reverses milestones to match. Moving to the stage it is
   * at changes nothing (pointsDelta 0). A replayed Idempotency-Key answers with the first answer.
   */
  async advance(
    by: Mover,
    id: string,
    body: ReferralStageBody,
    key: string | null,
  ): Promise<{ replay: boolean; referral: AdminReferral; pointsDelta: number }> {
    const levelUp = await this.levelUp();
    const run = () =>
      this.uow.run(async (tx, outbox) => {
        const r = await referralsRepo.lock(tx, id);
        if (!r) throw notFound();
        if (key) {
          const earlier = await referralsRepo.eventByKey(tx, key);
          if (earlier) return this.stageReplay(earlier, id);
        }
        if (r.review === 'rejected') throw err(E.rejected, 409, 'This referral was rejected: it cannot move');
        if (body.stage === 'won' && body.amount === undefined && r.amount === null)
          throw err(E.amountRequired, 422, 'A won deal needs its amount');
        const now = this.clock();
        const amount = body.amount ?? r.amount;
        const moved = r.stage !== body.stage || amount !== r.amount;
        if (moved) await referralsRepo.update(tx, id, { stage: body.stage, amount });
        const campaign = (await referralsRepo.findCampaign(tx, r.campaignId))!;
        const pointsDelta = moved
          ? await sync(
              tx,
              outbox,
              { ...r, stage: body.stage },
              campaign,
              now,
              by.type === 'member' ? by.id : null,
              levelUp,
            )
          : 0;
        const referral = await this.adminGet(id, tx);
        const answer = { referral, pointsDelta };
        await referralsRepo.insertEvent(tx, {
          referralId: id,
          fromStage: r.stage,
          toStage: body.stage,
          amount,
          pointsDelta,
          actorType: by.type,
          actorId: by.id,
          idempotencyKey: key,
          response: answer,
          createdAt: now,
        });
        if (r.stage !== body.stage)
          outbox.add('referral.advanced', {
            referralId: id,
            memberId: r.advocateId,
            campaignId: r.campaignId,
            from: r.stage,
            to: body.stage,
            amount,
            pointsDelta,
          });
        if (moved)
          await auditRepo.record(tx, {
            actorId: by.type === 'member' ? by.id : null,
            action: 'referral.stage',
            targetType: 'referral',
            targetId: id,
            data: { from: r.stage, to: body.stage, amount, pointsDelta, by: by.type, byId: by.id },
            ip: by.ip,
          });
        return { replay: false, ...answer };
      });
    try {
      return await run();
    } catch (e) {
      // The same key on another referral at the same moment: answered as a reuse.
      if (key && (e as { code?: string }).code === '23505') {
        const earlier = await referralsRepo.eventByKey(this.db, key);
        if (earlier) return this.stageReplay(earlier, id);
      }
      throw e;
    }
  }

  private stageReplay(earlier: { referralId: string; response: unknown }, id: string) {
    if (earlier.referralId !== id)
      throw err(E.idempotencyKeyReused, 422, 'This Idempotency-Key was already used for another referral');
    return { replay: true, ...(earlier.response as { referral: AdminReferral; pointsDelta: number }) };
  }

  /** Release (pays what the stage has earned) or reject (reverses what was paid) a held referral. */
  async review(
    actorId: string,
    id: string,
    decision: 'release' | 'reject',
    note: string | undefined,
    ip: string | null,
  ) {
    const levelUp = await this.levelUp();
    return this.uow.run(async (tx, outbox) => {
      const r = await referralsRepo.lock(tx, id);
      if (!r) throw notFound();
      if (r.review !== 'held') throw err(E.notHeld, 409, 'Only a held referral can be released or rejected');
      const review = decision === 'release' ? 'released' : 'rejected';
      await referralsRepo.update(tx, id, { review });
      const campaign = (await referralsRepo.findCampaign(tx, r.campaignId))!;
      const pointsDelta = await sync(tx, outbox, { ...r, review }, campaign, this.clock(), actorId, levelUp);
      await auditRepo.record(tx, {
        actorId,
        action: `referral.${review}`,
        targetType: 'referral',
        targetId: id,
        data: { reasons: r.holdReasons, note: note ?? null, pointsDelta },
        ip,
      });
      return { referral: await this.adminGet(id, tx), pointsDelta };
    });
  }

  /** Moves a referral to another campaign: milestones reached later pay that campaign's points. */
  async reassign(actorId: string, id: string, campaignId: string, ip: string | null) {
    return this.db.transaction(async (tx) => {
      const r = await referralsRepo.lock(tx, id);
      if (!r) throw notFound();
      const campaign = await referralsRepo.findCampaign(tx, campaignId);
      if (!campaign || campaign.status !== 'active') throw err(E.campaignNotFound, 404, 'Campaign not found');
      await referralsRepo.update(tx, id, { campaignId });
      await auditRepo.record(tx, {
        actorId,
        action: 'referral.reassigned',
        targetType: 'referral',
        targetId: id,
        data: { from: r.campaignId, to: campaignId },
        ip,
      });
      return this.adminGet(id, tx);
    });
  }

  /** All referrals matching the filters, for the CSV export. */
  async exportRows(f: Omit<AdminFilter, 'limit'>) {
    return (await referralsRepo.listAdmin(this.db, { ...f, limit: 100_000 })).map(adminView);
  }

  /**
   * A CSV import (the export's columns): rows with an `id` move that referral (to its stage and
   * amount; unchanged rows change nothing), rows without one create a referral for the named
   * advocate (consent required). Each row succeeds or fails on its own.
   */
  async importCsv(actor: Mover, csv: string) {
    const out = { created: 0, moved: 0, unchanged: 0, errors: [] as { row: number; code: string; message: string }[] };
    const levelUp = await this.levelUp();
    for (const row of readImport(csv)) {
      try {
        if (row.kind === 'error') {
          out.errors.push({ row: row.line, code: row.code, message: row.message });
        } else if (row.kind === 'move') {
          const current = await referralsRepo.find(this.db, row.id);
          if (!current) throw notFound();
          if (current.stage === row.stage && (row.amount === undefined || row.amount === current.amount))
            out.unchanged++;
          else {
            await this.advance(
              actor,
              row.id,
              { stage: row.stage, ...(row.amount !== undefined ? { amount: row.amount } : {}) },
              null,
            );
            out.moved++;
          }
        } else {
          const advocate = await membersRepo.findByEmail(this.db, row.advocateEmail);
          if (!advocate) throw err(E.notFound, 404, `No member with the email ${row.advocateEmail}`);
          const made = await this.uow.run((tx, outbox) =>
            submitReferral(
              tx,
              this.clock(),
              outbox,
              { id: advocate.id, email: advocate.email, name: advocate.name, ip: null, userAgent: null },
              { prospect: row.prospect, consent: true, ...(row.campaignId ? { campaignId: row.campaignId } : {}) },
              null,
              'import',
              null,
              levelUp,
            ),
          );
          if (made.replay) out.unchanged++;
          else out.created++;
          if (row.stage !== 'submitted')
            await this.advance(
              actor,
              made.referral.id,
              { stage: row.stage, ...(row.amount !== undefined ? { amount: row.amount } : {}) },
              null,
            );
        }
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        out.errors.push({ row: row.line, code: e.code, message: e.message });
      }
    }
    return out;
  }

  /** Pays pending payouts whose hold period has ended (run by a sweep; safe on many nodes at once). */
  async payDue(limit = 200): Promise<number> {
    const now = this.clock();
    const levelUp = await this.levelUp();
    return this.uow.run(async (tx, outbox) => {
      let paid = 0;
      for (const p of await referralsRepo.due(tx, now, limit)) {
        const r = await referralsRepo.find(tx, p.referralId);
        if (!r || r.review === 'held' || r.review === 'rejected') {
          // Held since: it waits for the review (release pays again by the stage); rejected: never.
          await referralsRepo.setPayout(tx, p.id, { status: 'cancelled' });
          continue;
        }
        await referralsRepo.setPayout(tx, p.id, { status: 'paid', paidAt: now });
        if (await pay(tx, outbox, p, now, levelUp)) paid++;
      }
      return paid;
    });
  }
}

/** The ledger source of one payout: once per referral, milestone and round (a round per re-earning). */
const sourceId = (p: ReferralPayoutRow) => `${p.referralId}:${p.milestone}:${p.round}`;

export type { ReferralStage };

/** The fraud rules as saved, with defaults for what was never set. */
export async function fraudRules(ex: Executor): Promise<FraudRules> {
  return FraudRules.parse((await referralsRepo.rules(ex)) ?? {});
}

/**
 * A submission inside a transaction (the challenge stage runs it in the completion's). Without an
 * outbox (a stage), milestone points are left pending, due at once, for the payout sweep.
 */
export async function submitReferral(
  tx: Tx,
  now: Date,
  outbox: Outbox | null,
  who: Submitter,
  body: SubmitReferralBody,
  key: string | null,
  source: 'form' | 'link' | 'challenge' | 'import',
  completionId: string | null = null,
  levelUp: LevelUp | null = null,
): Promise<{ replay: boolean; referral: Referral }> {
  if (!body.consent) throw err(E.consentRequired, 422, 'The prospect’s consent to be contacted is required');
  const campaign = body.campaignId
    ? await referralsRepo.findCampaign(tx, body.campaignId)
    : await referralsRepo.defaultCampaign(tx);
  if (!campaign || campaign.status !== 'active')
    throw err(E.campaignNotFound, 404, 'No open referral campaign to refer to');
  const p = body.prospect;
  const prospect = await referralsRepo.upsertProspect(tx, {
    email: p.email,
    domain: domainOf(p.email),
    name: p.name,
    company: p.company ?? null,
    title: p.title ?? null,
  });
  const mine = prospect.inserted ? null : await referralsRepo.findByAdvocateProspect(tx, who.id, prospect.id);
  if (mine) return { replay: true, referral: memberView((await referralsRepo.joinedById(tx, mine.id))!) };
  const rules = await fraudRules(tx);
  await membersRepo.lockById(tx, who.id); // velocity is counted exactly per advocate
  const hits = fraudHits(rules, {
    advocate: who,
    prospect: p,
    recentByAdvocate: await referralsRepo.countSince(
      tx,
      who.id,
      new Date(now.getTime() - rules.velocity.windowHours * 3_600_000),
    ),
    sameDevice:
      !!who.ip &&
      !!who.userAgent &&
      (await referralsRepo.sameDeviceOtherAdvocate(
        tx,
        who.id,
        who.ip,
        who.userAgent,
        new Date(now.getTime() - rules.sameDevice.windowMinutes * 60_000),
        source === 'link',
      )),
    otherReferrers: prospect.inserted ? 0 : await referralsRepo.otherReferrers(tx, prospect.id, who.id),
  });
  const row = await referralsRepo.insert(tx, {
    advocateId: who.id,
    prospectId: prospect.id,
    campaignId: campaign.id,
    review: hits.length ? 'held' : 'clear',
    holdReasons: hits.map((h) => h.reason),
    holdNotes: hits.map((h) => h.note),
    note: p.note ?? null,
    source,
    merged: !prospect.inserted,
    consentAt: now,
    ip: who.ip,
    userAgent: who.userAgent?.slice(0, 500) ?? null,
    completionId,
    idempotencyKey: key,
    createdAt: now,
    updatedAt: now,
  });
  if (!row) {
    // The same advocate and prospect at once: the other submission's referral.
    const other = await referralsRepo.findByAdvocateProspect(tx, who.id, prospect.id);
    if (!other) throw err(E.notFound, 409, 'The referral could not be recorded; try again');
    return { replay: true, referral: memberView((await referralsRepo.joinedById(tx, other.id))!) };
  }
  // A referral made is an ask answered: it counts in the reference desk's fatigue ledger.
  await referencesRepo.recordAskOf(tx, {
    memberId: who.id,
    kind: 'referral',
    sourceType: 'referral',
    sourceId: row.id,
  });
  await auditRepo.record(tx, {
    actorId: who.id,
    action: 'referral.submitted',
    targetType: 'referral',
    targetId: row.id,
    data: { prospectEmail: p.email, campaignId: campaign.id, consentAt: now.toISOString(), source, ip: who.ip },
    ip: who.ip,
  });
  if (hits.length)
    await auditRepo.record(tx, {
      actorId: null,
      action: 'referral.held',
      targetType: 'referral',
      targetId: row.id,
      data: { reasons: hits.map((h) => h.reason), notes: hits.map((h) => h.note) },
      ip: null,
    });
  await sync(tx, outbox, row, campaign, now, null, levelUp);
  const referral = memberView((await referralsRepo.joinedById(tx, row.id))!);
  await referralsRepo.update(tx, row.id, { response: referral });
  return { replay: false, referral };
}

/**
 * Makes the payouts match what the referral has earned: new milestones are paid (or left pending
 * for the campaign's hold period), milestones no longer earned are cancelled (pending) or reversed
 * (paid; never below zero). Returns the points posted now.
 */
async function sync(
  tx: Tx,
  outbox: Outbox | null,
  r: Pick<ReferralRow, 'id' | 'advocateId' | 'stage' | 'review'>,
  campaign: ReferralCampaignRow,
  now: Date,
  actorId: string | null,
  levelUp: LevelUp | null,
): Promise<number> {
  const live = await referralsRepo.livePayouts(tx, r.id);
  const reached = live.map((p) => p.milestone);
  const earned = r.review === 'held' || r.review === 'rejected' ? [] : earnedMilestones(r.stage, reached);
  let delta = 0;
  for (const p of live) {
    if (earned.includes(p.milestone)) continue;
    if (p.status === 'pending') await referralsRepo.setPayout(tx, p.id, { status: 'cancelled' });
    else delta += await reverse(tx, outbox, p, actorId);
  }
  for (const m of earned) {
    if (reached.includes(m)) continue;
    const points = campaign.points[m] ?? 0;
    if (points <= 0) continue;
    const round = await referralsRepo.nextRound(tx, r.id, m);
    const pending = campaign.holdDays !== null || outbox === null;
    const payout = await referralsRepo.insertPayout(tx, {
      referralId: r.id,
      memberId: r.advocateId,
      milestone: m,
      round,
      points,
      status: pending ? 'pending' : 'paid',
      dueAt: new Date(now.getTime() + (campaign.holdDays ?? 0) * DAY_MS),
      paidAt: pending ? null : now,
      createdAt: now,
    });
    if (payout && !pending) delta += await pay(tx, outbox, payout, now, levelUp);
  }
  return delta;
}

async function pay(
  tx: Tx,
  outbox: Outbox | null,
  p: ReferralPayoutRow,
  now: Date,
  levelUp: LevelUp | null,
): Promise<number> {
  const posted = await ledgerRepo.post(tx, {
    memberId: p.memberId,
    delta: p.points,
    lifetimeDelta: p.points,
    kind: 'earn',
    sourceType: 'referral',
    sourceId: sourceId(p),
    reason: `Referral ${p.milestone}`,
    createdAt: now,
  });
  if (!posted.posted) return 0;
  outbox?.add('points.changed', {
    memberId: p.memberId,
    balance: posted.balance,
    lifetime: posted.lifetime,
    delta: p.points,
    reason: posted.entry.reason,
  });
  outbox?.add('points.posted', {
    memberId: p.memberId,
    delta: p.points,
    cause: 'referral',
    reason: posted.entry.reason,
    challengeId: null,
    challengeTitle: null,
  });
  // A milestone can take the advocate to a new level: they hear of it, and its badges follow, like any other.
  if (outbox) {
    if (!levelUp) throw new Error('a referral payout posted points without its level-up follow-up');
    await levelUp(tx, outbox, p.memberId, posted.lifetimeBefore, posted.lifetime);
  }
  return p.points;
}

/** Takes back a paid milestone: as much as the balance (and lifetime) allow, never below zero. */
async function reverse(tx: Tx, outbox: Outbox | null, p: ReferralPayoutRow, actorId: string | null) {
  await membersRepo.lockById(tx, p.memberId);
  const totals = (await ledgerRepo.totals(tx, p.memberId))!;
  const take = Math.min(p.points, totals.balance);
  const posted = await ledgerRepo.post(tx, {
    memberId: p.memberId,
    delta: -take,
    lifetimeDelta: -Math.min(p.points, totals.lifetime),
    kind: 'reversal',
    sourceType: 'referral',
    sourceId: sourceId(p),
    reason:
      take < p.points
        ? `Reversed: referral ${p.milestone} (${take} of ${p.points} points: the rest was spent)`
        : `Reversed: referral ${p.milestone}`,
    createdBy: actorId,
  });
  await referralsRepo.setPayout(tx, p.id, { status: 'reversed', reversedPoints: posted.posted ? take : 0 });
  if (!posted.posted) return 0;
  outbox?.add('points.changed', {
    memberId: p.memberId,
    balance: posted.balance,
    lifetime: posted.lifetime,
    delta: -take,
    reason: posted.entry.reason,
  });
  outbox?.add('points.posted', {
    memberId: p.memberId,
    delta: posted.entry.lifetimeDelta,
    cause: 'reversal',
    reason: posted.entry.reason,
    challengeId: null,
    challengeTitle: null,
  });
  return -take;
}
