import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ActivationBody,
  ActivationResponse,
  ActivationsResponse,
  ANALYTICS_DEFINITIONS as D,
  AnalyticsExportQuery,
  AnalyticsOverviewResponse,
  AnalyticsQuery,
  AnalyticsValuesBody,
  AnalyticsValuesResponse,
  ApiError,
  LeakQuery,
  LeakResponse,
} from '@advocate-hub/shared';
import type { AnalyticsService } from './analytics.service.js';
import { overviewTable, toCsv } from './analytics.csv.js';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError, 422: ApiError };
const tags = ['admin: analytics'];
const definitions = Object.entries(D)
  .map(([k, v]) => `- **${k}**: ${v}`)
  .join('\n');

/** Program analytics and the advocacy leak. */
export async function analyticsRoutes(app: FastifyInstance, opts: { service: AnalyticsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = opts.service;
  const actor = (request: { member?: { id: string } | null; ip: string }) => ({
    id: request.member!.id,
    ip: request.ip,
  });

  r.get(
    '/api/admin/analytics/overview',
    {
      schema: {
        tags,
        summary: 'The program dashboard: members, acts of advocacy and their value, points, funnel, retention',
        description: `Dates are days in the program time zone; the range defaults to the last 90 days.\n\n${definitions}`,
        querystring: AnalyticsQuery,
        response: { 200: AnalyticsOverviewResponse, ...errors },
      },
    },
    async (request) => ({ overview: await s.overview(request.query) }),
  );
  r.get(
    '/api/admin/analytics/export',
    {
      schema: {
        tags,
        summary: 'One table of the dashboard as CSV',
        description: 'Same filters as the overview. Cells starting with = + - @ are prefixed with an apostrophe.',
        querystring: AnalyticsExportQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const { table, ...q } = request.query;
      const o = await s.overview(q);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="analytics-${table}-${o.range.from}-${o.range.to}.csv"`)
        .send(toCsv(overviewTable(o, table)));
    },
  );
  r.get(
    '/api/admin/analytics/values',
    {
      schema: {
        tags,
        summary: 'The value of one act of advocacy per type (cents of the program currency), and challenge types',
        response: { 200: AnalyticsValuesResponse, ...errors },
      },
    },
    async () => ({ values: await s.values() }),
  );
  r.put(
    '/api/admin/analytics/values',
    {
      schema: {
        tags,
        summary: 'Set values per act type, and the act type of challenges (null: derived from its steps)',
        body: AnalyticsValuesBody,
        response: { 200: AnalyticsValuesResponse, ...errors },
      },
    },
    async (request) => ({ values: await s.setValues(actor(request), request.body) }),
  );
  r.get(
    '/api/admin/analytics/leak',
    {
      schema: {
        tags,
        summary: 'The advocacy leak: enthusiastic members with no act of advocacy in the last N days',
        description: `${D.leak}\n\nThe leak is sized in total and per saved segment; members are listed by name, paged by offset.`,
        querystring: LeakQuery,
        response: { 200: LeakResponse, ...errors },
      },
    },
    async (request) => s.leak(request.query),
  );
  r.get(
    '/api/admin/analytics/leak/activations',
    {
      schema: {
        tags,
        summary: 'Activations, newest first, with their cohort size and how many acted since (per step too)',
        response: { 200: ActivationsResponse, ...errors },
      },
    },
    async () => ({ activations: await s.activations() }),
  );
  r.post(
    '/api/admin/analytics/leak/activations',
    {
      schema: {
        tags,
        summary: 'Activate the leak of a segment (or all) in one click (send an Idempotency-Key)',
        description:
          'Snapshots the leaking cohort, puts it in a new group, targets the challenge, the ladder or (neither given) the ready ladder “Tell us in one line why you like us” → “Write a review” → “Be a reference” at that group, and notifies the cohort. A repeated Idempotency-Key answers 200 with the first activation. 422 `analytics.empty_cohort` when nobody leaks.',
        body: ActivationBody,
        response: { 200: ActivationResponse, 201: ActivationResponse, ...errors },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      const { activation, replay } = await s.activate(
        actor(request),
        request.body,
        typeof key === 'string' && key ? key.slice(0, 200) : null,
      );
      return reply.status(replay ? 200 : 201).send({ activation });
    },
  );
}
