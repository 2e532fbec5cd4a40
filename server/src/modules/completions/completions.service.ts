import {
  EngineErrorCode,
  type ChallengeView,
  type CompletionBody,
  type CompletionResult,
  type CompletionStatus,
  type MyChallengeStatus,
} from '@advocate-hub/shared';
import type { Db, Tx } from '../../db/client.js';
import { AppError } from '../../platform/errors.js';
import type { Outbox } from '../../platform/events.js';
import type { UnitOfWork } from '../outbox/unit-of-work.js';
import { auditRepo } from '../audit/audit.repo.js';
import { challengesRepo, type ChallengeWithStages } from '../challenges/challenges.repo.js';
import { challengeNotFound, stageView, totalPoints } from '../challenges/challenges.service.js';
import { dayWindow, recommendationScore, repeatBlock, isTargeted, targetingAllows } from '../challenges/rules.js';
import { gradeStage, onStageApproved, type Graded } from '../challenges/stages/index.js';
import type { StageRow } from '../challenges/challenges.table.js';
import type { LevelRow } from '../levels/levels.table.js';
import type { BadgeRow } from '../badges/badges.table.js';
import { ledgerRepo } from '../ledger/ledger.repo.js';
import { levelFor, levelsRepo } from '../levels/levels.repo.js';
import { noteLevelChange } from '../levels/levels.service.js';
import { membersRepo, type MemberSnapshot } from '../members/members.repo.js';
import { groupsRepo } from '../groups/groups.repo.js';
import crypto from 'node:crypto';
import type { DefinitionCache } from '../../platform/cache.js';
import type { SegmentsService } from '../segments/segments.service.js';
import { completionsRepo, type Seen } from './completions.repo.js';
import type { BadgesService } from '../badges/badges.service.js';
import type { CompletionRow } from './completions.table.js';

const E = EngineErrorCode;
const err = (code: string, status: number, message: string, details?: unknown) =>
  new AppError({ code, status, message, details });
const LIVE: CompletionStatus[] = ['pending', 'approved'];

type Level = { id: string; name: string; rank: number };
interface Defs {
  levels: LevelRow[];
  badges: BadgeRow[];
}

interface RoundOutcome {
  challengeCompleted: boolean;
  bonusAwarded: number;
  levelUp: Level | null;
}
const NO_AWARD: { points: number; outcome: RoundOutcome } = {
  points: 0,
  outcome: { challengeCompleted: false, bonusAwarded: 0, levelUp: null },
};
const DECIDED = { approve: 'approved', reject: 'rejected', retry: 'retry' } as const satisfies Record<
  string,
  CompletionStatus
>;

/** One submission, as the steps of `submit` see it. */
interface Submission {
  c: ChallengeWithStages;
  stage: StageRow;
  memberId: string;
  round: number;
  now: Date;
  /** The member's submissions in this round of the challenge, oldest first. */
  mine: Seen[];
}
type SegmentMatcher = Awaited<ReturnType<SegmentsService['matcher']>>;
/** What `prepare` read for a submission, before its transaction. */
export interface PreparedSubmission {
  c: ChallengeWithStages;
  stage: StageRow;
  defs: Defs;
  segmentsOf: SegmentMatcher;
  now: Date;
}

/** Whether a stage has a pending or approved submission among these. */
const isLive = (mine: Seen[], stageId: string) => mine.some((x) => x.stageId === stageId && LIVE.includes(x.status));
const isFinalStage = (c: ChallengeWithStages, stage: StageRow) =>
  stage.position === Math.max(...c.stages.map((s) => s.position));

export class CompletionsService {
  constructor(
    private readonly db: Db,
    private readonly uow: UnitOfWork,
    private readonly timezone: string,
    private readonly clock: () => Date,
    private readonly badges: BadgesService,
    private readonly cache: DefinitionCache,
    private readonly segments: SegmentsService,
  ) {}

