import { DateTime } from 'luxon';
import {
  ACT_TYPE_LABELS,
  ACT_TYPES,
  AnalyticsErrorCode as E,
  type Activation,
  type ActivationBody,
  type AnalyticsOverview,
  type AnalyticsQuery,
  type AnalyticsValues,
  type AnalyticsValuesBody,
  type LeakQuery,
  type LeakResponse,
  type StageInput,
} from '@advocate-hub/shared';
import type { Db, Tx } from '../../db/client.js';
import type { DefinitionCache } from '../../platform/cache.js';
import { AppError } from '../../platform/errors.js';
import type { Outbox } from '../../platform/events.js';
import { auditRepo } from '../audit/audit.repo.js';
import { challengesRepo } from '../challenges/challenges.repo.js';
import { normaliseStages } from '../challenges/challenges.service.js';
import { groupsRepo } from '../groups/groups.repo.js';
import type { UnitOfWork } from '../outbox/unit-of-work.js';
import type { SegmentsService } from '../segments/segments.service.js';
import { analyticsRepo, type Range } from './analytics.repo.js';

interface Actor {
  id: string;
  ip: string | null;
}

/** The ready ladder of asks: a small ask first, each next step requiring the previous one. */
export const DEFAULT_LADDER: { title: string; description: string; type: string; stage: StageInput }[] = [
  {
    title: 'Tell us in one line why you like us',
    description: 'One sentence is enough. We may quote you (with your permission) on our website.',
    type: 'testimonial',
    stage: {
      kind: 'proof',
      title: 'Your line',
      points: 50,
      needsReview: false,
      config: { instructions: 'In one line: what do you like most about us?', accept: 'text' },
    },
  },
  {
    title: 'Write a review',
    description: 'Share your experience on G2: it helps peers like you decide.',
    type: 'review',
    stage: {
      kind: 'review',
      title: 'Publish your review',
      points: 300,
      config: { site: 'G2', url: 'https://www.g2.com/' },
    },
  },
  {
    title: 'Be a reference',
    description: 'Take a 30-minute call with a prospect who is considering us.',
    type: 'reference',
    stage: { kind: 'confirm', title: 'I am happy to take a reference call', points: 500, needsReview: true },
  },
];

const MAX_DAYS = 3 * 366;

export class AnalyticsService {
  constructor(
    private readonly db: Db,
    private readonly uow: UnitOfWork,
    private readonly segments: SegmentsService,
    private readonly cache: DefinitionCache,
    private readonly timezone: string,
    private readonly clock: () => Date,
  ) {}

  private async segmentMembers(segmentId: string | null | undefined): Promise<string[] | null> {
    if (!segmentId) return null;
    const seg = (await this.segments.definitions()).find((s) => s.id === segmentId);
    if (!seg) throw new AppError({ code: E.segmentNotFound, status: 404, message: 'Segment not found' });
    return this.segments.memberIds(segmentId);
  }

  /** The range's instants: `from` 00:00 to the day after `to` 00:00, in the program time zone. */
  range(q: AnalyticsQuery): { from: Date; to: Date; fromDay: string; toDay: string } {
    const zone = this.timezone;
    const today = DateTime.fromJSDate(this.clock(), { zone }).startOf('day');
    const to = q.to ? DateTime.fromISO(q.to, { zone }) : today;
    const from = q.from ? DateTime.fromISO(q.from, { zone }) : to.minus({ days: 89 });
    if (!to.isValid || !from.isValid || from > to || to.diff(from, 'days').days > MAX_DAYS)
      throw new AppError({
        code: E.badRange,
        status: 400,
        message: `Choose a range whose start is not after its end, at most ${MAX_DAYS} days long`,
      });
    return {
      from: from.toJSDate(),
      to: to.plus({ days: 1 }).toJSDate(),
      fromDay: from.toISODate()!,
      toDay: to.toISODate()!,
    };
  }

