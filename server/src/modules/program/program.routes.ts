import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ApiError,
  MEMBER_EDITABLE_FIELDS,
  ProgramResponse,
  UpdateProgramBody,
  type MemberEditableField,
  type Program,
} from '@advocate-hub/shared';
import type { Db } from '../../db/client.js';
import { auditRepo } from '../audit/audit.repo.js';
import { programRepo, type ProgramRow } from './program.repo.js';

export async function programRoutes(app: FastifyInstance, opts: { db: Db; timezone: string }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const view = (row: ProgramRow): Program => ({
    name: row.name,
    tagline: row.tagline,
    logoUrl: row.logoUrl,
    accentColor: row.accentColor,
    timezone: opts.timezone,
    pointValue: Number(row.pointValue),
    currency: row.currency,
    memberEditableFields: row.memberEditableFields.filter((f): f is MemberEditableField =>
      (MEMBER_EDITABLE_FIELDS as readonly string[]).includes(f),
    ),
  });

  r.get(
    '/api/program',
    {
      schema: { tags: ['program'], summary: 'Program name and branding', response: { 200: ProgramResponse } },
    },
    async () => ({ program: view(await programRepo.get(opts.db)) }),
  );

  r.patch(
    '/api/admin/program',
    {
      schema: {
        tags: ['admin: program'],
        summary: 'Update program name and branding',
        body: UpdateProgramBody,
        response: { 200: ProgramResponse, 400: ApiError, 401: ApiError, 403: ApiError },
      },
    },
    async (request) => {
      const row = await opts.db.transaction(async (tx) => {
        const before = await programRepo.get(tx);
        const { pointValue, ...rest } = request.body;
        const updated = await programRepo.update(tx, {
          ...rest,
          ...(pointValue === undefined ? {} : { pointValue: String(pointValue) }),
        });
        const changed = Object.fromEntries(
          Object.keys(request.body).map((k) => [
            k,
            { from: before[k as keyof ProgramRow], to: updated[k as keyof ProgramRow] },
          ]),
        );
        await auditRepo.record(tx, {
          actorId: request.member!.id,
          action: 'program.updated',
          targetType: 'program',
          targetId: null,
          data: changed,
          ip: request.ip,
        });
        return updated;
      });
      return { program: view(row) };
    },
  );
}