  /** Program definitions from the cache, loaded before a transaction opens (never inside one: a
   * shared in-flight load on another transaction's connection could wait on our locks). */
  private async defs(): Promise<Defs> {
    const [levels, badges] = await Promise.all([levelsRepo.cached(this.db, this.cache), this.badges.active()]);
    return { levels, badges };
  }

  // ---------------------------------------------------------------- feed

  private async memberContext(memberId: string, known?: MemberSnapshot | null) {
    const a = await this.segments.audienceOf(memberId, known);
    return { ...a, pointsToNext: a.next ? a.next.threshold - a.member.lifetime : null };
  }

  /** Challenges visible to the member, each with `myStatus`, recommended first. */
  /** `known`: the member as this request's authentication read it (saves reading it again). */
  async feed(memberId: string, known?: MemberSnapshot | null): Promise<ChallengeView[]> {
    const now = this.clock();
    const { start, end } = dayWindow(now, this.timezone);
    const [ctx, live, state] = await Promise.all([
      this.memberContext(memberId, known),
      challengesRepo.listLive(this.db, now),
      completionsRepo.memberState(this.db, memberId, start, end),
    ]);
    const views = live
      .filter((c) => targetingAllows(c.targeting, ctx.groups, ctx.segments).visible)
      .map((c) => this.viewFor(c, ctx, state, now, end));
    return views.sort((a, b) => b.recommendation - a.recommendation);
  }

  async one(memberId: string, challengeId: string, known?: MemberSnapshot | null): Promise<ChallengeView> {
    const now = this.clock();
    const { start, end } = dayWindow(now, this.timezone);
    // All three at once: the member's context and state are only used once the challenge is found live.
    const [c, ctx, state] = await Promise.all([
      challengesRepo.findById(this.db, challengeId),
      this.memberContext(memberId, known),
      completionsRepo.memberState(this.db, memberId, start, end),
    ]);
    if (!c || c.status !== 'published' || !this.inWindow(c, now)) throw challengeNotFound();
    if (!targetingAllows(c.targeting, ctx.groups, ctx.segments).visible) throw challengeNotFound();
    return this.viewFor(c, ctx, state, now, end);
  }

  private inWindow(c: ChallengeWithStages, now: Date) {
    return (!c.publishAt || c.publishAt <= now) && (!c.expireAt || c.expireAt > now);
  }

  private viewFor(
    c: ChallengeWithStages,
    ctx: Awaited<ReturnType<CompletionsService['memberContext']>>,
    state: Awaited<ReturnType<typeof completionsRepo.memberState>>,
    now: Date,
    dayEnd: Date,
  ): ChallengeView {
    const progress = state.progress.find((p) => p.challengeId === c.id);
    const rounds = state.rounds.find((r) => r.challengeId === c.id) ?? { total: 0, today: 0 };
    const current = state.current.filter((x) => x.challengeId === c.id);
    const stageProgress = c.stages.map((s) => {
      const mine = current.filter((x) => x.stageId === s.id);
      const last = mine[mine.length - 1];
      return { stageId: s.id, status: last?.status ?? null, feedback: last?.feedback ?? null, attempts: mine.length };
    });
    const lockedReason = this.lockedReason(c, ctx.rank, state);
    const started = stageProgress.some((p) => p.status && LIVE.includes(p.status));
    const block = started
      ? null
      : repeatBlock({ mode: c.repeatMode, limit: c.repeatLimit, roundsTotal: rounds.total, roundsToday: rounds.today });
    let myStatus: MyChallengeStatus;
    if (lockedReason) myStatus = 'locked';
    else if (
      stageProgress.some((p) => p.status === 'pending') &&
      stageProgress.every((p) => p.status && LIVE.includes(p.status))
    )
      myStatus = 'pending_review';
    else if (started) myStatus = 'in_progress';
    else if (block) myStatus = 'completed';
    else if (c.maxCompletions !== null && c.completionsCount >= c.maxCompletions) myStatus = 'full';
    else myStatus = 'available';
    const points = totalPoints(c);
    const actionable = myStatus === 'available' || myStatus === 'in_progress';
    return {
      id: c.id,
      title: c.title,
      description: c.description,
      category: c.category,
      imageUrl: c.imageUrl,
      featured: c.featured,
      expireAt: c.expireAt?.toISOString() ?? null,
      totalPoints: points,
      completionBonus: c.completionBonus,
      repeat: { mode: c.repeatMode, limit: c.repeatLimit },
      stages: c.stages.map((s) => stageView(s, false)),
      myStatus,
      myCompletions: progress?.roundsCompleted ?? 0,
      availableAgainAt: block === 'daily_cap_reached' ? dayEnd.toISOString() : null,
      lockedReason,
      progress: stageProgress,
      recommendation: recommendationScore({
        targeted: targetingAllows(c.targeting, ctx.groups, ctx.segments).targeted,
        actionable,
        featured: c.featured,
        points,
        pointsToNextLevel: ctx.pointsToNext,
      }),
      minLevelRank: c.prerequisites.minLevelRank ?? null,
    };
  }