  async overview(q: AnalyticsQuery): Promise<AnalyticsOverview> {
    const span = this.range(q);
    const segment = await this.segmentMembers(q.segmentId);
    const r: Range = { from: span.from, to: span.to, timezone: this.timezone, segment };
    // One snapshot: every figure counts the same database state (a completion committed half-way
    // through cannot be in the funnel and missing from the totals). One connection, the reads in turn.
    const [settings, values, members, acts, cp, funnel, retention, top, turnaround] = await this.db.transaction(
      async (tx) =>
        [
          await analyticsRepo.settings(tx),
          await analyticsRepo.values(tx),
          await analyticsRepo.members(tx, r),
          await analyticsRepo.actsByType(tx, r),
          await analyticsRepo.completionsAndPoints(tx, r),
          await analyticsRepo.funnel(tx, r),
          await analyticsRepo.retention(tx, r),
          await analyticsRepo.topChallenges(tx, r),
          await analyticsRepo.turnaround(tx, r),
        ] as const,
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    const byType = ACT_TYPES.map((type) => {
      const count = acts.get(type) ?? 0;
      const valueCents = values.get(type) ?? 0;
      return { type, label: ACT_TYPE_LABELS[type], count, valueCents, totalCents: count * valueCents };
    });
    // Retention: months since joining, up to the month the range ends in.
    const endMonth = DateTime.fromJSDate(new Date(span.to.getTime() - 1), { zone: this.timezone }).startOf('month');
    const cohorts = new Map<string, { size: number; active: Map<number, number> }>();
    for (const row of retention) {
      const c = cohorts.get(row.cohort) ?? { size: row.size, active: new Map() };
      if (row.k !== null) c.active.set(row.k, row.active);
      cohorts.set(row.cohort, c);
    }
    const retentionRows = [...cohorts.entries()].map(([cohort, c]) => {
      const start = DateTime.fromISO(`${cohort}-01`, { zone: this.timezone });
      const months = Math.max(1, Math.round(endMonth.diff(start, 'months').months) + 1);
      return {
        cohort,
        size: c.size,
        shares: Array.from({ length: months }, (_, k) =>
          c.size ? Math.round(((c.active.get(k) ?? 0) / c.size) * 1000) / 1000 : 0,
        ),
      };
    });
    return {
      range: { from: span.fromDay, to: span.toDay, timezone: this.timezone, segmentId: q.segmentId ?? null },
      currency: settings.currency,
      members,
      acts: {
        total: byType.reduce((s, x) => s + x.count, 0),
        totalCents: byType.reduce((s, x) => s + x.totalCents, 0),
        byType,
      },
      completions: { steps: cp.steps, challenges: cp.challenges },
      points: {
        issued: cp.issued,
        redeemed: cp.redeemed,
        outstanding: cp.outstanding,
        pointValue: settings.pointValue,
        outstandingCents: Math.round(cp.outstanding * settings.pointValue * 100),
        byDay: cp.byDay,
      },
      funnel,
      retention: retentionRows,
      topChallenges: top,
      turnaround,
    };
  }

  // ---------------------------------------------------------------- values

  async values(): Promise<AnalyticsValues> {
    const [settings, values, challenges] = await Promise.all([
      analyticsRepo.settings(this.db),
      analyticsRepo.values(this.db),
      analyticsRepo.challengeTypes(this.db),
    ]);
    return {
      currency: settings.currency,
      values: ACT_TYPES.map((type) => ({ type, label: ACT_TYPE_LABELS[type], valueCents: values.get(type) ?? 0 })),
      challenges: challenges.map((c) => ({
        challengeId: c.id,
        title: c.title,
        category: c.category,
        type: (c.assigned as AnalyticsValues['challenges'][number]['type']) ?? null,
        effectiveType: (c.type as AnalyticsValues['challenges'][number]['effectiveType']) ?? null,
      })),
    };
  }

  async setValues(actor: Actor, body: AnalyticsValuesBody): Promise<AnalyticsValues> {
    await this.db.transaction(async (tx) => {
      if (body.values) await analyticsRepo.setValues(tx, body.values, actor.id);
      if (body.challenges) await analyticsRepo.setChallengeTypes(tx, body.challenges);
      await auditRepo.record(tx, {
        actorId: actor.id,
        action: 'analytics_values.updated',
        targetType: 'analytics_values',
        targetId: null,
        data: { values: body.values ?? [], challenges: body.challenges?.length ?? 0 },
        ip: actor.ip,
      });
    });
    return this.values();
  }

  // ---------------------------------------------------------------- leak

  async leak(q: LeakQuery): Promise<LeakResponse> {
    const segment = await this.segmentMembers(q.segmentId);
    const now = this.clock();
    const [rows, defs] = await Promise.all([
      analyticsRepo.leak(this.db, { days: q.days, now, segment }),
      this.segments.definitions(),
    ]);
    const ids = new Set(rows.map((r) => r.id));
    const segments = [];
    for (const d of defs) {
      const members = await this.segments.memberIds(d.id);
      segments.push({ id: d.id, name: d.name, count: members.filter((m) => ids.has(m)).length });
    }
    segments.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
    const page = rows.slice(q.offset, q.offset + q.limit);
    return {
      days: q.days,
      total: rows.length,
      segments,
      members: page.map((r) => ({
        id: r.id,
        name: r.name,
        email: r.email,
        company: r.company,
        signals: {
          nps: r.nps === null ? null : Number(r.nps),
          positiveSurveys: Number(r.surveys),
          recentActivity: Number(r.recent),
        },
        lastActAt: r.last_act ? new Date(r.last_act).toISOString() : null,
      })),
      nextOffset: q.offset + q.limit < rows.length ? q.offset + q.limit : null,
    };
  }

  /**
   * One click: snapshot the leaking cohort (of a segment, or all), put it in a new group, target the
   * challenge or the ladder at that group and notify the cohort of the first step. One transaction;
   * an Idempotency-Key answers a repeated click with the first activation.
   */
  async activate(
    actor: Actor,
    body: ActivationBody,
    key: string | null,
  ): Promise<{ activation: Activation; replay: boolean }> {
    if (key) {
      const seen = await analyticsRepo.byKey(this.db, key);
      if (seen) return { activation: await this.activation(seen.id), replay: true };
    }
    const segment = await this.segmentMembers(body.segmentId);
    const segmentName = body.segmentId
      ? ((await this.segments.definitions()).find((s) => s.id === body.segmentId)?.name ?? null)
      : null;
    const now = this.clock();
    const result = await this.uow.run(async (tx, outbox) => {
      const row = await analyticsRepo.insertActivation(tx, {
        days: body.days,
        segmentId: body.segmentId ?? null,
        segmentName,
        challengeIds: [],
        cohortSize: 0,
        idempotencyKey: key,
        createdBy: actor.id,
        createdAt: now,
      });
      if (!row) return { id: (await analyticsRepo.byKey(tx, key!))!.id, replay: true };
      const cohort = (await analyticsRepo.leak(tx, { days: body.days, now, segment })).map((r) => r.id);
      if (!cohort.length)
        throw new AppError({
          code: E.emptyCohort,
          status: 422,
          message: 'Nobody is leaking here: there is no one to activate',
        });
      const ready = !body.challengeId && !body.ladder?.length;
      const challengeIds = body.challengeId
        ? [body.challengeId]
        : ready
          ? await this.defaultLadder(tx, actor)
          : body.ladder!;
      const stamp = DateTime.fromJSDate(now, { zone: this.timezone }).toFormat('yyyy-LL-dd HH:mm');
      const group = await groupsRepo.insert(tx, {
        name: `Advocacy leak · ${segmentName ?? 'All members'} · ${stamp} · ${row.id.slice(0, 8)}`,
        description: `Members with enthusiasm and no act of advocacy in ${body.days} days, activated by one click.`,
      });
      await groupsRepo.addMembers(tx, group.id, cohort);
      const titles: string[] = [];
      for (const id of challengeIds) titles.push(await this.target(tx, id, group.id, ready));
      await analyticsRepo.addCohort(tx, row.id, cohort);
      await analyticsRepo.setActivation(tx, row.id, { groupId: group.id, challengeIds, cohortSize: cohort.length });
      this.notify(outbox, row.id, cohort, challengeIds[0]!, titles[0]!, body.message ?? null);
      await auditRepo.record(tx, {
        actorId: actor.id,
        action: 'leak_activation.created',
        targetType: 'leak_activation',
        targetId: row.id,
        data: { days: body.days, segmentId: body.segmentId ?? null, cohort: cohort.length, challengeIds },
        ip: actor.ip,
      });
      return { id: row.id, replay: false };
    });
    this.cache.clear(); // challenge targeting and groups changed
    return { activation: await this.activation(result.id), replay: result.replay };
  }

  private notify(
    outbox: Outbox,
    activationId: string,
    memberIds: string[],
    challengeId: string,
    title: string,
    message: string | null,
  ) {
    outbox.add('leak.activated', { activationId, memberIds, challengeId, challengeTitle: title, message });
  }

  /**
   * Adds the group to the challenge's audience; its title. A challenge the admin opened to everyone
   * stays so; the ready ladder (`own`) is always targeted at the activated groups only.
   */
  private async target(tx: Tx, challengeId: string, groupId: string, own: boolean): Promise<string> {
    const c = await challengesRepo.findById(tx, challengeId);
    if (!c || c.status === 'archived')
      throw new AppError({ code: E.challengeNotFound, status: 404, message: 'Challenge not found or archived' });
    const t = c.targeting;
    if (own || t.includeSegmentIds.length || t.includeGroupIds.length)
      await challengesRepo.update(tx, c.id, {
        targeting: { ...t, includeGroupIds: [...new Set([...t.includeGroupIds, groupId])] },
        updatedAt: new Date(),
      });
    return c.title;
  }

  /** The ready ladder, created (published, each step requiring the previous) the first time it is needed. */
  private async defaultLadder(tx: Tx, actor: Actor): Promise<string[]> {
    await analyticsRepo.lockLadder(tx);
    const existing = await analyticsRepo.ladder(tx);
    if (existing.length === DEFAULT_LADDER.length && existing.every((x) => x.status === 'published'))
      return existing.map((x) => x.challenge_id);
    const ids: string[] = [];
    for (const step of DEFAULT_LADDER) {
      const row = await challengesRepo.insert(tx, {
        title: step.title,
        description: step.description,
        category: 'advocacy',
        status: 'published',
        targeting: { includeSegmentIds: [], includeGroupIds: [], excludeSegmentIds: [], excludeGroupIds: [] },
        prerequisites: { challengeIds: ids.slice(-1), minLevelRank: null },
        createdBy: actor.id,
      });
      await challengesRepo.replaceStages(tx, row.id, normaliseStages([step.stage]));
      await analyticsRepo.setChallengeTypes(tx, [
        { challengeId: row.id, type: step.type as (typeof ACT_TYPES)[number] },
      ]);
      await auditRepo.record(tx, {
        actorId: actor.id,
        action: 'challenge.created',
        targetType: 'challenge',
        targetId: row.id,
        data: { title: row.title, status: row.status, via: 'advocacy leak ladder' },
        ip: actor.ip,
      });
      ids.push(row.id);
    }
    await analyticsRepo.saveLadder(tx, ids);
    return ids;
  }

  async activation(id: string): Promise<Activation> {
    const [a] = await analyticsRepo.activations(this.db, 1, id);
    return view(a!);
  }

  async activations(): Promise<Activation[]> {
    return (await analyticsRepo.activations(this.db, 100)).map(view);
  }
}

function view(a: Awaited<ReturnType<typeof analyticsRepo.activations>>[number]): Activation {
  return {
    id: a.id,
    days: a.days,
    segmentId: a.segmentId,
    segmentName: a.segmentName,
    groupId: a.groupId,
    cohortSize: a.cohortSize,
    activated: a.activated,
    steps: a.steps,
    createdAt: a.createdAt.toISOString(),
  };
}
