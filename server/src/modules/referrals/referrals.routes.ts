import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AdminReferral,
  AdminReferralsQuery,
  AdminReferralsResponse,
  ApiError,
  FraudRulesPatch,
  FraudRulesResponse,
  IdParams,
  MyReferralsResponse,
  ReferralCampaignBody,
  ReferralCampaignResponse,
  ReferralCampaignsResponse,
  ReferralCampaignUpdateBody,
  ReferralImportBody,
  ReferralImportResponse,
  ReferralLandingAnswer,
  ReferralLandingBody,
  ReferralLandingResponse,
  ReferralLinkParams,
  ReferralLinkResponse,
  ReferralReassignBody,
  ReferralResponse,
  ReferralReviewBody,
  ReferralStageBody,
  ReferralStageResponse,
  SubmitReferralBody,
} from '@advocate-hub/shared';
import { IdempotencyHeaders } from '../ledger/ledger.routes.js';
import type { IntegrationsService } from '../integrations/integrations.service.js';
import type { ReferralsService } from './referrals.service.js';
import { referralsCsv } from './referrals.csv.js';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError, 422: ApiError };
const ExportQuery = AdminReferralsQuery.omit({ limit: true });
const CrmHeaders = IdempotencyHeaders.extend({ 'x-api-key': z.string().max(200).optional() });

