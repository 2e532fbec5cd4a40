import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ApiError,
  AskBody,
  AskDecisionBody,
  AskResponse,
  ConfirmBody,
  IdParams,
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

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError, 422: ApiError };
const tags = ['references'];

/** The reference desk: profiles, requests, matches, asks and their answers, confirmation, settings. */
export async function referencesRoutes(app: FastifyInstance, opts: { service: ReferencesService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = opts.service;
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