  private lockedReason(
    c: ChallengeWithStages,
    rank: number,
    state: Awaited<ReturnType<typeof completionsRepo.memberState>>,
  ) {
    const need = c.prerequisites;
    if (need.minLevelRank && rank < need.minLevelRank)
      return `Reach level ${need.minLevelRank} to unlock this challenge`;
    const missing = need.challengeIds.filter(
      (id) => !(state.progress.find((p) => p.challengeId === id)?.roundsCompleted ?? 0),
    );
    if (missing.length) return 'Complete the earlier challenges first';
    return null;
  }

  // ---------------------------------------------------------------- submit

  /**
   * Records a stage completion. One transaction: the member's progress row on the challenge is
   * locked first, so concurrent submissions of one member to one challenge run one after another;
   * the Idempotency-Key and the (member, stage, round) unique index make duplicates impossible.
   */
  async submit(
    memberId: string,
    challengeId: string,
    body: CompletionBody,
    key: string | null,
  ): Promise<{ replay: boolean; result: CompletionResult }> {
    const prepared = await this.prepare(challengeId, body);
    return this.uow.run((tx, outbox) => this.submitIn(tx, outbox, prepared, memberId, body, key));
  }

  /**
   * What a submission reads before its transaction opens: the challenge and stage (404/400 when they
   * do not exist or are closed), program definitions, the segment matcher of a targeted challenge.
   */
  async prepare(challengeId: string, body: CompletionBody): Promise<PreparedSubmission> {
    const now = this.clock();
    // Definitions come from the cache (cleared by admin writes); member state is read under the lock.
    const c = await this.publishedChallenge(challengeId, now);
    const stage = this.pickStage(c, body.stageId);
    const defs = await this.defs();
    const segmentsOf = isTargeted(c.targeting) ? await this.segments.matcher() : () => new Set<string>();
    return { c, stage, defs, segmentsOf, now };
  }

