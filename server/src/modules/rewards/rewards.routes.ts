import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import {
  AdminRedemptionResponse,
  AdminRedemptionsQuery,
  AdminRedemptionsResponse,
  AdminRewardResponse,
  AdminRewardsQuery,
  AdminRewardsResponse,
  ApiError,
  BulkRedemptionBody,
  BulkRedemptionResponse,
  CreateRewardBody,
  IdParams,
  LiabilityResponse,
  MyRedemptionsResponse,
  PageQuery,
  RedeemBody,
  RedemptionDecisionBody,
  RedemptionResponse,
  RedemptionStatus,
  RewardResponse,
  RewardsResponse,
  UpdateRewardBody,
  UploadCodesBody,
  UploadCodesResponse,
} from '@advocate-hub/shared';
import { IdempotencyHeaders } from '../ledger/ledger.routes.js';
import type { RewardsService } from './rewards.service.js';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError, 422: ApiError };

export async function rewardsRoutes(app: FastifyInstance, opts: { service: RewardsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = opts.service;

  // ---------------------------------------------------------------- advocates
  r.get(
    '/api/rewards',
    {
      schema: {
        tags: ['rewards'],
        summary: 'Rewards I can see, with what blocks each (points, stock, limits, level)',
        response: { 200: RewardsResponse, ...errors },
      },
    },
    async (request) => s.catalog(request.member!.id, request.memberSnapshot),
  );
  r.get(
    '/api/rewards/:id',
    { schema: { tags: ['rewards'], params: IdParams, response: { 200: RewardResponse, ...errors } } },
    async (request) => s.one(request.member!.id, request.params.id, request.memberSnapshot),
  );
  r.post(
    '/api/rewards/:id/redemptions',
    {
      schema: {
        tags: ['rewards'],
        summary: 'Redeem points for a reward (send an Idempotency-Key)',
        description:
          'Spends the reward’s cost from my balance. Send an `Idempotency-Key` header, a fresh one for each redemption you mean, and the same one when you retry it after a timeout, a network error or a 5xx: the retry is answered 200 with the first answer, unchanged, and nothing is spent again. A retry without a key (or with a new one) is a new redemption and may redeem, and spend, twice. A key used before for another reward answers 422 `rewards.idempotency_key_reused`. 409 out of stock or over a limit; 422 not enough points.',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: RedeemBody.optional(),
        response: { 200: RedemptionResponse, 201: RedemptionResponse, ...errors },
      },
    },
    async (request, reply) => {
      const out = await s.redeem(
        request.member!.id,
        request.params.id,
        request.body ?? {},
        request.headers['idempotency-key'] ?? null,
        request.memberSnapshot,
      );
      return reply.status(out.replay ? 200 : 201).send({ redemption: out.redemption, balance: out.balance });
    },
  );
  r.get(
    '/api/me/redemptions',
    {
      schema: {
        tags: ['rewards'],
        summary: 'My redemptions, newest first, with status and codes',
        querystring: PageQuery,
        response: { 200: MyRedemptionsResponse, ...errors },
      },
    },
    async (request) => s.myRedemptions(request.member!.id, request.query),
  );
  r.post(
    '/api/me/redemptions/:id/cancel',
    {
      schema: {
        tags: ['rewards'],
        summary: 'Cancel my redemption while it waits for approval (points come back)',
        params: IdParams,
        response: { 200: z.object({ redemption: MyRedemptionsResponse.shape.redemptions.element }), ...errors },
      },
    },
    async (request) => ({ redemption: await s.cancelMine(request.member!.id, request.params.id) }),
  );

  // ---------------------------------------------------------------- admins: catalog
  const tags = ['admin: rewards'];
  r.get(
    '/api/admin/rewards',
    {
      schema: { tags, querystring: AdminRewardsQuery, response: { 200: AdminRewardsResponse, ...errors } },
    },
    async (request) => ({ rewards: await s.adminList(request.query) }),
  );
  r.post(
    '/api/admin/rewards',
    { schema: { tags, body: CreateRewardBody, response: { 201: AdminRewardResponse, ...errors } } },
    async (request, reply) =>
      reply.status(201).send({ reward: await s.create(request.member!.id, request.body, request.ip) }),
  );
  r.get(
    '/api/admin/rewards/liability',
    {
      schema: {
        tags,
        summary: 'Points outstanding and committed, valued at the program’s value per point',
        response: { 200: LiabilityResponse, ...errors },
      },
    },
    async () => s.liability(),
  );
  r.get(
    '/api/admin/rewards/:id',
    { schema: { tags, params: IdParams, response: { 200: AdminRewardResponse, ...errors } } },
    async (request) => ({ reward: await s.adminGet(request.params.id) }),
  );
  r.patch(
    '/api/admin/rewards/:id',
    {
      schema: { tags, params: IdParams, body: UpdateRewardBody, response: { 200: AdminRewardResponse, ...errors } },
    },
    async (request) => ({ reward: await s.update(request.member!.id, request.params.id, request.body, request.ip) }),
  );
  r.post(
    '/api/admin/rewards/:id/codes',
    {
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Add codes to a code reward’s pool from CSV (one per row, first column); duplicates are skipped',
        params: IdParams,
        body: UploadCodesBody,
        response: { 200: UploadCodesResponse, ...errors },
      },
    },
    async (request) => s.uploadCodes(request.member!.id, request.params.id, request.body.csv, request.ip),
  );

  // ---------------------------------------------------------------- admins: redemptions
  const rtags = ['admin: redemptions'];
  r.get(
    '/api/admin/redemptions',
    {
      schema: {
        tags: rtags,
        summary: 'Redemptions (waiting ones oldest first), with counts per status',
        querystring: AdminRedemptionsQuery,
        response: { 200: AdminRedemptionsResponse, ...errors },
      },
    },
    async (request) => s.adminRedemptions(request.query),
  );
  r.get(
    '/api/admin/redemptions/export',
    {
      schema: {
        tags: rtags,
        summary: 'CSV export of redemptions matching the filters',
        querystring: z.object({
          status: RedemptionStatus.optional(),
          rewardId: z.uuid().optional(),
          q: z.string().trim().max(200).optional(),
        }),
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const rows = await s.exportRows(request.query);
      const csv = stringify(
        rows.map((x) =>
          safeRow({
            id: x.id,
            created_at: x.createdAt,
            status: x.status,
            reward: x.reward.name,
            reward_type: x.reward.type,
            cost: x.cost,
            member_name: x.member.name,
            member_email: x.member.email,
            code: x.code ?? '',
            member_note: x.note ?? '',
            admin_note: x.adminNote ?? '',
            ship_to: x.shipping
              ? [
                  x.shipping.name,
                  x.shipping.line1,
                  x.shipping.line2,
                  x.shipping.city,
                  x.shipping.region,
                  x.shipping.postalCode,
                  x.shipping.country,
                ]
                  .filter(Boolean)
                  .join(', ')
              : '',
            phone: x.shipping?.phone ?? '',
            decided_at: x.decidedAt ?? '',
            decided_by: x.decidedBy?.name ?? '',
            fulfilled_at: x.fulfilledAt ?? '',
            refunded: x.refunded ? 'yes' : 'no',
          }),
        ),
        { header: true, columns: CSV_COLUMNS },
      );
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="redemptions-${day}.csv"`)
        .send(csv);
    },
  );
  r.post(
    '/api/admin/redemptions/bulk',
    {
      schema: {
        tags: rtags,
        summary: 'Apply one decision to many redemptions; each succeeds or fails on its own',
        body: BulkRedemptionBody,
        response: { 200: BulkRedemptionResponse, ...errors },
      },
    },
    async (request) => ({
      results: await s.bulk(request.member!.id, request.body.ids, request.body.decision, request.body.note, request.ip),
    }),
  );
  r.get(
    '/api/admin/redemptions/:id',
    {
      schema: { tags: rtags, params: IdParams, response: { 200: AdminRedemptionResponse, ...errors } },
    },
    async (request) => ({ redemption: await s.adminRedemption(request.params.id) }),
  );
  r.post(
    '/api/admin/redemptions/:id',
    {
      schema: {
        tags: rtags,
        summary: 'Approve, decline (refund), fulfil (with a tracking note) or cancel (refund) a redemption',
        params: IdParams,
        body: RedemptionDecisionBody,
        response: { 200: AdminRedemptionResponse, ...errors },
      },
    },
    async (request) => ({
      redemption: await s.decide(
        request.member!.id,
        request.params.id,
        request.body.decision,
        request.body.note,
        request.ip,
      ),
    }),
  );
}

/** Cells a spreadsheet would run as a formula get a leading apostrophe (CSV injection). */
function safeRow(row: Record<string, string | number>) {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k, typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v]),
  );
}

const CSV_COLUMNS = [
  'id',
  'created_at',
  'status',
  'reward',
  'reward_type',
  'cost',
  'member_name',
  'member_email',
  'code',
  'member_note',
  'admin_note',
  'ship_to',
  'phone',
  'decided_at',
  'decided_by',
  'fulfilled_at',
  'refunded',
];
