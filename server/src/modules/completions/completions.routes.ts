import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AdjustmentResponse,
  ApiError,
  IdParams,
  ReverseCompletionBody,
  ReviewDecisionBody,
  ReviewDecisionResponse,
  ReviewsQuery,
  ReviewsResponse,
  type Media,
  type ReviewItem,
} from '@advocate-hub/shared';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import type { Executor } from '../../db/client.js';
import { mediaViews } from '../media/media.service.js';
import { completionsRepo } from './completions.repo.js';
import { toPointEntry } from '../ledger/ledger.repo.js';
import type { CompletionsService } from './completions.service.js';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError, 422: ApiError };

type QueueRow = Awaited<ReturnType<typeof completionsRepo.reviewQueue>>['rows'][number];
/** The attachment ids of a stored response (proof-type stages). */
function attachmentIds(response: Record<string, unknown>): string[] {
  const a = response.attachments;
  return Array.isArray(a) ? a.filter((x): x is string => typeof x === 'string') : [];
}

/** Submissions as reviewers see them, with their attached files. */
async function toReviews(ex: Executor, rows: QueueRow[]): Promise<ReviewItem[]> {
  const files = new Map(
    (
      await mediaViews(
        ex,
        rows.flatMap((r) => attachmentIds(r.c.response)),
      )
    ).map((m) => [m.id, m]),
  );
  return rows.map((r) =>
    toReview(
      r,
      attachmentIds(r.c.response).flatMap((id) => files.get(id) ?? []),
    ),
  );
}

function toReview(r: QueueRow, attachments: Media[]): ReviewItem {
  return {
    id: r.c.id,
    member: r.member,
    challenge: r.challenge,
    stage: { ...r.stage, kind: r.stage.kind as ReviewItem['stage']['kind'] },
    response: r.c.response,
    status: r.c.status,
    createdAt: r.c.createdAt.toISOString(),
    reviewedAt: r.c.reviewedAt?.toISOString() ?? null,
    reversedAt: r.c.reversedAt?.toISOString() ?? null,
    reviewer: r.reviewer,
    feedback: r.c.feedback,
    attachments,
  };
}

export async function completionsRoutes(app: FastifyInstance, opts: { db: Db; service: CompletionsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = opts.service;

  r.get(
    '/api/admin/reviews',
    {
      schema: {
        tags: ['admin: reviews'],
        summary: 'Submissions of steps that need review (oldest first while pending)',
        querystring: ReviewsQuery,
        response: { 200: ReviewsResponse, ...errors },
      },
    },
    async (request) => {
      const { rows, total, nextCursor } = await completionsRepo.reviewQueue(opts.db, request.query);
      return { reviews: await toReviews(opts.db, rows), total, nextCursor };
    },
  );

  r.post(
    '/api/admin/reviews/:completionId',
    {
      schema: {
        tags: ['admin: reviews'],
        summary: 'Approve, reject (with feedback) or ask to retry a submission',
        params: z.object({ completionId: z.uuid() }),
        body: ReviewDecisionBody,
        response: { 200: ReviewDecisionResponse, ...errors },
      },
    },
    async (request) => {
      const row = await s.review(
        request.member!.id,
        request.params.completionId,
        request.body.decision,
        request.body.feedback,
        request.ip,
      );
      return { review: (await toReviews(opts.db, [row]))[0]! };
    },
  );

  r.post(
    '/api/admin/completions/:id/reverse',
    {
      schema: {
        tags: ['admin: reviews'],
        summary: 'Reverse an approved submission: takes its points back without taking a balance below zero',
        params: IdParams,
        body: ReverseCompletionBody,
        response: { 200: AdjustmentResponse.extend({ entry: AdjustmentResponse.shape.entry.nullable() }), ...errors },
      },
    },
    async (request) => {
      const out = await s.reverse(request.member!.id, request.params.id, request.body.reason, request.ip);
      return {
        entry: out.entry ? toPointEntry(out.entry) : null,
        balance: out.balance,
        lifetime: out.lifetime,
      };
    },
  );
}