  /**
   * A submission in the caller's transaction (the member's own, or one made on the member's behalf
   * by an integration): the same locks, caps, review and idempotency.
   */
  async submitIn(
    tx: Tx,
    outbox: Outbox,
    { c, stage, defs, segmentsOf, now }: PreparedSubmission,
    memberId: string,
    body: CompletionBody,
    key: string | null,
  ): Promise<{ replay: boolean; result: CompletionResult }> {
    const challengeId = c.id;
    const { round } = await completionsRepo.lockProgress(tx, memberId, challengeId);
    // One read: this round's submissions, the earlier request with this key, and cap counts.
    const day = dayWindow(now, this.timezone);
    const { seen, ...counts } = await completionsRepo.submissionState(tx, {
      memberId,
      challengeId,
      round,
      key,
      dayStart: day.start,
      dayEnd: day.end,
    });
    const replay = this.replayOf(seen, key, challengeId, body.stageId);
    if (replay) return { replay: true, result: replay };
    const mine = seen.filter((x) => x.challengeId === challengeId && x.round === round);
    const s: Submission = { c, stage, memberId, round, now, mine };
    this.assertStageOpen(s);
    await this.assertAudience(tx, s, segmentsOf);
    await this.assertPrerequisites(tx, c, memberId, defs.levels);
    this.assertRoundAllowed(s, counts, day.end);

    const graded = await gradeStage({ tx, memberId, stage, round, now }, body.response ?? {});
    const status: CompletionStatus = graded.passed ? (stage.needsReview ? 'pending' : 'approved') : 'rejected';
    await this.reserveFinalRound(tx, s, status);
    // Awards first (keyed by the completion's id), the completion row last, with the answer to
    // replay; a duplicate row (unique index) throws and rolls the whole transaction back.
    const id = crypto.randomUUID();
    const award = status === 'approved' ? await this.awardSubmission(tx, outbox, defs, s, id) : NO_AWARD;
    const result: CompletionResult = {
      id,
      status,
      pointsAwarded: award.points,
      feedback: graded.feedback,
      challengeCompleted: award.outcome.challengeCompleted,
      bonusAwarded: award.outcome.bonusAwarded,
      levelUp: award.outcome.levelUp,
      badges: [],
      score: graded.score,
    };
    await this.recordCompletion(tx, s, { id, key, graded, result });
    if (status === 'approved') {
      // Badge rules count completions, so they run once this one is stored.
      const badges = await this.grantBadges(tx, outbox, defs, c, memberId, award.outcome);
      if (badges.length) {
        result.badges = badges;
        await completionsRepo.update(tx, id, { result: result as unknown as Record<string, unknown> });
      }
    }
    return { replay: false, result };
  }

  /** The challenge, from the cache, if it is published and open now. */
  private async publishedChallenge(challengeId: string, now: Date): Promise<ChallengeWithStages> {
    const c = await this.cache.get(`challenge:${challengeId}`, () => challengesRepo.findById(this.db, challengeId));
    if (!c || c.status !== 'published' || !this.inWindow(c, now)) throw challengeNotFound();
    return c;
  }

  private pickStage(c: ChallengeWithStages, stageId: string | undefined): StageRow {
    if (!stageId) {
      if (c.stages.length === 1) return c.stages[0]!;
      throw err(E.stageRequired, 400, 'This challenge has several steps: say which one (stageId)', {
        fields: { stageId: 'Required for a challenge with several steps' },
      });
    }
    const stage = c.stages.find((s) => s.id === stageId);
    if (!stage) throw err(E.stageNotFound, 404, 'No such step in this challenge');
    return stage;
  }

  /** A request repeated with its Idempotency-Key gets the first answer; the key of another request is refused. */
  private replayOf(
    seen: Seen[],
    key: string | null,
    challengeId: string,
    stageId: string | undefined,
  ): CompletionResult | null {
    const earlier = key ? seen.find((x) => x.idempotencyKey === key) : undefined;
    if (!earlier) return null;
    if (earlier.challengeId !== challengeId || (stageId && stageId !== earlier.stageId))
      throw err(E.idempotencyKeyReused, 422, 'This Idempotency-Key was already used for a different request');
    return earlier.result as unknown as CompletionResult;
  }

  /** A step is done once, waits while in review, and comes after the earlier steps of its round. */
  private assertStageOpen({ c, stage, mine }: Submission) {
    const stageMine = mine.filter((x) => x.stageId === stage.id);
    if (stageMine.some((x) => x.status === 'approved'))
      throw err(E.stageAlreadyDone, 409, 'You have already completed this step');
    if (stageMine.some((x) => x.status === 'pending'))
      throw err(E.pendingReview, 409, 'This step is waiting for review');
    const earlierStages = c.stages.filter((s) => s.position < stage.position);
    if (earlierStages.some((s) => !isLive(mine, s.id)))
      throw err(E.stageOutOfOrder, 409, 'Complete the earlier steps first');
  }

