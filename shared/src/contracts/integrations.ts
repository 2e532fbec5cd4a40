import { z } from 'zod';
import { Timestamp } from '../common.js';
import { keysetCursor } from '../cursors.js';
import { email, text } from '../fields.js';

/**
 * Integrations: external systems award points or complete a stage for a member (`POST /api/events`,
 * API key with `events:write`, an `Idempotency-Key` per event), and admins import events and members
 * from CSV files (a dry run first, a report per row).
 */
export const INTEGRATION_EVENT_TYPES = ['points.award', 'stage.complete'] as const;
export const IntegrationEventType = z.enum(INTEGRATION_EVENT_TYPES);
export type IntegrationEventType = z.infer<typeof IntegrationEventType>;
export const IntegrationEventStatus = z.enum(['applied', 'failed']);
export type IntegrationEventStatus = z.infer<typeof IntegrationEventStatus>;
export const IntegrationEventSource = z.enum(['api', 'import']);

/** Points one event may award. */
export const EVENT_POINTS_MAX = 100_000;
/** Rows of one CSV import, and its size. */
export const IMPORT_MAX_ROWS = 10_000;
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

export const IntegrationErrorCode = {
  idempotencyKeyRequired: 'events.idempotency_key_required',
  idempotencyConflict: 'events.idempotency_conflict',
  memberNotFound: 'events.member_not_found',
  memberSuspended: 'events.member_suspended',
  badCsv: 'imports.bad_csv',
  tooManyRows: 'imports.too_many_rows',
} as const;

export const EventBody = z
  .object({
    type: IntegrationEventType,
    email,
    points: z.number().int().min(1).max(EVENT_POINTS_MAX).optional(),
    challengeId: z.uuid().optional(),
    stageId: z.uuid().optional(),
    reason: text(500),
  })
  .superRefine((b, ctx) => {
    if (b.type === 'points.award' && b.points === undefined)
      ctx.addIssue({ code: 'custom', path: ['points'], message: 'points.award needs points (1 to 100000)' });
    if (b.type === 'stage.complete' && !b.challengeId)
      ctx.addIssue({ code: 'custom', path: ['challengeId'], message: 'stage.complete needs a challengeId' });
  });
export type EventBody = z.infer<typeof EventBody>;
export const EventHeaders = z.object({
  'idempotency-key': z.string().trim().min(1).max(200).optional(),
});

export const IntegrationEvent = z.object({
  id: z.uuid(),
  type: IntegrationEventType,
  status: IntegrationEventStatus,
  source: IntegrationEventSource,
  apiKeyId: z.uuid().nullable(),
  apiKeyName: z.string().nullable(),
  idempotencyKey: z.string().nullable(),
  email: z.string(),
  memberId: z.uuid().nullable(),
  points: z.number().int().nullable(),
  challengeId: z.uuid().nullable(),
  stageId: z.uuid().nullable(),
  reason: z.string(),
  pointsAwarded: z.number().int(),
  completionId: z.uuid().nullable(),
  /** The completion's status (`pending` when its stage needs review). */
  completionStatus: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: Timestamp,
});
export type IntegrationEvent = z.infer<typeof IntegrationEvent>;
export const EventResponse = z.object({ event: IntegrationEvent });
export const EventsLogQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: keysetCursor.optional(),
});
export const EventsLogResponse = z.object({ events: z.array(IntegrationEvent), nextCursor: z.string().nullable() });

// ---------------------------------------------------------------- CSV imports

export const ImportQuery = z.object({
  dryRun: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  invite: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
});
/** A CSV file as JSON (`{csv}`); the routes also take multipart (field `file`) or a `text/csv` body. */
export const ImportBody = z.object({ csv: z.string().min(1).max(IMPORT_MAX_BYTES) });

export const ImportRowError = z.object({ code: z.string(), message: z.string(), field: z.string().optional() });
export type ImportRowError = z.infer<typeof ImportRowError>;

export const EVENTS_CSV_COLUMNS = [
  'email',
  'type',
  'points',
  'challenge_id',
  'stage_id',
  'reason',
  'idempotency_key',
] as const;
export const EventImportRow = z.object({
  row: z.number().int(),
  ok: z.boolean(),
  error: ImportRowError.optional(),
  result: z
    .object({
      email: z.string(),
      type: IntegrationEventType,
      memberId: z.uuid().nullable(),
      pointsAwarded: z.number().int(),
      /** Already applied by an earlier upload (the same row key): nothing awarded this time. */
      replay: z.boolean(),
      eventId: z.uuid().nullable(),
      completionStatus: z.string().nullable(),
    })
    .optional(),
});
export type EventImportRow = z.infer<typeof EventImportRow>;
export const EventImportResponse = z.object({
  dryRun: z.boolean(),
  rows: z.array(EventImportRow),
  summary: z.object({ total: z.number().int(), ok: z.number().int(), failed: z.number().int() }),
});
export type EventImportResponse = z.infer<typeof EventImportResponse>;

export const MEMBERS_CSV_COLUMNS = [
  'email',
  'name',
  'company',
  'title',
  'industry',
  'region',
  'products',
  'persona',
  'tags',
  'timezone',
  'roles',
  'groups',
] as const;
export const MemberImportAction = z.enum(['created', 'updated', 'unchanged']);
export type MemberImportAction = z.infer<typeof MemberImportAction>;
export const MemberImportRow = z.object({
  row: z.number().int(),
  ok: z.boolean(),
  error: ImportRowError.optional(),
  result: z
    .object({
      email: z.string(),
      action: MemberImportAction,
      memberId: z.uuid().nullable(),
      /** Fields that change (updated rows). */
      changes: z.array(z.string()),
      invited: z.boolean(),
    })
    .optional(),
});
export type MemberImportRow = z.infer<typeof MemberImportRow>;
export const MemberImportResponse = z.object({
  dryRun: z.boolean(),
  rows: z.array(MemberImportRow),
  summary: z.object({
    total: z.number().int(),
    ok: z.number().int(),
    failed: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    invited: z.number().int(),
  }),
});
export type MemberImportResponse = z.infer<typeof MemberImportResponse>;
