import { EngineErrorCode } from '@advocate-hub/shared';
import type { Db, Tx } from '../../db/client.js';
import { AppError } from '../../platform/errors.js';
import type { UnitOfWork } from '../outbox/unit-of-work.js';
import type { Outbox } from '../../platform/events.js';
import { auditRepo } from '../audit/audit.repo.js';
import { noteLevelChange } from '../levels/levels.service.js';
import { levelsRepo } from '../levels/levels.repo.js';
import { membersRepo } from '../members/members.repo.js';
import { ledgerRepo, toPointEntry } from './ledger.repo.js';
import type { BadgesService } from '../badges/badges.service.js';
import type { DefinitionCache } from '../../platform/cache.js';

export class LedgerService {
  constructor(
    private readonly db: Db,
    private readonly uow: UnitOfWork,
    private readonly badges: BadgesService,
    private readonly cache: DefinitionCache,
  ) {}

  async history(memberId: string, limit: number, cursor?: string) {
    const [{ rows, nextCursor }, totals] = await Promise.all([
      ledgerRepo.list(this.db, memberId, limit, cursor),
      ledgerRepo.totals(this.db, memberId),
    ]);
    if (!totals) throw new AppError({ code: 'members.not_found', status: 404, message: 'Member not found' });
    return { entries: rows.map((r) => toPointEntry(r.row, r.label)), nextCursor, ...totals };
  }

  /**
   * An admin adjustment, with a reason, audited. Positive: earned points (balance and lifetime).
   * Negative: taken from the balance (refused when the balance is short) and from lifetime, as a
   * correction of points that should not have been earned (lifetime never below zero). An
   * Idempotency-Key names one adjustment of one member: sent again for that member it replays the
   * entry; sent for another member it is refused (422), as completions and redemptions refuse a
   * key reused for another challenge or reward.
   */
  async adjust(
    actorId: string,
    memberId: string,
    points: number,
    reason: string,
    key: string | null,
    ip: string | null,
  ) {
    // Definitions first, outside the transaction.
    const [levels, badges] = await Promise.all([levelsRepo.cached(this.db, this.cache), this.badges.active()]);
    const ledgerKey = key ? `adjust:${actorId}:${key}` : null;
    return this.uow.run(async (tx, outbox) => {
      const member = await membersRepo.findById(tx, memberId);
      if (!member) throw new AppError({ code: 'members.not_found', status: 404, message: 'Member not found' });
      await membersRepo.lockById(tx, memberId);
      const earlier = ledgerKey ? await this.replayOf(tx, ledgerKey, memberId) : null;
      if (earlier) return earlier;
      const totals = (await ledgerRepo.totals(tx, memberId))!;
      if (points < 0 && totals.balance + points < 0)
        throw new AppError({
          code: EngineErrorCode.insufficientBalance,
          status: 422,
          message: `The member has only ${totals.balance} points to take from`,
          details: { balance: totals.balance },
        });
      const r = await ledgerRepo.post(tx, {
        memberId,
        delta: points,
        lifetimeDelta: points > 0 ? points : -Math.min(-points, totals.lifetime),
        kind: 'adjust',
        sourceType: 'admin',
        sourceId: null,
        reason,
        createdBy: actorId,
        idempotencyKey: ledgerKey,
      });
      if (!r.posted) {
        // The same key committed meanwhile by a request for another member (same member: serialised by the lock).
        if (r.reason === 'duplicate') return (await this.replayOf(tx, ledgerKey!, memberId))!;
        throw new AppError({ code: EngineErrorCode.insufficientBalance, status: 422, message: 'Not enough points' });
      }
      await auditRepo.record(tx, {
        actorId,
        action: 'points.adjusted',
        targetType: 'member',
        targetId: memberId,
        data: { points, reason, entryId: r.entry.id },
        ip,
      });
      outbox.add('points.changed', { memberId, balance: r.balance, lifetime: r.lifetime, delta: points, reason });
      outbox.add('points.posted', {
        memberId,
        delta: points,
        cause: 'adjustment',
        reason,
        challengeId: null,
        challengeTitle: null,
      });
      if (await noteLevelChange(levels, outbox, memberId, r.lifetimeBefore, r.lifetime))
        await this.badges.evaluate(tx, outbox, memberId, { levelReached: true }, badges);
      return { replay: false as const, entry: toPointEntry(r.entry), balance: r.balance, lifetime: r.lifetime };
    });
  }

  /** Program definitions an award needs, read before its transaction opens. */
  async definitions() {
    const [levels, badges] = await Promise.all([levelsRepo.cached(this.db, this.cache), this.badges.active()]);
    return { levels, badges };
  }

  /**
   * Earned points an integration awards (`source_type` 'integration', once per `sourceId`), in the
   * caller's transaction: balance and lifetime move, and level-ups and badges follow as after an
   * admin adjustment. `posted: false` when this source already paid.
   */
  async awardIn(
    tx: Tx,
    outbox: Outbox,
    defs: Awaited<ReturnType<LedgerService['definitions']>>,
    p: { memberId: string; points: number; reason: string; sourceId: string; createdBy: string | null },
  ) {
    const r = await ledgerRepo.post(tx, {
      memberId: p.memberId,
      delta: p.points,
      lifetimeDelta: p.points,
      kind: 'earn',
      sourceType: 'integration',
      sourceId: p.sourceId,
      reason: p.reason,
      createdBy: p.createdBy,
    });
    if (!r.posted) return { posted: false as const };
    outbox.add('points.changed', {
      memberId: p.memberId,
      balance: r.balance,
      lifetime: r.lifetime,
      delta: p.points,
      reason: p.reason,
    });
    outbox.add('points.posted', {
      memberId: p.memberId,
      delta: p.points,
      cause: 'adjustment',
      reason: p.reason,
      challengeId: null,
      challengeTitle: null,
    });
    if (await noteLevelChange(defs.levels, outbox, p.memberId, r.lifetimeBefore, r.lifetime))
      await this.badges.evaluate(tx, outbox, p.memberId, { levelReached: true }, defs.badges);
    return { posted: true as const, entry: toPointEntry(r.entry), balance: r.balance, lifetime: r.lifetime };
  }

  /** The adjustment an Idempotency-Key already made for this member; refused when it was for another. */
  private async replayOf(tx: Tx, ledgerKey: string, memberId: string) {
    const first = await ledgerRepo.findByKey(tx, ledgerKey);
    if (!first) return null;
    if (first.memberId !== memberId)
      throw new AppError({
        code: EngineErrorCode.idempotencyKeyReused,
        status: 422,
        message: 'This Idempotency-Key was already used for an adjustment of another member',
      });
    const totals = (await ledgerRepo.totals(tx, memberId))!;
    return { replay: true as const, entry: toPointEntry(first), ...totals };
  }
}
