import crypto from 'node:crypto';
import { parse } from 'csv-parse/sync';
import {
  RewardErrorCode as E,
  type AdminRedemption,
  type AdminReward,
  type CreateRewardBody,
  type LiabilityResponse,
  type RedeemBody,
  type Redemption,
  type RedemptionDecision,
  type RedemptionStatus,
  type RewardView,
  type UpdateRewardBody,
} from '@advocate-hub/shared';
import type { Db, Executor, Tx } from '../../db/client.js';
import type { DefinitionCache } from '../../platform/cache.js';
import { AppError } from '../../platform/errors.js';
import type { Outbox } from '../../platform/events.js';
import type { UnitOfWork } from '../outbox/unit-of-work.js';
import { auditRepo } from '../audit/audit.repo.js';
import { isTargeted, targetingAllows } from '../challenges/rules.js';
import { ledgerRepo } from '../ledger/ledger.repo.js';
import { programRepo } from '../program/program.repo.js';
import { unknownTargets, type SegmentsService } from '../segments/segments.service.js';
import { rewardsRepo, type RedemptionJoined, type RewardWithStats } from './rewards.repo.js';
import { codesFromRows, isLowStock, periodWindow, rewardBlock } from './rewards.rules.js';
import type { RedemptionRow, RewardRow } from './rewards.table.js';
import type { MemberSnapshot } from '../members/members.repo.js';

const err = (code: string, status: number, message: string, details?: unknown) =>
  new AppError({ code, status, message, details });
const notFound = () => err(E.notFound, 404, 'Reward not found');
const redemptionNotFound = () => err(E.redemptionNotFound, 404, 'Redemption not found');
const EMPTY_VISIBILITY = { includeSegmentIds: [], includeGroupIds: [], excludeSegmentIds: [], excludeGroupIds: [] };

const iso = (d: Date | null) => d?.toISOString() ?? null;