  /** A targeted challenge is only for its audience (read now, under the lock). */
  private async assertAudience(tx: Tx, { c, memberId }: Submission, segmentsOf: SegmentMatcher) {
    if (!isTargeted(c.targeting)) return;
    const member = await membersRepo.findById(tx, memberId); // one query at a time on the transaction
    const groupIds = await groupsRepo.groupsOf(tx, memberId);
    const groups = new Set(groupIds);
    const segments = member
      ? segmentsOf({ ...member, groupIds: groups }, [
          ...c.targeting.includeSegmentIds,
          ...c.targeting.excludeSegmentIds,
        ])
      : new Set<string>();
    if (!targetingAllows(c.targeting, groups, segments).visible) throw challengeNotFound();
  }

  /** Prerequisites (the member's active status was checked by authentication). */
  private async assertPrerequisites(tx: Tx, c: ChallengeWithStages, memberId: string, levels: LevelRow[]) {
    if (c.prerequisites.minLevelRank) {
      const member = await membersRepo.findById(tx, memberId);
      const rank = levelFor(levels, member?.lifetime ?? 0).current?.rank ?? 0;
      if (rank < c.prerequisites.minLevelRank)
        throw err(E.challengeLocked, 422, `Reach level ${c.prerequisites.minLevelRank} to unlock this challenge`);
    }
    if (c.prerequisites.challengeIds.length) {
      const done = await completionsRepo.completedChallenges(tx, memberId, c.prerequisites.challengeIds);
      if (done.length < new Set(c.prerequisites.challengeIds).size)
        throw err(E.challengeLocked, 422, 'Complete the earlier challenges first');
    }
  }

  /** Starting a round counts against the member's caps: in all, or per program day. */
  private assertRoundAllowed({ c, mine }: Submission, counts: { total: number; today: number }, dayEnd: Date) {
    if (mine.some((x) => LIVE.includes(x.status))) return;
    const block = repeatBlock({
      mode: c.repeatMode,
      limit: c.repeatLimit,
      roundsTotal: counts.total,
      roundsToday: counts.today,
    });
    if (block === 'cap_reached')
      throw err(E.capReached, 409, 'You have completed this challenge as many times as allowed');
    if (block === 'daily_cap_reached')
      throw err(E.dailyCapReached, 409, 'You have reached today’s limit for this challenge; come back tomorrow', {
        availableAgainAt: dayEnd.toISOString(),
      });
  }

  /**
   * A final step that is not refused takes its round: one of the challenge's global allowance, and
   * the round marked submitted (a round this very step completes is recorded once, as completed,
   * by completeRound).
   */
  private async reserveFinalRound(
    tx: Tx,
    { c, stage, memberId, round, now, mine }: Submission,
    status: CompletionStatus,
  ) {
    if (!isFinalStage(c, stage) || status === 'rejected') return;
    if (c.maxCompletions !== null && !(await challengesRepo.reserveGlobal(tx, c.id)))
      throw err(E.globalCapReached, 409, 'This challenge has reached its limit of completions');
    const completesNow =
      status === 'approved' &&
      c.stages.every((s) => s.id === stage.id || mine.some((x) => x.stageId === s.id && x.status === 'approved'));
    if (!completesNow) await completionsRepo.submitRound(tx, memberId, c.id, round, now);
  }

  /** An auto-approved step: its points and effect, and the round when it was the last one missing. */
  private async awardSubmission(tx: Tx, outbox: Outbox, defs: Defs, s: Submission, id: string) {
    const award = await this.awardApproved(tx, outbox, defs, s.c, s.stage, { id, memberId: s.memberId }, 'completion');
    const approved = new Set([...s.mine.filter((x) => x.status === 'approved').map((x) => x.stageId), s.stage.id]);
    const outcome = await this.maybeCompleteRound(
      tx,
      outbox,
      defs,
      s.c,
      s.memberId,
      s.round,
      s.now,
      award.levelUp,
      approved,
    );
    return { points: award.points, outcome };
  }

