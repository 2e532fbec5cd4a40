import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ApiError,
  GroupBody,
  GroupMembersBody,
  GroupMembersResponse,
  GroupResponse,
  GroupsResponse,
  IdParams,
  Ok,
} from '@advocate-hub/shared';
import type { Db } from '../../db/client.js';
import { AppError, pgErrorCode, PG_FOREIGN_KEY_VIOLATION, PG_UNIQUE_VIOLATION } from '../../platform/errors.js';
import type { DefinitionCache } from '../../platform/cache.js';
import { auditRepo } from '../audit/audit.repo.js';
import { groupsRepo } from './groups.repo.js';
import { groupUsage, usageCount, usageText } from '../segments/usage.js';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError };
const notFound = () => new AppError({ code: 'groups.not_found', status: 404, message: 'Group not found' });
const taken = () => new AppError({ code: 'groups.name_taken', status: 409, message: 'A group with this name exists' });

type Row = NonNullable<Awaited<ReturnType<typeof groupsRepo.findById>>>;
const view = (r: Row) => ({
  id: r.g.id,
  name: r.g.name,
  description: r.g.description,
  memberCount: r.memberCount,
  createdAt: r.g.createdAt.toISOString(),
});

/** Groups: named sets of members, for targeting challenges (and later segments, leaderboards). */
export async function groupsRoutes(app: FastifyInstance, opts: { db: Db; cache: DefinitionCache }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = opts.db;
  const unique = async <T>(fn: () => Promise<T>) => {
    try {
      return await fn();
    } catch (err) {
      if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) throw taken();
      throw err;
    }
  };

  r.get(
    '/api/admin/groups',
    { schema: { tags: ['admin: groups'], response: { 200: GroupsResponse, ...errors } } },
    async () => ({
      groups: (await groupsRepo.list(db)).map(view),
    }),
  );
  r.post(
    '/api/admin/groups',
    {
      schema: { tags: ['admin: groups'], body: GroupBody, response: { 201: GroupResponse, ...errors } },
    },
    async (request, reply) => {
      const group = await unique(() =>
        db.transaction(async (tx) => {
          const g = await groupsRepo.insert(tx, {
            name: request.body.name,
            description: request.body.description ?? null,
          });
          await auditRepo.record(tx, {
            actorId: request.member!.id,
            action: 'group.created',
            targetType: 'group',
            targetId: g.id,
            data: request.body,
            ip: request.ip,
          });
          return view((await groupsRepo.findById(tx, g.id))!);
        }),
      );
      return reply.status(201).send({ group });
    },
  );
  r.patch(
    '/api/admin/groups/:id',
    {
      schema: {
        tags: ['admin: groups'],
        params: IdParams,
        body: GroupBody.partial(),
        response: { 200: GroupResponse, ...errors },
      },
    },
    async (request) => {
      const group = await unique(() =>
        db.transaction(async (tx) => {
          if (!(await groupsRepo.update(tx, request.params.id, request.body))) throw notFound();
          await auditRepo.record(tx, {
            actorId: request.member!.id,
            action: 'group.updated',
            targetType: 'group',
            targetId: request.params.id,
            data: request.body,
            ip: request.ip,
          });
          return view((await groupsRepo.findById(tx, request.params.id))!);
        }),
      );
      return { group };
    },
  );
  r.delete(
    '/api/admin/groups/:id',
    { schema: { tags: ['admin: groups'], params: IdParams, response: { 200: Ok, ...errors } } },
    async (request) => {
      await db.transaction(async (tx) => {
        const usage = await groupUsage(tx, request.params.id);
        if (usageCount(usage))
          throw new AppError({
            code: 'groups.in_use',
            status: 409,
            message: `This group is used by ${usageText(usage)}; remove it from there first`,
            details: usage,
          });
        if (!(await groupsRepo.remove(tx, request.params.id))) throw notFound();
        await auditRepo.record(tx, {
          actorId: request.member!.id,
          action: 'group.deleted',
          targetType: 'group',
          targetId: request.params.id,
          data: {},
          ip: request.ip,
        });
      });
      opts.cache.clear();
      return { ok: true as const };
    },
  );
  r.get(
    '/api/admin/groups/:id/members',
    {
      schema: { tags: ['admin: groups'], params: IdParams, response: { 200: GroupMembersResponse, ...errors } },
    },
    async (request) => {
      if (!(await groupsRepo.findById(db, request.params.id))) throw notFound();
      return {
        members: (await groupsRepo.members(db, request.params.id)).map((m) => ({
          ...m,
          addedAt: m.addedAt.toISOString(),
        })),
      };
    },
  );
  for (const [method, action] of [
    ['POST', 'added'],
    ['DELETE', 'removed'],
  ] as const) {
    r.route({
      method,
      url: '/api/admin/groups/:id/members',
      schema: {
        tags: ['admin: groups'],
        params: IdParams,
        body: GroupMembersBody,
        response: { 200: GroupResponse, ...errors },
      },
      handler: async (request) => {
        const group = await db.transaction(async (tx) => {
          if (!(await groupsRepo.findById(tx, request.params.id))) throw notFound();
          let n: number;
          try {
            n =
              action === 'added'
                ? await groupsRepo.addMembers(tx, request.params.id, request.body.memberIds)
                : await groupsRepo.removeMembers(tx, request.params.id, request.body.memberIds);
          } catch (err) {
            if (pgErrorCode(err) === PG_FOREIGN_KEY_VIOLATION)
              throw new AppError({
                code: 'groups.unknown_member',
                status: 422,
                message: 'Some of these members do not exist',
              });
            throw err;
          }
          await auditRepo.record(tx, {
            actorId: request.member!.id,
            action: `group.members_${action}`,
            targetType: 'group',
            targetId: request.params.id,
            data: { memberIds: request.body.memberIds, changed: n },
            ip: request.ip,
          });
          return view((await groupsRepo.findById(tx, request.params.id))!);
        });
        return { group };
      },
    });
  }
}
