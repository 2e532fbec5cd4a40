import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ApiError,
  AudienceBody,
  AudienceResponse,
  IdParams,
  Ok,
  SegmentBody,
  SegmentMembersQuery,
  SegmentMembersResponse,
  SegmentPreviewBody,
  SegmentPreviewResponse,
  SegmentResponse,
  SegmentsResponse,
  SegmentValuesResponse,
} from '@advocate-hub/shared';
import type { SegmentsService } from './segments.service.js';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError, 422: ApiError };
const tags = ['admin: segments'];

/** Segments: saved rules over member fields with live counts; used to target challenges. */
export async function segmentsRoutes(app: FastifyInstance, opts: { service: SegmentsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = opts.service;
  const actor = (request: { member?: { id: string } | null; ip: string }) => ({
    id: request.member!.id,
    ip: request.ip,
  });

  r.get(
    '/api/admin/segments',
    {
      schema: { tags, summary: 'Segments with live member counts', response: { 200: SegmentsResponse, ...errors } },
    },
    async () => ({ segments: await s.list() }),
  );
  r.get(
    '/api/admin/segments/values',
    {
      schema: {
        tags,
        summary: 'Profile values in use (company, industry, products, tags, …) for the rule builder',
        response: { 200: SegmentValuesResponse, ...errors },
      },
    },
    async () => s.values(),
  );
  r.post(
    '/api/admin/segments/preview',
    {
      schema: {
        tags,
        summary: 'Count (and a sample of) active members matching a rule, without saving it',
        body: SegmentPreviewBody,
        response: { 200: SegmentPreviewResponse, ...errors },
      },
    },
    async (request) => s.preview(request.body.rule),
  );
  r.post(
    '/api/admin/segments',
    { schema: { tags, body: SegmentBody, response: { 201: SegmentResponse, ...errors } } },
    async (request, reply) => reply.status(201).send({ segment: await s.create(actor(request), request.body) }),
  );
  r.get(
    '/api/admin/segments/:id',
    { schema: { tags, params: IdParams, response: { 200: SegmentResponse, ...errors } } },
    async (request) => ({ segment: await s.get(request.params.id) }),
  );
  r.patch(
    '/api/admin/segments/:id',
    {
      schema: { tags, params: IdParams, body: SegmentBody.partial(), response: { 200: SegmentResponse, ...errors } },
    },
    async (request) => ({ segment: await s.update(actor(request), request.params.id, request.body) }),
  );
  r.delete(
    '/api/admin/segments/:id',
    {
      schema: {
        tags,
        summary: 'Delete a segment; refused (409 segments.in_use) while a challenge targets it',
        params: IdParams,
        response: { 200: Ok, ...errors },
      },
    },
    async (request) => {
      await s.remove(actor(request), request.params.id);
      return { ok: true as const };
    },
  );
  r.get(
    '/api/admin/segments/:id/members',
    {
      schema: {
        tags,
        summary: 'Active members in the segment now, by name',
        params: IdParams,
        querystring: SegmentMembersQuery,
        response: { 200: SegmentMembersResponse, ...errors },
      },
    },
    async (request) => s.members(request.params.id, request.query.limit),
  );
  r.post(
    '/api/admin/challenges/audience',
    {
      schema: {
        tags: ['admin: challenges'],
        summary: 'How many active members a challenge targeting would reach',
        body: AudienceBody,
        response: { 200: AudienceResponse, ...errors },
      },
    },
    async (request) => s.audience(request.body),
  );
}
