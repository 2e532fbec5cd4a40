import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { asc, eq, sql } from 'drizzle-orm';
import {
  ApiError,
  EngineErrorCode,
  IdParams,
  LevelBody,
  LevelResponse,
  LevelsResponse,
  Ok,
} from '@advocate-hub/shared';
import type { Db, Executor } from '../../db/client.js';
import { AppError, pgErrorCode, PG_UNIQUE_VIOLATION } from '../../platform/errors.js';
import { auditRepo } from '../audit/audit.repo.js';
import type { DefinitionCache } from '../../platform/cache.js';
import { levels } from './levels.table.js';
import { members } from '../members/members.table.js';
import { levelUsage, usageCount, usageText } from '../segments/usage.js';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError };
const taken = () =>
  new AppError({
    code: EngineErrorCode.levelThresholdTaken,
    status: 409,
    message: 'Another level already starts at that many points',
  });

/** Levels with how many members hold each (lifetime within [threshold, next threshold)). */
async function listLevels(ex: Executor) {
  // Two queries one after the other, never at once: `ex` may be a transaction (one client).
  const rows = await ex.select().from(levels).orderBy(asc(levels.threshold));
  const counts = await ex.execute<{ id: string; n: number }>(sql`
    select l.id, count(m.id)::int as n
    from (select id, threshold, lead(threshold) over (order by threshold) as next from ${levels}) l
    left join ${members} m
      on m.status = 'active' and m.lifetime >= l.threshold and (l.next is null or m.lifetime < l.next)
    group by l.id`);
  const held = new Map(counts.rows.map((c) => [c.id, c.n]));
  return rows.map((l, i) => ({
    id: l.id,
    name: l.name,
    rank: i + 1,
    threshold: l.threshold,
    description: l.description,
    privileges: l.privileges,
    memberCount: held.get(l.id) ?? 0,
  }));
}

/** Ranks follow thresholds: the lowest threshold is rank 1. */
async function renumber(ex: Executor) {
  await ex.execute(sql`update levels set rank = -rank`);
  await ex.execute(
    sql`update levels l set rank = o.r from (select id, row_number() over (order by threshold) as r from levels) o where o.id = l.id`,
  );
}

export async function levelsRoutes(app: FastifyInstance, opts: { db: Db; cache: DefinitionCache }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = opts.db;
  const write = async <T>(fn: (tx: Executor) => Promise<T>) => {
    try {
      return await db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(727003)`);
        const out = await fn(tx);
        opts.cache.clear();
        return out;
      });
    } catch (err) {
      if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) throw taken();
      throw err;
    }
  };
  const one = async (ex: Executor, id: string) => {
    const l = (await listLevels(ex)).find((x) => x.id === id);
    if (!l) throw new AppError({ code: 'levels.not_found', status: 404, message: 'Level not found' });
    return l;
  };

  r.get(
    '/api/levels',
    { schema: { tags: ['levels'], response: { 200: LevelsResponse, 401: ApiError } } },
    async () => ({
      levels: await listLevels(db),
    }),
  );
  r.get(
    '/api/admin/levels',
    { schema: { tags: ['admin: levels'], response: { 200: LevelsResponse, ...errors } } },
    async () => ({
      levels: await listLevels(db),
    }),
  );
  r.post(
    '/api/admin/levels',
    {
      schema: { tags: ['admin: levels'], body: LevelBody, response: { 201: LevelResponse, ...errors } },
    },
    async (request, reply) => {
      const level = await write(async (tx) => {
        const [row] = await tx
          .insert(levels)
          .values({
            name: request.body.name,
            threshold: request.body.threshold,
            description: request.body.description ?? null,
            privileges: request.body.privileges ?? [],
            rank: -1 - Math.floor(Math.random() * 1e9),
          })
          .returning();
        await renumber(tx);
        await auditRepo.record(tx, {
          actorId: request.member!.id,
          action: 'level.created',
          targetType: 'level',
          targetId: row!.id,
          data: request.body,
          ip: request.ip,
        });
        return one(tx, row!.id);
      });
      return reply.status(201).send({ level });
    },
  );
  r.patch(
    '/api/admin/levels/:id',
    {
      schema: {
        tags: ['admin: levels'],
        params: IdParams,
        body: LevelBody.partial(),
        response: { 200: LevelResponse, ...errors },
      },
    },
    async (request) => {
      // An empty change is no change: answer the level as it is.
      if (Object.keys(request.body).length === 0) return { level: await one(db, request.params.id) };
      const level = await write(async (tx) => {
        const [row] = await tx.update(levels).set(request.body).where(eq(levels.id, request.params.id)).returning();
        if (!row) throw new AppError({ code: 'levels.not_found', status: 404, message: 'Level not found' });
        await renumber(tx);
        await auditRepo.record(tx, {
          actorId: request.member!.id,
          action: 'level.updated',
          targetType: 'level',
          targetId: row.id,
          data: request.body,
          ip: request.ip,
        });
        return one(tx, row.id);
      });
      return { level };
    },
  );
  r.delete(
    '/api/admin/levels/:id',
    { schema: { tags: ['admin: levels'], params: IdParams, response: { 200: Ok, ...errors } } },
    async (request) => {
      await write(async (tx) => {
        const usage = await levelUsage(tx, request.params.id);
        if (usageCount(usage))
          throw new AppError({
            code: 'levels.in_use',
            status: 409,
            message: `This level is used by ${usageText(usage)}; change those rules first`,
            details: usage,
          });
        const [row] = await tx.delete(levels).where(eq(levels.id, request.params.id)).returning();
        if (!row) throw new AppError({ code: 'levels.not_found', status: 404, message: 'Level not found' });
        await renumber(tx);
        await auditRepo.record(tx, {
          actorId: request.member!.id,
          action: 'level.deleted',
          targetType: 'level',
          targetId: row.id,
          data: { name: row.name },
          ip: request.ip,
        });
      });
      return { ok: true as const };
    },
  );
}