  /** The completion row, with the answer to replay; a second one for the step in this round is refused. */
  private async recordCompletion(
    tx: Tx,
    { c, stage, memberId, round, now, mine }: Submission,
    v: { id: string; key: string | null; graded: Graded; result: CompletionResult },
  ) {
    const row = await completionsRepo.insert(tx, {
      id: v.id,
      memberId,
      challengeId: c.id,
      stageId: stage.id,
      round,
      attempt: mine.filter((x) => x.stageId === stage.id).length + 1,
      response: v.graded.response,
      score: v.graded.score,
      status: v.result.status,
      pointsAwarded: v.result.pointsAwarded,
      feedback: v.graded.feedback,
      idempotencyKey: v.key,
      result: v.result as unknown as Record<string, unknown>,
      createdAt: now,
    });
    if (!row) throw err(E.stageAlreadyDone, 409, 'You have already completed this step');
  }

  /** Points for an approved step (once per completion) and what the step does besides. */
  private async awardApproved(
    tx: Tx,
    outbox: Outbox,
    defs: Defs,
    c: ChallengeWithStages,
    stage: StageRow,
    row: Pick<CompletionRow, 'id' | 'memberId'>,
    cause: 'completion' | 'review',
  ) {
    const award = await this.awardStage(tx, outbox, defs, row, stage, c, cause);
    await onStageApproved({ tx, memberId: row.memberId, stage });
    return award;
  }

  private async awardStage(
    tx: Tx,
    outbox: Outbox,
    defs: Defs,
    row: Pick<CompletionRow, 'id' | 'memberId'>,
    stage: StageRow,
    c: Pick<ChallengeWithStages, 'id' | 'title'>,
    cause: 'completion' | 'review',
  ) {
    const title = c.title;
    if (stage.points <= 0) return { points: 0, levelUp: null };
    const r = await ledgerRepo.post(tx, {
      memberId: row.memberId,
      delta: stage.points,
      lifetimeDelta: stage.points,
      kind: 'earn',
      sourceType: 'completion',
      sourceId: row.id,
      reason: `${title}: ${stage.title}`,
    });
    if (!r.posted) return { points: 0, levelUp: null };
    outbox.add('points.changed', {
      memberId: row.memberId,
      balance: r.balance,
      lifetime: r.lifetime,
      delta: stage.points,
      reason: r.entry.reason,
    });
    // A reviewed approval is told by its own notification (completion.reviewed), with its points.
    if (cause === 'completion')
      outbox.add('points.posted', {
        memberId: row.memberId,
        delta: stage.points,
        cause,
        reason: r.entry.reason,
        challengeId: c.id,
        challengeTitle: c.title,
      });
    const levelUp = await noteLevelChange(defs.levels, outbox, row.memberId, r.lifetimeBefore, r.lifetime);
    return { points: stage.points, levelUp };
  }

  /** Completes the round when every stage is approved: bonus, counters, events. */
  private async maybeCompleteRound(
    tx: Tx,
    outbox: Outbox,
    defs: Defs,
    c: ChallengeWithStages,
    memberId: string,
    round: number,
    now: Date,
    levelUp: Level | null,
    approvedStageIds?: Set<string>,
  ): Promise<RoundOutcome> {
    const approved =
      approvedStageIds ??
      new Set(
        (await completionsRepo.forRound(tx, memberId, c.id, round))
          .filter((x) => x.status === 'approved')
          .map((x) => x.stageId),
      );
    const done = c.stages.every((s) => approved.has(s.id));
    if (!done) return { challengeCompleted: false, bonusAwarded: 0, levelUp };
    await completionsRepo.completeRound(tx, memberId, c.id, round, now);
    let bonus = 0;
    if (c.completionBonus > 0) {
      const r = await ledgerRepo.post(tx, {
        memberId,
        delta: c.completionBonus,
        lifetimeDelta: c.completionBonus,
        kind: 'earn',
        sourceType: 'challenge_round',
        sourceId: `${c.id}:${memberId}:${round}`,
        reason: `${c.title}: completion bonus`,
      });
      if (r.posted) {
        bonus = c.completionBonus;
        outbox.add('points.changed', {
          memberId,
          balance: r.balance,
          lifetime: r.lifetime,
          delta: bonus,
          reason: r.entry.reason,
        });
        outbox.add('points.posted', {
          memberId,
          delta: bonus,
          cause: 'bonus',
          reason: r.entry.reason,
          challengeId: c.id,
          challengeTitle: c.title,
        });
        levelUp = (await noteLevelChange(defs.levels, outbox, memberId, r.lifetimeBefore, r.lifetime)) ?? levelUp;
      }
    }
    outbox.add('challenge.completed', { memberId, challengeId: c.id, challengeTitle: c.title, bonus });
    return { challengeCompleted: true, bonusAwarded: bonus, levelUp };
  }

