/**
 * Participation points: what posting, answering and being reacted to earns, through the ledger.
 * - Only advocates earn (as everywhere in the hub); staff without the role earn nothing.
 * - Each award has its own source (`community` / `post:<id>`, `accepted:<id>`, `reaction:<post>:<member>`),
 *   so it is paid at most once (the ledger's unique source index).
 * - A daily cap in the program time zone: the member's row is locked, then today's community
 *   earnings are summed, so parallel posts never pay past the cap.
 * - A post removed by moderation loses what it earned, as `reversal` entries with the same source
 *   (exactly once), never taking the balance or lifetime below zero.
 */
import type { Tx } from '../../db/client.js';
import type { Outbox } from '../../platform/events.js';
import { dayWindow } from '../challenges/rules.js';
import { ledgerRepo } from '../ledger/ledger.repo.js';
import { membersRepo } from '../members/members.repo.js';
import { communityRepo } from './community.repo.js';
import { noteLevelChange } from '../levels/levels.service.js';
import type { LevelRow } from '../levels/levels.table.js';
import type { BadgeRow } from '../badges/badges.table.js';
import type { BadgesService } from '../badges/badges.service.js';

export const SOURCE = 'community';

/** Program definitions an award needs, read before the transaction opens. */
export interface AwardDefs {
  levels: LevelRow[];
  badges: BadgeRow[];
}

export class Participation {
  constructor(
    private readonly timezone: string,
    private readonly badges: BadgesService,
  ) {}

  /** Pays up to `points` (less what the daily cap leaves) once per source; returns what was paid. */
  async award(
    tx: Tx,
    outbox: Outbox,
    defs: AwardDefs,
    a: { memberId: string; points: number; sourceId: string; reason: string; dailyCap: number; now: Date },
  ): Promise<number> {
    if (a.points <= 0) return 0;
    await membersRepo.lockById(tx, a.memberId);
    // Earning points is for advocates: staff without the role post and answer for free.
    if (!(await communityRepo.isAdvocate(tx, a.memberId))) return 0;
    let points = a.points;
    if (a.dailyCap > 0) {
      const today = await ledgerRepo.earnedSince(tx, a.memberId, SOURCE, dayWindow(a.now, this.timezone).start);
      points = Math.min(points, a.dailyCap - today);
    }
    if (points <= 0) return 0;
    const r = await ledgerRepo.post(tx, {
      memberId: a.memberId,
      delta: points,
      lifetimeDelta: points,
      kind: 'earn',
      sourceType: SOURCE,
      sourceId: a.sourceId,
      reason: a.reason,
    });
    if (!r.posted) return 0;
    outbox.add('points.changed', {
      memberId: a.memberId,
      balance: r.balance,
      lifetime: r.lifetime,
      delta: points,
      reason: a.reason,
    });
    if (noteLevelChange(defs.levels, outbox, a.memberId, r.lifetimeBefore, r.lifetime))
      await this.badges.evaluate(tx, outbox, a.memberId, { levelReached: true }, defs.badges);
    return points;
  }

  /**
   * Takes back what a post earned (its own award, an accepted answer, reactions received) from its
   * author. Returns the points taken from the balance.
   */
  async reverseForPost(tx: Tx, outbox: Outbox, postId: string, actorId: string, why: string): Promise<number> {
    const entries = await ledgerRepo.unreversed(
      tx,
      SOURCE,
      [`post:${postId}`, `accepted:${postId}`],
      [`reaction:${postId}:`],
    );
    let taken = 0;
    for (const e of entries) {
      await membersRepo.lockById(tx, e.memberId);
      const totals = (await ledgerRepo.totals(tx, e.memberId))!;
      const r = await ledgerRepo.post(tx, {
        memberId: e.memberId,
        delta: -Math.min(e.delta, totals.balance),
        lifetimeDelta: -Math.min(e.lifetimeDelta, totals.lifetime),
        kind: 'reversal',
        sourceType: SOURCE,
        sourceId: e.sourceId,
        reason: `Reversed: ${e.reason} (${why})`,
        createdBy: actorId,
      });
      if (!r.posted) continue;
      taken -= r.entry.delta;
      outbox.add('points.changed', {
        memberId: e.memberId,
        balance: r.balance,
        lifetime: r.lifetime,
        delta: r.entry.delta,
        reason: r.entry.reason,
      });
    }
    return taken;
  }
}
