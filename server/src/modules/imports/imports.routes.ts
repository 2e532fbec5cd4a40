import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiError,
  EventImportResponse,
  ImportBody,
  ImportQuery,
  IMPORT_MAX_BYTES,
  IntegrationErrorCode,
  MemberImportResponse,
} from '@advocate-hub/shared';
import { AppError } from '../../platform/errors.js';
import type { IntegrationsService } from '../integrations/integrations.service.js';
import type { ImportsService } from './imports.service.js';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 413: ApiError, 422: ApiError };
/** `{csv}` as JSON, a `text/csv` body (API clients with a Bearer token), or multipart (field `file`). */
const CsvBody = z.union([ImportBody, z.string().max(IMPORT_MAX_BYTES)]).nullish();

const noFile = () =>
  new AppError({
    code: IntegrationErrorCode.badCsv,
    status: 400,
    message: 'Send the CSV as {"csv": "…"}, as text/csv, or as multipart/form-data (field "file")',
  });

async function csvOf(request: FastifyRequest): Promise<string> {
  if (request.isMultipart()) {
    const part = await request.file({ limits: { fileSize: IMPORT_MAX_BYTES + 1, files: 1, fields: 4, parts: 5 } });
    if (!part || part.fieldname !== 'file') throw noFile();
    const buf = await part.toBuffer().catch((err: { statusCode?: number }) => {
      if (err.statusCode === 413)
        throw new AppError({
          code: IntegrationErrorCode.badCsv,
          status: 413,
          message: `The file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB`,
        });
      throw err;
    });
    return buf.toString('utf8');
  }
  const body = request.body as z.infer<typeof CsvBody>;
  if (typeof body === 'string' && body.trim()) return body;
  if (body && typeof body === 'object') return body.csv;
  throw noFile();
}

export async function importsRoutes(
  app: FastifyInstance,
  opts: { service: ImportsService; integrations: IntegrationsService },
) {
  const parseAsText = (_req: unknown, body: string, done: (err: null, body: string) => void) => done(null, body);
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: IMPORT_MAX_BYTES + 1024 }, parseAsText);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = opts.service;
  const tags = ['admin: integrations'];
  const bodyLimit = IMPORT_MAX_BYTES + 64 * 1024;
  r.post(
    '/api/admin/events/import',
    {
      bodyLimit,
      config: { upload: true },
      schema: {
        tags,
        summary:
          'Import events and points from CSV (email,type,points,challenge_id,stage_id,reason,idempotency_key). `dryRun=true` checks every row and writes nothing; a row applies once (its key, or the file and row), so uploading a file again awards nothing twice',
        querystring: ImportQuery.pick({ dryRun: true }),
        body: CsvBody,
        response: { 200: EventImportResponse, ...errors },
      },
    },
    async (request) => s.importEvents(request.member!.id, await csvOf(request), request.query.dryRun, request.ip),
  );
  r.post(
    '/api/admin/members/import',
    {
      bodyLimit,
      config: { upload: true },
      schema: {
        tags: ['admin: members'],
        summary:
          'Import members from CSV (email,name,company,title,industry,region,products,persona,tags,timezone,roles,groups; lists separated by ; or |): upsert on email. `dryRun=true` writes nothing; `invite=true` emails an invite to each member it creates',
        querystring: ImportQuery,
        body: CsvBody,
        response: { 200: MemberImportResponse, ...errors },
      },
    },
    async (request) =>
      s.importMembers(
        request.member!.id,
        await csvOf(request),
        { dryRun: request.query.dryRun, invite: request.query.invite },
        request.ip,
      ),
  );
  r.post(
    '/api/members/import',
    {
      bodyLimit,
      onRequest: opts.integrations.guard('members:write'),
      schema: {
        tags: ['integrations'],
        security: [{ apiKey: [] }, { bearer: [] }],
        summary:
          'Import members from CSV with an API key holding `members:write` (same columns, dry run and invites as POST /api/admin/members/import); send it as text/csv or {"csv": "…"}',
        querystring: ImportQuery,
        headers: z.object({ 'x-api-key': z.string().max(200).optional() }),
        body: CsvBody,
        response: { 200: MemberImportResponse, ...errors },
      },
    },
    async (request) =>
      s.importMembers(
        null,
        await csvOf(request),
        { dryRun: request.query.dryRun, invite: request.query.invite },
        request.ip,
      ),
  );
}