  /** Badges the approval earns (badge rules count completions: run once the completion is stored). */
  private grantBadges(
    tx: Tx,
    outbox: Outbox,
    defs: Defs,
    c: ChallengeWithStages,
    memberId: string,
    outcome: RoundOutcome,
  ) {
    return this.badges.evaluate(
      tx,
      outbox,
      memberId,
      {
        approvedCompletion: true,
        levelReached: outcome.levelUp !== null,
        completedChallenge: outcome.challengeCompleted
          ? { challengeId: c.id, badgeId: c.badgeId, title: c.title }
          : undefined,
      },
      defs.badges,
    );
  }

  // ---------------------------------------------------------------- review

  async review(
    reviewerId: string,
    completionId: string,
    decision: 'approve' | 'reject' | 'retry',
    feedback: string | undefined,
    ip: string | null,
  ) {
    const now = this.clock();
    const defs = await this.defs();
    return this.uow.run(async (tx, outbox) => {
      const row = await this.lockedCompletion(tx, completionId);
      if (row.status !== 'pending')
        throw err(
          E.reviewAlreadyDecided,
          409,
          `This submission was already ${row.status === 'approved' ? 'approved' : 'decided'}`,
        );
      const c = (await challengesRepo.findById(tx, row.challengeId))!;
      const stage = c.stages.find((s) => s.id === row.stageId) ?? (await this.stageById(tx, row.stageId));
      const status = DECIDED[decision];
      await completionsRepo.update(tx, row.id, { status, reviewerId, reviewedAt: now, feedback: feedback ?? null });
      let points = 0;
      if (status === 'approved') points = await this.approveReviewed(tx, outbox, defs, c, stage, row, now);
      else await this.releaseRefusedRound(tx, c, stage, row);
      await auditRepo.record(tx, {
        actorId: reviewerId,
        action: `completion.${status}`,
        targetType: 'completion',
        targetId: row.id,
        data: {
          memberId: row.memberId,
          challengeId: row.challengeId,
          stageId: row.stageId,
          feedback: feedback ?? null,
          points,
        },
        ip,
      });
      outbox.add('completion.reviewed', {
        memberId: row.memberId,
        completionId: row.id,
        challengeId: c.id,
        challengeTitle: c.title,
        decision,
        feedback: feedback ?? null,
        points,
      });
      // The reviewed submission as the queue shows it, read before the commit: nothing that can
      // fail runs between the commit and the reply.
      return (await completionsRepo.reviewQueueItem(tx, row.id)).rows[0]!;
    });
  }

  /**
   * The completion, read again under its member's progress lock (taken first, as a submission
   * does) and locked itself.
   */
  private async lockedCompletion(tx: Tx, completionId: string): Promise<CompletionRow> {
    const peek = await completionsRepo.findById(tx, completionId);
    if (!peek) throw err(E.reviewNotFound, 404, 'Submission not found');
    await completionsRepo.lockProgress(tx, peek.memberId, peek.challengeId);
    return (await completionsRepo.findById(tx, completionId, true))!;
  }

  /** An approved submission: its points and effect, the round if it was the last step missing, badges. */
  private async approveReviewed(
    tx: Tx,
    outbox: Outbox,
    defs: Defs,
    c: ChallengeWithStages,
    stage: StageRow,
    row: CompletionRow,
    now: Date,
  ): Promise<number> {
    const award = await this.awardApproved(tx, outbox, defs, c, stage, row, 'review');
    await completionsRepo.update(tx, row.id, { pointsAwarded: award.points });
    const outcome = await this.maybeCompleteRound(tx, outbox, defs, c, row.memberId, row.round, now, award.levelUp);
    await this.grantBadges(tx, outbox, defs, c, row.memberId, outcome);
    return award.points;
  }

