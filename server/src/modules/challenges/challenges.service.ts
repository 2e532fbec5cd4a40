import {
  EngineErrorCode,
  StageConfig,
  type AdminChallenge,
  type CreateChallengeBody,
  type StageInput,
  type StageKind,
  type UpdateChallengeBody,
} from '@advocate-hub/shared';
import type { Db, Executor } from '../../db/client.js';
import { AppError } from '../../platform/errors.js';
import { auditRepo } from '../audit/audit.repo.js';
import type { DefinitionCache } from '../../platform/cache.js';
import { challengesRepo, type ChallengeWithStages } from './challenges.repo.js';
import { unknownTargets } from '../segments/segments.service.js';
import type { StageRow } from './challenges.table.js';
import { groupIdsNamedBy, publicConfig, stageHandler } from './stages/index.js';

export const challengeNotFound = () =>
  new AppError({ code: EngineErrorCode.challengeNotFound, status: 404, message: 'Challenge not found' });

/** Validates a stage's per-kind config; 400 with field paths like `stages.2.config.questions`. */
export function normaliseStages(stages: StageInput[]) {
  const fields: Record<string, string> = {};
  const out = stages.map((s, i) => {
    const parsed = StageConfig.safeParse({ ...(s.config ?? {}), kind: s.kind });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = ['stages', i, 'config', ...issue.path].join('.');
        fields[key] ??= issue.message;
      }
      return null;
    }
    const handler = stageHandler(s.kind);
    for (const [path, message] of Object.entries(handler.configIssues(parsed.data)))
      fields[`stages.${i}.config.${path}`] = message;
    const { kind: _kind, ...config } = parsed.data;
    return {
      id: s.id,
      kind: s.kind,
      title: s.title,
      body: s.body ?? null,
      points: s.points,
      needsReview: s.needsReview ?? handler.needsReviewByDefault,
      config: config as Record<string, unknown>,
    };
  });
  if (Object.keys(fields).length)
    throw new AppError({
      code: 'validation.failed',
      status: 400,
      message: 'Invalid request body',
      details: { fields },
    });
  return out as NonNullable<(typeof out)[number]>[];
}

function checkWindow(publishAt?: string | null, expireAt?: string | null) {
  if (publishAt && expireAt && new Date(expireAt) <= new Date(publishAt))
    throw new AppError({
      code: 'validation.failed',
      status: 400,
      message: 'Invalid request body',
      details: { fields: { expireAt: 'Must be after the publish time' } },
    });
}

/** A stage as the API shows it: the full config to admins, the public one to advocates. */
export function stageView(s: StageRow, full: boolean) {
  return {
    id: s.id,
    position: s.position,
    kind: s.kind as StageKind,
    title: s.title,
    body: s.body,
    points: s.points,
    needsReview: s.needsReview,
    config: full ? s.config : publicConfig(s.kind as StageKind, s.config),
  };
}

export function totalPoints(c: ChallengeWithStages): number {
  return c.stages.reduce((n, s) => n + s.points, 0) + c.completionBonus;
}