export async function referralsRoutes(
  app: FastifyInstance,
  opts: { service: ReferralsService; integrations: IntegrationsService; landingPerMinute?: number },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = opts.service;

  // ---------------------------------------------------------------- advocates
  r.post(
    '/api/referrals',
    {
      schema: {
        tags: ['referrals'],
        summary: 'Refer a prospect (their consent is required); send an Idempotency-Key',
        description:
          'A prospect already known by email is merged (not refused): a referral of mine answers 200 with it, another advocate’s prospect gets a new referral held for attribution. Fraud rules never drop a referral: a hit answers `held: true` with its `holdReasons`.',
        headers: IdempotencyHeaders,
        body: SubmitReferralBody,
        response: { 200: ReferralResponse, 201: ReferralResponse, ...errors },
      },
    },
    async (request, reply) => {
      const m = request.member!;
      const out = await s.submit(
        { id: m.id, email: m.email, name: m.name, ip: request.ip, userAgent: request.headers['user-agent'] ?? null },
        request.body,
        request.headers['idempotency-key'] ?? null,
      );
      return reply.status(out.replay ? 200 : 201).send({ referral: out.referral });
    },
  );
  r.get(
    '/api/me/referrals',
    {
      schema: {
        tags: ['referrals'],
        summary: 'My referrals, newest first, with status and points',
        response: { 200: MyReferralsResponse, ...errors },
      },
    },
    async (request) => s.mine(request.member!.id),
  );
  r.get(
    '/api/referrals/campaigns',
    {
      schema: {
        tags: ['referrals'],
        summary: 'Referral campaigns and what each milestone pays',
        response: { 200: ReferralCampaignsResponse, ...errors },
      },
    },
    async () => {
      const all = await s.campaigns();
      return { campaigns: all.campaigns.filter((c) => c.status === 'active').map((c) => ({ ...c, referrals: 0 })) };
    },
  );

  r.get(
    '/api/me/referral-link',
    {
      schema: {
        tags: ['referrals'],
        summary: 'My personal referral link: prospects who open it leave their details on its landing page',
        response: { 200: ReferralLinkResponse, ...errors },
      },
    },
    async (request) => s.myLink(request.member!.id),
  );

  // ---------------------------------------------------------------- a personal link's landing page (public)
  const landingLimit = { rateLimit: { max: opts.landingPerMinute ?? 20, timeWindow: '1 minute' } };
  r.get(
    '/api/referral-links/:code',
    {
      config: landingLimit,
      schema: {
        tags: ['referrals'],
        security: [],
        summary: 'What a personal link’s landing page shows',
        params: ReferralLinkParams,
        response: { 200: ReferralLandingResponse, ...errors },
      },
    },
    async (request) => s.landing(request.params.code),
  );
  r.post(
    '/api/referral-links/:code',
    {
      config: landingLimit,
      schema: {
        tags: ['referrals'],
        security: [],
        summary: 'A prospect leaves their details (with consent) on an advocate’s landing page',
        params: ReferralLinkParams,
        body: ReferralLandingBody,
        response: { 201: ReferralLandingAnswer, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await s.submitByLink(request.params.code, request.body, {
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
        }),
      ),
  );

  // ---------------------------------------------------------------- admins
  const tags = ['admin: referrals'];
  r.get(
    '/api/admin/referrals',
    {
      schema: {
        tags,
        summary: 'The referral pipeline, filtered by stage, held, campaign or text; counts per stage and held',
        querystring: AdminReferralsQuery,
        response: { 200: AdminReferralsResponse, ...errors },
      },
    },
    async (request) => s.adminList(request.query),
  );
  r.get(
    '/api/admin/referrals/export',
    {
      schema: {
        tags,
        summary: 'CSV export of referrals (the import reads it back)',
        querystring: ExportQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const csv = referralsCsv(await s.exportRows(request.query));
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="referrals-${day}.csv"`)
        .send(csv);
    },
  );
  r.post(
    '/api/admin/referrals/import',
    {
      bodyLimit: 5 * 1024 * 1024,
      schema: {
        tags,
        summary: 'CSV import: rows with an id move that referral, rows without one create a referral',
        body: ReferralImportBody,
        response: { 200: ReferralImportResponse, ...errors },
      },
    },
    async (request) => s.importCsv({ type: 'import', id: request.member!.id, ip: request.ip }, request.body.csv),
  );
  r.get(
    '/api/admin/referrals/rules',
    {
      schema: {
        tags,
        summary: 'The fraud rules and their thresholds',
        response: { 200: FraudRulesResponse, ...errors },
      },
    },
    async () => s.rulesView(),
  );
  r.patch(
    '/api/admin/referrals/rules',
    {
      schema: {
        tags,
        summary: 'Tune the fraud rules (audited)',
        body: FraudRulesPatch,
        response: { 200: FraudRulesResponse, ...errors },
      },
    },
    async (request) => s.patchRules(request.member!.id, request.body, request.ip),
  );
  r.get(
    '/api/admin/referrals/campaigns',
    { schema: { tags, response: { 200: ReferralCampaignsResponse, ...errors } } },
    async () => s.campaigns(),
  );
  r.post(
    '/api/admin/referrals/campaigns',
    { schema: { tags, body: ReferralCampaignBody, response: { 201: ReferralCampaignResponse, ...errors } } },
    async (request, reply) =>
      reply.status(201).send(await s.saveCampaign(request.member!.id, null, request.body, request.ip)),
  );
  r.patch(
    '/api/admin/referrals/campaigns/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: ReferralCampaignUpdateBody,
        response: { 200: ReferralCampaignResponse, ...errors },
      },
    },
    async (request) => s.saveCampaign(request.member!.id, request.params.id, request.body, request.ip),
  );
  r.get(
    '/api/admin/referrals/:id',
    { schema: { tags, params: IdParams, response: { 200: z.object({ referral: AdminReferral }), ...errors } } },
    async (request) => ({ referral: await s.adminGet(request.params.id) }),
  );
  r.post(
    '/api/admin/referrals/:id/stage',
    {
      schema: {
        tags,
        summary:
          'Move a referral along the pipeline; milestones pay once, moving back reverses (send an Idempotency-Key)',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: ReferralStageBody,
        response: { 200: ReferralStageResponse, ...errors },
      },
    },
    async (request) => {
      const out = await s.advance(
        { type: 'member', id: request.member!.id, ip: request.ip },
        request.params.id,
        request.body,
        request.headers['idempotency-key'] ?? null,
      );
      return { referral: out.referral, pointsDelta: out.pointsDelta };
    },
  );
  r.post(
    '/api/admin/referrals/:id/review',
    {
      schema: {
        tags,
        summary: 'Release (pays what its stage earned) or reject a held referral (audited)',
        params: IdParams,
        body: ReferralReviewBody,
        response: { 200: ReferralStageResponse, ...errors },
      },
    },
    async (request) =>
      s.review(request.member!.id, request.params.id, request.body.decision, request.body.note, request.ip),
  );
  r.post(
    '/api/admin/referrals/:id/campaign',
    {
      schema: {
        tags,
        summary: 'Reassign a referral to another campaign (later milestones pay its points)',
        params: IdParams,
        body: ReferralReassignBody,
        response: { 200: z.object({ referral: AdminReferral }), ...errors },
      },
    },
    async (request) => ({
      referral: await s.reassign(request.member!.id, request.params.id, request.body.campaignId, request.ip),
    }),
  );

  // ---------------------------------------------------------------- CRM (API keys)
  const crm = ['crm'];
  const security: Record<string, string[]>[] = [{ apiKey: [] }, { bearer: [] }];
  r.get(
    '/api/crm/referrals',
    {
      onRequest: opts.integrations.guard('referrals:read'),
      schema: {
        tags: crm,
        security,
        summary: 'Referrals for a CRM (API key with `referrals:read`)',
        querystring: AdminReferralsQuery,
        headers: z.object({ 'x-api-key': z.string().max(200).optional() }),
        response: { 200: AdminReferralsResponse, ...errors },
      },
    },
    async (request) => s.adminList(request.query),
  );
  r.post(
    '/api/crm/referrals/:id/stage',
    {
      onRequest: opts.integrations.guard('referrals:write'),
      schema: {
        tags: crm,
        security,
        summary: 'Advance a milestone from a CRM (API key with `referrals:write`; send an Idempotency-Key)',
        params: IdParams,
        headers: CrmHeaders,
        body: ReferralStageBody,
        response: { 200: ReferralStageResponse, ...errors },
      },
    },
    async (request) => {
      const out = await s.advance(
        { type: 'api_key', id: request.apiKey!.id, ip: request.ip },
        request.params.id,
        request.body,
        request.headers['idempotency-key'] ?? null,
      );
      return { referral: out.referral, pointsDelta: out.pointsDelta };
    },
  );
}