  /** A refused final step gives its round (and any global allowance) back. */
  private async releaseRefusedRound(tx: Tx, c: ChallengeWithStages, stage: StageRow, row: CompletionRow) {
    const roundRow = await completionsRepo.findRound(tx, row.memberId, row.challengeId, row.round);
    if (isFinalStage(c, stage) && roundRow?.status === 'submitted') {
      await completionsRepo.releaseRound(tx, row.memberId, row.challengeId, row.round);
      if (c.maxCompletions !== null) await challengesRepo.releaseGlobal(tx, c.id);
    }
  }

  private async stageById(tx: Tx, id: string): Promise<StageRow> {
    const s = await challengesRepo.findStage(tx, id);
    if (!s) throw err(E.stageNotFound, 404, 'No such step');
    return s;
  }

  /**
   * Reverses an approved completion. Policy: the member loses the points as earned (lifetime goes
   * down by the full award, so levels follow), but the spendable balance is only debited by what is
   * left of it — a balance never goes below zero; points already spent are not clawed back. The
   * round's completion bonus is reversed the same way.
   */
  async reverse(actorId: string, completionId: string, reason: string, ip: string | null) {
    return this.uow.run(async (tx, outbox) => {
      const row = await this.lockedCompletion(tx, completionId);
      if (row.status !== 'approved' || row.reversedAt)
        throw err(E.notReversible, 409, 'Only an approved, not yet reversed submission can be reversed');
      const entries = [await ledgerRepo.findBySource(tx, 'earn', 'completion', row.id)];
      const roundRow = await completionsRepo.findRound(tx, row.memberId, row.challengeId, row.round);
      if (roundRow?.status === 'completed')
        entries.push(
          await ledgerRepo.findBySource(
            tx,
            'earn',
            'challenge_round',
            `${row.challengeId}:${row.memberId}:${row.round}`,
          ),
        );
      let last: { balance: number; lifetime: number } | null = null;
      let firstEntry = null;
      for (const e of entries) {
        if (!e) continue;
        await membersRepo.lockById(tx, row.memberId);
        const totals = (await ledgerRepo.totals(tx, row.memberId))!;
        const r = await ledgerRepo.post(tx, {
          memberId: row.memberId,
          delta: -Math.min(e.delta, totals.balance),
          lifetimeDelta: -Math.min(e.lifetimeDelta, totals.lifetime),
          kind: 'reversal',
          sourceType: e.sourceType,
          sourceId: e.sourceId,
          reason: `Reversed: ${e.reason} (${reason})`,
          createdBy: actorId,
        });
        if (r.posted) {
          last = { balance: r.balance, lifetime: r.lifetime };
          firstEntry ??= r.entry;
          outbox.add('points.changed', {
            memberId: row.memberId,
            balance: r.balance,
            lifetime: r.lifetime,
            delta: r.entry.delta,
            reason: r.entry.reason,
          });
          if (r.entry.delta !== 0 || r.entry.lifetimeDelta !== 0)
            outbox.add('points.posted', {
              memberId: row.memberId,
              delta: r.entry.lifetimeDelta,
              cause: 'reversal',
              reason: r.entry.reason,
              challengeId: row.challengeId,
              challengeTitle: null,
            });
        }
      }
      await completionsRepo.update(tx, row.id, { reversedAt: this.clock() });
      await auditRepo.record(tx, {
        actorId,
        action: 'completion.reversed',
        targetType: 'completion',
        targetId: row.id,
        data: { memberId: row.memberId, reason },
        ip,
      });
      const totals = last ?? (await ledgerRepo.totals(tx, row.memberId))!;
      return { entry: firstEntry, ...totals };
    });
  }
}
