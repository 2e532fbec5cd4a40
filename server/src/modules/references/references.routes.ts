import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ApiError,
  AskBody,
  AskDecisionBody,
  AskResponse,
  ConfirmBody,
  CoverageQuery,
  CoverageResponse,
  DemandResponse,
  DemandRowResponse,
  ForecastBody,
  IdParams,
  Ok,
  OutcomeBody,
  PipelineImportBody,
  PipelineImportResponse,
  RecruitBody,
  RecruitResponse,
  ReferenceMetricsResponse,
  MyAsksResponse,
  ReferenceMatchesResponse,
  ReferenceProfileBody,
  ReferenceProfileResponse,
  ReferenceRequestBody,
  ReferenceRequestResponse,
  ReferenceRequestsResponse,
  ReferenceSettingsPatch,
  ReferenceSettingsResponse,
  ScheduleBody,
} from '@advocate-hub/shared';
import type { ReferencesService } from './references.service.js';
import { demandView, type CoverageService } from './coverage.service.js';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError, 422: ApiError };
const tags = ['references'];

/** The reference desk: profiles, requests, matches, asks and their answers, confirmation, settings. */
export async function referencesRoutes(
  app: FastifyInstance,
  opts: { service: ReferencesService; coverage: CoverageService },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = opts.service;
  const cov = opts.coverage;
  const admin = ['admin: references'];
  /** An ask as its request shows it (with the asked member's name). */
  const askOf = async (actor: Parameters<ReferencesService['request']>[0], requestId: string, askId: string) =>
    (await s.request(actor, requestId)).asks.find((a) => a.id === askId)!;

  r.get(
    '/api/me/reference-profile',
    { schema: { tags, response: { 200: ReferenceProfileResponse, ...errors } } },
    async (request) => ({ profile: await s.profile(request.member!.id) }),
  );
  r.put(
    '/api/me/reference-profile',
    { schema: { tags, body: ReferenceProfileBody, response: { 200: ReferenceProfileResponse, ...errors } } },
    async (request) => ({ profile: await s.saveProfile(request.member!.id, request.body) }),
  );
  r.get('/api/me/asks', { schema: { tags, response: { 200: MyAsksResponse, ...errors } } }, async (request) => ({
    asks: await s.myAsks(request.member!.id),
  }));
  r.post(
    '/api/me/asks/:id',
    { schema: { tags, params: IdParams, body: AskDecisionBody, response: { 200: AskResponse, ...errors } } },
    async (request) => {
      const me = request.member!;
      await s.answer(me.id, request.params.id, request.body);
      const ask = (await s.myAsks(me.id)).find((a) => a.id === request.params.id)!;
      return { ask: { ...ask, member: { id: me.id, name: me.name, company: null } } };
    },
  );

  r.post(
    '/api/reference-requests',
    { schema: { tags, body: ReferenceRequestBody, response: { 201: ReferenceRequestResponse, ...errors } } },
    async (request, reply) => reply.status(201).send({ request: await s.createRequest(request.member!, request.body) }),
  );
  r.get(
    '/api/reference-requests',
    { schema: { tags, response: { 200: ReferenceRequestsResponse, ...errors } } },
    async (request) => ({ requests: await s.listRequests(request.member!) }),
  );
  r.get(
    '/api/reference-requests/:id',
    { schema: { tags, params: IdParams, response: { 200: ReferenceRequestResponse, ...errors } } },
    async (request) => ({ request: await s.request(request.member!, request.params.id) }),
  );
  r.get(
    '/api/reference-requests/:id/matches',
    { schema: { tags, params: IdParams, response: { 200: ReferenceMatchesResponse, ...errors } } },
    async (request) => ({ matches: await s.matches(request.member!, request.params.id) }),
  );
  r.post(
    '/api/reference-requests/:id/asks',
    { schema: { tags, params: IdParams, body: AskBody, response: { 201: AskResponse, ...errors } } },
    async (request, reply) => {
      const ask = await s.ask(
        request.member!,
        request.params.id,
        request.body.memberId,
        request.body.message,
        request.ip,
      );
      return reply.status(201).send({ ask });
    },
  );
  r.post(
    '/api/reference-asks/:id/schedule',
    { schema: { tags, params: IdParams, body: ScheduleBody, response: { 200: AskResponse, ...errors } } },
    async (request) => {
      const row = await s.schedule(request.member!, request.params.id, request.body.slot);
      return { ask: await askOf(request.member!, row.requestId, row.id) };
    },
  );
  r.post(
    '/api/reference-asks/:id/confirm',
    { schema: { tags, params: IdParams, body: ConfirmBody, response: { 200: AskResponse, ...errors } } },
    async (request) => {
      const me = request.member!;
      const row = await s.confirm(me, request.params.id, request.body.happened);
      if (row.memberId === me.id) {
        const ask = (await s.myAsks(me.id)).find((a) => a.id === row.id)!;
        return { ask: { ...ask, member: { id: me.id, name: me.name, company: null } } };
      }
      return { ask: await askOf(me, row.requestId, row.id) };
    },
  );

  r.post(
    '/api/reference-requests/:id/outcome',
    { schema: { tags, params: IdParams, body: OutcomeBody, response: { 200: ReferenceRequestResponse, ...errors } } },
    async (request) => ({
      request: await s.setOutcome(
        request.member!,
        request.params.id,
        request.body.outcome,
        request.body.amount,
        request.ip,
      ),
    }),
  );

  r.get(
    '/api/admin/references/coverage',
    { schema: { tags: admin, querystring: CoverageQuery, response: { 200: CoverageResponse, ...errors } } },
    async (request) => ({ by: request.query.by, cells: await cov.coverage(request.query.by) }),
  );
  r.post(
    '/api/admin/references/coverage/recruit',
    { schema: { tags: admin, body: RecruitBody, response: { 201: RecruitResponse, ...errors } } },
    async (request, reply) =>
      reply.status(201).send(await cov.recruit(request.member!, request.body.cell, request.body.points, request.ip)),
  );
  r.get(
    '/api/admin/references/demand',
    { schema: { tags: admin, response: { 200: DemandResponse, ...errors } } },
    async () => ({ demand: (await cov.listDemand()).map(demandView) }),
  );
  r.post(
    '/api/admin/references/demand/pipeline',
    { schema: { tags: admin, body: PipelineImportBody, response: { 200: PipelineImportResponse, ...errors } } },
    async (request) => cov.importPipeline(request.member!, request.body.csv, request.ip),
  );
  r.post(
    '/api/admin/references/demand/forecast',
    { schema: { tags: admin, body: ForecastBody, response: { 201: DemandRowResponse, ...errors } } },
    async (request, reply) => reply.status(201).send({ demand: demandView(await cov.addForecast(request.body)) }),
  );
  r.delete(
    '/api/admin/references/demand/:id',
    { schema: { tags: admin, params: IdParams, response: { 200: Ok, ...errors } } },
    async (request) => {
      await cov.removeDemand(request.params.id);
      return { ok: true as const };
    },
  );
  r.get(
    '/api/admin/references/metrics',
    { schema: { tags: admin, response: { 200: ReferenceMetricsResponse, ...errors } } },
    async () => ({ metrics: await cov.metrics() }),
  );

  r.get(
    '/api/admin/references/settings',
    { schema: { tags: ['admin: references'], response: { 200: ReferenceSettingsResponse, ...errors } } },
    async () => ({ settings: await s.settings() }),
  );
  r.patch(
    '/api/admin/references/settings',
    {
      schema: {
        tags: ['admin: references'],
        body: ReferenceSettingsPatch,
        response: { 200: ReferenceSettingsResponse, ...errors },
      },
    },
    async (request) => ({ settings: await s.updateSettings(request.member!, request.body, request.ip) }),
  );
}