function adminView(w: RewardWithStats): AdminReward {
  return {
    id: w.id,
    name: w.name,
    type: w.type,
    description: w.description,
    imageUrl: w.imageUrl,
    cost: w.cost,
    stock: w.stock,
    needsApproval: w.needsApproval,
    status: w.status,
    limitPerMember: w.limitPerMember,
    limitPerPeriod: w.limitPerPeriod,
    limitPeriod: w.limitPeriod,
    minLevelRank: w.minLevelRank,
    visibility: { ...EMPTY_VISIBILITY, ...w.visibility },
    publishAt: iso(w.publishAt),
    expireAt: iso(w.expireAt),
    fulfilmentNote: w.fulfilmentNote,
    featured: w.featured,
    sortOrder: w.sortOrder,
    lowStockThreshold: w.lowStockThreshold,
    lowStock: w.status !== 'archived' && isLowStock(w.stock, w.lowStockThreshold),
    redeemedCount: w.redeemedCount,
    pendingCount: w.pendingCount,
    codes: w.type === 'code' ? { total: w.codesTotal, remaining: w.codesRemaining } : null,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}

type RedemptionFields = Pick<
  RedemptionRow,
  | 'id'
  | 'status'
  | 'cost'
  | 'note'
  | 'adminNote'
  | 'hadShipping'
  | 'createdAt'
  | 'decidedAt'
  | 'fulfilledAt'
  | 'refundedAt'
>;

/** What the member sees; the code only once the redemption is approved or fulfilled. */
function memberRedemption(j: {
  r: RedemptionFields;
  reward: RedemptionJoined['reward'];
  code: string | null;
}): Redemption {
  const r = j.r;
  const revealed = r.status === 'approved' || r.status === 'fulfilled';
  return {
    id: r.id,
    status: r.status,
    reward: { id: j.reward.id, name: j.reward.name, type: j.reward.type, imageUrl: j.reward.imageUrl },
    cost: r.cost,
    code: revealed ? j.code : null,
    note: r.note,
    adminNote: r.adminNote,
    fulfilmentNote: j.reward.fulfilmentNote,
    hasShipping: r.hadShipping,
    createdAt: r.createdAt.toISOString(),
    decidedAt: iso(r.decidedAt),
    fulfilledAt: iso(r.fulfilledAt),
    refunded: r.refundedAt !== null,
  };
}
function adminRedemption(j: RedemptionJoined): AdminRedemption {
  return {
    ...memberRedemption(j),
    code: j.code,
    member: j.member,
    shipping: j.r.shipping ?? null,
    decidedBy: j.decidedBy,
  };
}

/** Which statuses each decision moves from, and to. */
const TRANSITIONS: Record<RedemptionDecision, { from: RedemptionStatus[]; to: RedemptionStatus }> = {
  approve: { from: ['requested'], to: 'approved' },
  decline: { from: ['requested', 'approved'], to: 'declined' },
  fulfil: { from: ['requested', 'approved'], to: 'fulfilled' },
  cancel: { from: ['requested', 'approved'], to: 'cancelled' },
};

/**
 * The rewards catalog and redemptions. A redemption is one transaction: the member row is locked
 * first (so limits and idempotency keys are exact per member), the balance is debited through the
 * ledger (never below zero), stock is taken with a guarded update (never below zero) and a code
 * from the pool with SKIP LOCKED (never twice). Declines and cancellations refund exactly once: a
 * conditional status update plus the ledger's one-refund-per-redemption unique index.
 */
export class RewardsService {
  constructor(
    private readonly db: Db,
    private readonly uow: UnitOfWork,
    private readonly timezone: string,
    private readonly clock: () => Date,
    private readonly cache: DefinitionCache,
    private readonly segments: SegmentsService,
  ) {}

  // ---------------------------------------------------------------- admin: catalog

  async adminList(q: { status?: string | undefined; q?: string | undefined }): Promise<AdminReward[]> {
    return (await rewardsRepo.list(this.db, q)).map(adminView);
  }

  async adminGet(id: string, ex: Executor = this.db): Promise<AdminReward> {
    const w = await rewardsRepo.findById(ex, id);
    if (!w) throw notFound();
    return adminView(w);
  }

  private async checkReferences(ex: Executor, body: UpdateRewardBody) {
    const v = body.visibility;
    if (!v) return;
    const missing = await unknownTargets(ex, {
      segmentIds: [...(v.includeSegmentIds ?? []), ...(v.excludeSegmentIds ?? [])],
      groupIds: [...(v.includeGroupIds ?? []), ...(v.excludeGroupIds ?? [])],
    });
    if (missing.length)
      throw err('rewards.unknown_target', 422, 'Visibility refers to groups or segments that do not exist', {
        ids: missing,
      });
  }

  private fields(body: UpdateRewardBody, current: RewardRow | null): Partial<RewardRow> {
    const v: Partial<RewardRow> = {};
    const set = <K extends keyof RewardRow>(k: K, val: RewardRow[K] | undefined) => {
      if (val !== undefined) v[k] = val;
    };
    set('name', body.name);
    set('type', body.type);
    set('description', body.description);
    set('imageUrl', body.imageUrl);
    set('cost', body.cost);
    set('stock', body.stock);
    set('needsApproval', body.needsApproval);
    set('status', body.status);
    set('limitPerMember', body.limitPerMember);
    set('limitPerPeriod', body.limitPerPeriod);
    set('limitPeriod', body.limitPeriod);
    set('minLevelRank', body.minLevelRank);
    set('fulfilmentNote', body.fulfilmentNote);
    set('featured', body.featured);
    set('sortOrder', body.sortOrder);
    set('lowStockThreshold', body.lowStockThreshold);
    if (body.visibility) v.visibility = { ...EMPTY_VISIBILITY, ...(current?.visibility ?? {}), ...body.visibility };
    if (body.publishAt !== undefined) v.publishAt = body.publishAt ? new Date(body.publishAt) : null;
    if (body.expireAt !== undefined) v.expireAt = body.expireAt ? new Date(body.expireAt) : null;
    const limitPerPeriod = v.limitPerPeriod !== undefined ? v.limitPerPeriod : (current?.limitPerPeriod ?? null);
    const limitPeriod = v.limitPeriod !== undefined ? v.limitPeriod : (current?.limitPeriod ?? null);
    if ((limitPerPeriod === null) !== (limitPeriod === null))
      throw err('rewards.invalid_limit', 422, 'A per-period limit needs both a number and a period');
    const publishAt = v.publishAt !== undefined ? v.publishAt : (current?.publishAt ?? null);
    const expireAt = v.expireAt !== undefined ? v.expireAt : (current?.expireAt ?? null);
    if (publishAt && expireAt && expireAt <= publishAt)
      throw err('rewards.invalid_window', 422, 'The reward must expire after it is published');
    return v;
  }

  async create(actorId: string, body: CreateRewardBody, ip: string | null): Promise<AdminReward> {
    const v = this.fields(body, null);
    // A code reward's stock is its pool: it starts empty and grows as codes are uploaded.
    if (body.type === 'code') {
      if (body.stock) throw err(E.stockBelowIssued, 422, 'Upload codes to give a code reward its stock');
      v.stock = 0;
    }
    return this.db.transaction(async (tx) => {
      await this.checkReferences(tx, body);
      const row = await rewardsRepo.insert(tx, { ...v, name: body.name, type: body.type, cost: body.cost });
      await auditRepo.record(tx, {
        actorId,
        action: 'reward.created',
        targetType: 'reward',
        targetId: row.id,
        data: body,
        ip,
      });
      return this.adminGet(row.id, tx);
    });
  }

  async update(actorId: string, id: string, body: UpdateRewardBody, ip: string | null): Promise<AdminReward> {
    return this.db.transaction(async (tx) => {
      const current = await rewardsRepo.find(tx, id);
      if (!current) throw notFound();
      if (body.type !== undefined && body.type !== current.type && (current.type === 'code' || body.type === 'code'))
        throw err('rewards.type_locked', 422, 'A reward cannot become, or stop being, a code reward');
      if (current.type === 'code' && body.stock !== undefined && body.stock !== current.stock)
        throw err(E.stockBelowIssued, 422, 'A code reward’s stock is its pool: upload codes to add stock');
      await this.checkReferences(tx, body);
      await rewardsRepo.update(tx, id, this.fields(body, current));
      await auditRepo.record(tx, {
        actorId,
        action: 'reward.updated',
        targetType: 'reward',
        targetId: id,
        data: body,
        ip,
      });
      return this.adminGet(id, tx);
    });
  }

  /** Codes from CSV text (first column; a `code` header row is skipped); duplicates are not added twice. */
  async uploadCodes(actorId: string, id: string, csv: string, ip: string | null) {
    let rows: string[][];
    try {
      rows = parse(csv, { relax_column_count: true, skip_empty_lines: true, bom: true, trim: true }) as string[][];
    } catch (e) {
      throw err(E.badCsv, 400, `The CSV could not be read: ${(e as Error).message}`);
    }
    const { codes, duplicates, invalid } = codesFromRows(rows);
    if (!codes.length) throw err(E.badCsv, 400, 'No codes found: put one code per line in the first column');
    if (invalid) throw err(E.badCsv, 400, `${invalid} codes are longer than 200 characters`);
    return this.db.transaction(async (tx) => {
      const w = await rewardsRepo.find(tx, id);
      if (!w) throw notFound();
      if (w.type !== 'code') throw err(E.notCodeReward, 422, 'Only code rewards have a code pool');
      const added = await rewardsRepo.addCodes(tx, id, codes);
      const counts = await rewardsRepo.codeCounts(tx, id);
      await auditRepo.record(tx, {
        actorId,
        action: 'reward.codes_added',
        targetType: 'reward',
        targetId: id,
        data: { added, duplicates: duplicates + codes.length - added },
        ip,
      });
      return { added, duplicates: duplicates + codes.length - added, ...counts };
    });
  }

  async liability(): Promise<LiabilityResponse> {
    const [sums, program] = await Promise.all([rewardsRepo.liability(this.db), programRepo.get(this.db)]);
    const value = Number(program.pointValue);
    const money = (points: number) => Math.round(points * value * 100) / 100;
    return {
      pointsOutstanding: sums.outstanding,
      pointsCommitted: sums.committed,
      pointValue: value,
      currency: program.currency,
      liability: money(sums.outstanding),
      committed: money(sums.committed),
    };
  }

  // ---------------------------------------------------------------- advocate: catalog

  private memberContext(memberId: string, known?: MemberSnapshot | null) {
    return this.segments.audienceOf(memberId, known);
  }

  private visible(w: RewardRow, ctx: { groups: Set<string>; segments: Set<string> }) {
    const v = { ...EMPTY_VISIBILITY, ...w.visibility };
    return !isTargeted(v) || targetingAllows(v, ctx.groups, ctx.segments).visible;
  }

  private live(w: RewardRow, now: Date) {
    return w.status === 'published' && (!w.publishAt || w.publishAt <= now) && (!w.expireAt || w.expireAt > now);
  }

  private view(
    w: RewardRow,
    ctx: Awaited<ReturnType<RewardsService['memberContext']>>,
    history: { rewardId: string; createdAt: Date }[],
    now: Date,
  ): RewardView {
    const mine = history.filter((h) => h.rewardId === w.id);
    const period = w.limitPeriod ? periodWindow(now, this.timezone, w.limitPeriod) : null;
    const mineInPeriod = period
      ? mine.filter((h) => h.createdAt >= period.start && h.createdAt < period.end).length
      : 0;
    const blocked = rewardBlock({
      cost: w.cost,
      stock: w.stock,
      limitPerMember: w.limitPerMember,
      limitPerPeriod: w.limitPerPeriod,
      minLevelRank: w.minLevelRank,
      balance: ctx.member.balance,
      memberRank: ctx.rank,
      mine: mine.length,
      mineInPeriod,
    });
    const minLevel = w.minLevelRank ? (ctx.levels.find((l) => l.rank === w.minLevelRank) ?? null) : null;
    return {
      id: w.id,
      name: w.name,
      type: w.type,
      description: w.description,
      imageUrl: w.imageUrl,
      cost: w.cost,
      stock: w.stock,
      lowStock: isLowStock(w.stock, w.lowStockThreshold),
      needsApproval: w.needsApproval || !ctx.member.trusted,
      featured: w.featured,
      fulfilmentNote: w.fulfilmentNote,
      minLevel: minLevel
        ? { rank: minLevel.rank, name: minLevel.name }
        : w.minLevelRank
          ? { rank: w.minLevelRank, name: `Level ${w.minLevelRank}` }
          : null,
      limitPerMember: w.limitPerMember,
      limitPerPeriod: w.limitPerPeriod,
      limitPeriod: w.limitPeriod,
      expireAt: iso(w.expireAt),
      myRedemptions: mine.length,
      affordable: ctx.member.balance >= w.cost,
      pointsToGo: Math.max(0, w.cost - ctx.member.balance),
      blocked,
      availableAgainAt: blocked === 'period_limit_reached' && period ? period.end.toISOString() : null,
    };
  }

  async catalog(memberId: string, known?: MemberSnapshot | null): Promise<{ rewards: RewardView[]; balance: number }> {
    const now = this.clock();
    const [ctx, live, history] = await Promise.all([
      this.memberContext(memberId, known),
      rewardsRepo.listLive(this.db, now),
      rewardsRepo.memberHistory(this.db, memberId),
    ]);
    return {
      rewards: live.filter((w) => this.visible(w, ctx)).map((w) => this.view(w, ctx, history, now)),
      balance: ctx.member.balance,
    };
  }

  async one(
    memberId: string,
    rewardId: string,
    known?: MemberSnapshot | null,
  ): Promise<{ reward: RewardView; balance: number }> {
    const now = this.clock();
    const [ctx, w, history] = await Promise.all([
      this.memberContext(memberId, known),
      rewardsRepo.find(this.db, rewardId),
      rewardsRepo.memberHistory(this.db, memberId),
    ]);
    if (!w || !this.live(w, now) || !this.visible(w, ctx)) throw notFound();
    return { reward: this.view(w, ctx, history, now), balance: ctx.member.balance };
  }

  // ---------------------------------------------------------------- advocate: redeem

  async redeem(
    memberId: string,
    rewardId: string,
    body: RedeemBody,
    key: string | null,
    /** The member as this request's authentication read it: who may see the reward, and its level. */
    known?: MemberSnapshot | null,
  ): Promise<{ replay: boolean; redemption: Redemption; balance: number }> {
    const now = this.clock();
    // Read before the transaction, as before: the balance is checked again under the member's lock.
    const ctx = await this.memberContext(memberId, known);
    const w = await rewardsRepo.find(this.db, rewardId);
    if (!w || !this.live(w, now) || !this.visible(w, ctx)) throw notFound();
    return this.uow.run(async (tx, outbox) => {
      const locked = await rewardsRepo.lockMember(tx, memberId);
      if (!locked) throw err('members.not_found', 404, 'Member not found');
      if (key) {
        const earlier = await rewardsRepo.findByKey(tx, memberId, key);
        if (earlier) {
          if (earlier.rewardId !== rewardId)
            throw err(E.idempotencyKeyReused, 422, 'This Idempotency-Key was already used for a different reward');
          if (earlier.response) return { replay: true, ...earlier.response };
          // Redeemed before first answers were kept: the redemption as it is now.
          const j = await rewardsRepo.joinedById(tx, earlier.id);
          return { replay: true, redemption: memberRedemption(j!), balance: locked.balance };
        }
      }
      if (w.minLevelRank !== null && ctx.rank < w.minLevelRank)
        throw err(E.locked, 422, `Reach level ${w.minLevelRank} to redeem this reward`);
      if (w.type === 'item' && !body.shipping)
        throw err(E.shippingRequired, 422, 'Tell us where to send it: a shipping address is required');
      const period = w.limitPeriod ? periodWindow(now, this.timezone, w.limitPeriod) : null;
      const counts = await rewardsRepo.countLive(tx, memberId, rewardId, period?.start ?? null, period?.end ?? null);
      if (w.limitPerMember !== null && counts.total >= w.limitPerMember)
        throw err(E.limitReached, 409, `You can redeem this reward ${w.limitPerMember} time(s) in all`, {
          limit: w.limitPerMember,
        });
      if (period && w.limitPerPeriod !== null && counts.inPeriod >= w.limitPerPeriod)
        throw err(
          E.periodLimitReached,
          409,
          `You can redeem this reward ${w.limitPerPeriod} time(s) per ${w.limitPeriod}`,
          {
            limit: w.limitPerPeriod,
            period: w.limitPeriod,
            availableAgainAt: period.end.toISOString(),
          },
        );
      if (locked.balance < w.cost)
        throw err(E.insufficientPoints, 422, `You need ${w.cost - locked.balance} more points for this reward`, {
          cost: w.cost,
          balance: locked.balance,
        });
      if (!(await rewardsRepo.takeStock(tx, rewardId))) throw err(E.outOfStock, 409, 'This reward is out of stock');
      const id = crypto.randomUUID();
      const code = w.type === 'code' ? await rewardsRepo.assignCode(tx, rewardId, id) : null;
      if (w.type === 'code' && !code) throw err(E.outOfStock, 409, 'This reward is out of stock');
      const needsApproval = w.needsApproval || !locked.trusted;
      // Codes are delivered at once when no approval is needed; other rewards wait for fulfilment.
      const status: RedemptionStatus = needsApproval ? 'requested' : w.type === 'code' ? 'fulfilled' : 'approved';
      const posted = await ledgerRepo.post(tx, {
        memberId,
        delta: -w.cost,
        lifetimeDelta: 0,
        kind: 'redeem',
        sourceType: 'redemption',
        sourceId: id,
        reason: `Redeemed: ${w.name}`,
        createdAt: now,
      });
      if (!posted.posted)
        throw err(E.insufficientPoints, 422, 'You do not have enough points for this reward', { cost: w.cost });
      const r = {
        id,
        memberId,
        rewardId,
        status,
        cost: w.cost,
        note: body.note ?? null,
        adminNote: null,
        shipping: w.type === 'item' ? (body.shipping ?? null) : null,
        hadShipping: w.type === 'item',
        idempotencyKey: key,
        decidedAt: needsApproval ? null : now,
        fulfilledAt: status === 'fulfilled' ? now : null,
        refundedAt: null,
        createdAt: now,
        updatedAt: now,
      };
      // The answer is made here (nothing that can fail runs between the commit and the reply) and
      // kept with the redemption: a replay of the key gets it unchanged.
      const answer = { redemption: memberRedemption({ r, reward: w, code }), balance: posted.balance };
      await rewardsRepo.insertRedemption(tx, { ...r, response: answer });
      outbox.add('points.changed', {
        memberId,
        balance: posted.balance,
        lifetime: posted.lifetime,
        delta: -w.cost,
        reason: posted.entry.reason,
      });
      outbox.add('redemption.changed', {
        memberId,
        redemptionId: id,
        rewardId,
        rewardName: w.name,
        from: null,
        status,
        note: null,
        refunded: 0,
      });
      return { replay: false, ...answer };
    });
  }

  async myRedemptions(memberId: string, q: { limit: number; cursor?: string | undefined }) {
    const { rows, nextCursor } = await rewardsRepo.listRedemptions(this.db, { ...q, memberId });
    return { redemptions: rows.map(memberRedemption), nextCursor };
  }

  /** A member cancels their own redemption while it still waits for approval. */
  async cancelMine(memberId: string, id: string) {
    const r = await rewardsRepo.findRedemption(this.db, id);
    if (!r || r.memberId !== memberId) throw redemptionNotFound();
    if (r.status !== 'requested')
      throw err(E.badTransition, 409, 'Only a redemption waiting for approval can be cancelled', { status: r.status });
    return memberRedemption(await this.move(memberId, id, 'cancel', undefined, null, { ownRequestOnly: true }));
  }

  // ---------------------------------------------------------------- admin: redemptions

  async adminRedemptions(q: Parameters<typeof rewardsRepo.listRedemptions>[1]) {
    const [{ rows, nextCursor }, counts] = await Promise.all([
      rewardsRepo.listRedemptions(this.db, { ...q, oldestFirst: q.status === 'requested' || q.status === 'approved' }),
      rewardsRepo.countsByStatus(this.db, q.rewardId),
    ]);
    return { redemptions: rows.map(adminRedemption), nextCursor, counts };
  }

  async adminRedemption(id: string): Promise<AdminRedemption> {
    const j = await rewardsRepo.joinedById(this.db, id);
    if (!j) throw redemptionNotFound();
    return adminRedemption(j);
  }

  /**
   * Approve, decline (refund), fulfil or cancel (refund). The status moves by a conditional update,
   * so of two concurrent identical decisions exactly one takes effect and the other gets 409.
   */
  async decide(
    actorId: string,
    id: string,
    decision: RedemptionDecision,
    note: string | undefined,
    ip: string | null,
  ): Promise<AdminRedemption> {
    return adminRedemption(await this.move(actorId, id, decision, note, ip));
  }

  /** A decision's transaction; it answers with the redemption as it is when the decision commits. */
  private move(
    actorId: string,
    id: string,
    decision: RedemptionDecision,
    note: string | undefined,
    ip: string | null,
    opts: { ownRequestOnly?: boolean } = {},
  ): Promise<RedemptionJoined> {
    const now = this.clock();
    return this.uow.run(async (tx, outbox) => {
      const current = await rewardsRepo.findRedemption(tx, id);
      if (!current) throw redemptionNotFound();
      const t = TRANSITIONS[decision];
      const reward = await rewardsRepo.find(tx, current.rewardId);
      const codeReward = reward?.type === 'code';
      // Approving a code reward hands the code over: that is fulfilment.
      const to: RedemptionStatus = decision === 'approve' && codeReward ? 'fulfilled' : t.to;
      const from = opts.ownRequestOnly ? (['requested'] as RedemptionStatus[]) : t.from;
      const refund = to === 'declined' || to === 'cancelled';
      const ends = refund || to === 'fulfilled';
      const moved = await rewardsRepo.transition(tx, id, from, to, {
        ...(note !== undefined ? { adminNote: note } : {}),
        ...(decision === 'approve' || refund || current.decidedAt === null
          ? { decidedBy: actorId, decidedAt: now }
          : {}),
        ...(to === 'fulfilled' ? { fulfilledAt: now } : {}),
        ...(refund ? { refundedAt: now } : {}),
        // The shipping address is kept only as long as it is needed.
        ...(ends ? { shipping: null } : {}),
      });
      if (!moved)
        throw err(E.badTransition, 409, `This redemption is ${current.status}: it cannot be ${pastTense(to)} now`, {
          status: current.status,
        });
      if (refund) await this.refund(tx, outbox, moved, reward?.name ?? 'reward', now);
      outbox.add('redemption.changed', {
        memberId: moved.memberId,
        redemptionId: id,
        rewardId: moved.rewardId,
        rewardName: reward?.name ?? 'reward',
        from: current.status,
        status: to,
        note: note ?? null,
        refunded: refund ? moved.cost : 0,
      });
      if (!opts.ownRequestOnly)
        await auditRepo.record(tx, {
          actorId,
          action: `redemption.${to}`,
          targetType: 'redemption',
          targetId: id,
          data: { from: current.status, note: note ?? null, refunded: refund ? moved.cost : 0 },
          ip,
        });
      return (await rewardsRepo.joinedById(tx, id))!;
    });
  }

  /** Points back (the ledger's unique index makes a second refund impossible), then stock and code. */
  private async refund(tx: Tx, outbox: Outbox, r: RedemptionRow, rewardName: string, now: Date) {
    const posted = await ledgerRepo.post(tx, {
      memberId: r.memberId,
      delta: r.cost,
      lifetimeDelta: 0,
      kind: 'refund',
      sourceType: 'redemption',
      sourceId: r.id,
      reason: `Refund: ${rewardName}`,
      createdAt: now,
    });
    if (!posted.posted) throw err(E.badTransition, 409, 'This redemption was already refunded');
    outbox.add('points.changed', {
      memberId: r.memberId,
      balance: posted.balance,
      lifetime: posted.lifetime,
      delta: r.cost,
      reason: posted.entry.reason,
    });
    await rewardsRepo.releaseCode(tx, r.id);
    await rewardsRepo.returnStock(tx, r.rewardId);
  }

  async bulk(
    actorId: string,
    ids: string[],
    decision: RedemptionDecision,
    note: string | undefined,
    ip: string | null,
  ) {
    const results = [];
    for (const id of [...new Set(ids)]) {
      try {
        const r = await this.decide(actorId, id, decision, note, ip);
        results.push({ id, ok: true, status: r.status, error: null });
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        results.push({ id, ok: false, status: null, error: { code: e.code, message: e.message } });
      }
    }
    return results;
  }

  /** All redemptions matching the filters, oldest first, for the CSV export. */
  async exportRows(q: {
    status?: RedemptionStatus | undefined;
    rewardId?: string | undefined;
    q?: string | undefined;
  }) {
    const out: AdminRedemption[] = [];
    let cursor: string | undefined;
    do {
      const page = await rewardsRepo.listRedemptions(this.db, { ...q, limit: 500, cursor, oldestFirst: true });
      out.push(...page.rows.map(adminRedemption));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return out;
  }
}

function pastTense(s: RedemptionStatus) {
  return s === 'approved' ? 'approved' : s === 'fulfilled' ? 'fulfilled' : s === 'declined' ? 'declined' : 'cancelled';
}