export function toAdminChallenge(c: ChallengeWithStages, rounds: number): AdminChallenge {
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    category: c.category,
    status: c.status,
    stages: c.stages.map((s) => stageView(s, true)),
    repeat: { mode: c.repeatMode, limit: c.repeatLimit },
    maxCompletions: c.maxCompletions,
    completionsCount: rounds,
    completionBonus: c.completionBonus,
    publishAt: c.publishAt?.toISOString() ?? null,
    expireAt: c.expireAt?.toISOString() ?? null,
    featured: c.featured,
    sortOrder: c.sortOrder,
    imageUrl: c.imageUrl,
    targeting: c.targeting,
    prerequisites: c.prerequisites,
    badgeId: c.badgeId,
    totalPoints: totalPoints(c),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

function fieldsOf(body: CreateChallengeBody | UpdateChallengeBody) {
  const v: Record<string, unknown> = {};
  if (body.title !== undefined) v.title = body.title;
  if (body.description !== undefined) v.description = body.description;
  if (body.category !== undefined) v.category = body.category;
  if (body.repeat !== undefined) {
    v.repeatMode = body.repeat.mode;
    v.repeatLimit = body.repeat.mode === 'once' ? 1 : (body.repeat.limit ?? 1);
  }
  if (body.maxCompletions !== undefined) v.maxCompletions = body.maxCompletions;
  if (body.completionBonus !== undefined) v.completionBonus = body.completionBonus;
  if (body.status !== undefined) v.status = body.status;
  if (body.publishAt !== undefined) v.publishAt = body.publishAt ? new Date(body.publishAt) : null;
  if (body.expireAt !== undefined) v.expireAt = body.expireAt ? new Date(body.expireAt) : null;
  if (body.featured !== undefined) v.featured = body.featured;
  if (body.sortOrder !== undefined) v.sortOrder = body.sortOrder;
  if (body.imageUrl !== undefined) v.imageUrl = body.imageUrl;
  if (body.badgeId !== undefined) v.badgeId = body.badgeId;
  return v;
}

/** Targeting, and stages that name a group (join-group), must point at groups and segments that exist. */
async function assertTargetingResolvable(ex: Executor, body: CreateChallengeBody | UpdateChallengeBody) {
  const t = body.targeting;
  const segmentIds = [...(t?.includeSegmentIds ?? []), ...(t?.excludeSegmentIds ?? [])];
  const groupIds = [
    ...(t?.includeGroupIds ?? []),
    ...(t?.excludeGroupIds ?? []),
    ...groupIdsNamedBy(body.stages ?? []),
  ].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  const missing = await unknownTargets(ex, { segmentIds, groupIds });
  if (missing.length)
    throw new AppError({
      code: 'challenges.unknown_target',
      status: 422,
      message: 'Targeting or a join-group step refers to groups or segments that do not exist',
      details: { ids: missing },
    });
}

export class ChallengesAdminService {
  constructor(
    private readonly db: Db,
    private readonly cache: DefinitionCache,
  ) {}

  private async view(ex: Executor, c: ChallengeWithStages) {
    this.cache.clear(); // every write ends in a view: cached challenge definitions are stale now
    const counts = await challengesRepo.roundCounts(ex, [c.id]);
    return toAdminChallenge(c, counts.get(c.id) ?? 0);
  }

  async list(q: { status?: string | undefined; q?: string | undefined }): Promise<AdminChallenge[]> {
    const rows = await challengesRepo.list(this.db, q);
    const counts = await challengesRepo.roundCounts(
      this.db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => toAdminChallenge(r, counts.get(r.id) ?? 0));
  }

  async get(id: string): Promise<AdminChallenge> {
    const c = await challengesRepo.findById(this.db, id);
    if (!c) throw challengeNotFound();
    return this.view(this.db, c);
  }

  async create(actorId: string, body: CreateChallengeBody, ip: string | null): Promise<AdminChallenge> {
    const stages = normaliseStages(body.stages);
    checkWindow(body.publishAt, body.expireAt);
    await assertTargetingResolvable(this.db, body);
    return this.db.transaction(async (tx) => {
      const row = await challengesRepo.insert(tx, {
        ...(fieldsOf(body) as object),
        title: body.title,
        targeting: {
          includeSegmentIds: [],
          includeGroupIds: [],
          excludeSegmentIds: [],
          excludeGroupIds: [],
          ...body.targeting,
        },
        prerequisites: { challengeIds: [], minLevelRank: null, ...body.prerequisites },
        createdBy: actorId,
      });
      await challengesRepo.replaceStages(tx, row.id, stages);
      await auditRepo.record(tx, {
        actorId,
        action: 'challenge.created',
        targetType: 'challenge',
        targetId: row.id,
        data: { title: row.title, status: row.status },
        ip,
      });
      return this.view(tx, (await challengesRepo.findById(tx, row.id))!);
    });
  }

  async update(actorId: string, id: string, body: UpdateChallengeBody, ip: string | null): Promise<AdminChallenge> {
    const stages = body.stages ? normaliseStages(body.stages) : null;
    await assertTargetingResolvable(this.db, body);
    return this.db.transaction(async (tx) => {
      const current = await challengesRepo.findById(tx, id);
      if (!current) throw challengeNotFound();
      checkWindow(
        body.publishAt !== undefined ? body.publishAt : (current.publishAt?.toISOString() ?? null),
        body.expireAt !== undefined ? body.expireAt : (current.expireAt?.toISOString() ?? null),
      );
      const patch: Record<string, unknown> = fieldsOf(body);
      if (body.targeting) patch.targeting = { ...current.targeting, ...body.targeting };
      if (body.prerequisites) patch.prerequisites = { ...current.prerequisites, ...body.prerequisites };
      await challengesRepo.update(tx, id, patch);
      if (stages) await challengesRepo.replaceStages(tx, id, stages);
      await auditRepo.record(tx, {
        actorId,
        action: 'challenge.updated',
        targetType: 'challenge',
        targetId: id,
        data: { fields: Object.keys(body) },
        ip,
      });
      return this.view(tx, (await challengesRepo.findById(tx, id))!);
    });
  }

  async setStatus(actorId: string, id: string, status: 'published' | 'archived', ip: string | null) {
    return this.db.transaction(async (tx) => {
      const row = await challengesRepo.update(tx, id, { status });
      if (!row) throw challengeNotFound();
      await auditRepo.record(tx, {
        actorId,
        action: `challenge.${status}`,
        targetType: 'challenge',
        targetId: id,
        data: {},
        ip,
      });
      return this.view(tx, (await challengesRepo.findById(tx, id))!);
    });
  }

  async duplicate(actorId: string, id: string, ip: string | null): Promise<AdminChallenge> {
    return this.db.transaction(async (tx) => {
      const c = await challengesRepo.findById(tx, id);
      if (!c) throw challengeNotFound();
      const { id: _id, createdAt: _c, updatedAt: _u, completionsCount: _n, stages, ...rest } = c;
      const row = await challengesRepo.insert(tx, {
        ...rest,
        title: `${c.title} (copy)`,
        status: 'draft',
        createdBy: actorId,
      });
      await challengesRepo.replaceStages(
        tx,
        row.id,
        stages.map(({ kind, title, body, points, needsReview, config }) => ({
          kind,
          title,
          body,
          points,
          needsReview,
          config,
        })),
      );
      await auditRepo.record(tx, {
        actorId,
        action: 'challenge.duplicated',
        targetType: 'challenge',
        targetId: row.id,
        data: { from: id },
        ip,
      });
      return this.view(tx, (await challengesRepo.findById(tx, row.id))!);
    });
  }
}
