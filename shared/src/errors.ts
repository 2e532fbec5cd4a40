import { z } from 'zod';

/** The one error envelope every 4xx/5xx response uses. */
export const ApiError = z.object({
  error: z.object({
    code: z.string().describe('Stable, machine-readable code such as `auth.invalid_credentials`'),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ApiError = z.infer<typeof ApiError>;

/** Stable error codes. Clients may switch on these; never rename one. */
export const ErrorCode = {
  validation: 'validation.failed',
  notFound: 'not_found',
  internal: 'internal',
  unavailable: 'service.unavailable',
  /** The database can be read but not written: out of disk space, or read-only (a standby after fail-over). */
  writesUnavailable: 'service.writes_unavailable',
  rateLimited: 'rate_limited',
  crossOrigin: 'request.cross_origin',
  unsupportedMediaType: 'request.unsupported_media_type',
  authRequired: 'auth.required',
  authInvalidToken: 'auth.invalid_token',
  authInvalidCredentials: 'auth.invalid_credentials',
  authSuspended: 'auth.suspended',
  authTooManyFailures: 'auth.too_many_failures',
  authRefreshInvalid: 'auth.refresh_invalid',
  authRefreshReused: 'auth.refresh_reused',
  authSessionEnded: 'auth.session_ended',
  forbidden: 'auth.forbidden',
  passwordPolicy: 'auth.password_policy',
  inviteInvalid: 'invites.invalid',
  inviteExpired: 'invites.expired',
  inviteUsed: 'invites.used',
  joinCodeInvalid: 'join_codes.invalid',
  joinCodeExhausted: 'join_codes.exhausted',
  joinCodeExpired: 'join_codes.expired',
  joinCodeTaken: 'join_codes.code_taken',
  emailTaken: 'members.email_taken',
  memberNotFound: 'members.not_found',
  selfLockout: 'members.self_lockout',
  lastAdmin: 'members.last_admin',
  invalidTimezone: 'members.invalid_timezone',
  fieldNotEditable: 'members.field_not_editable',
  wrongPassword: 'auth.wrong_password',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes of the challenges engine (issue 4). */
export const EngineErrorCode = {
  challengeNotFound: 'challenges.not_found',
  challengeNotAvailable: 'challenges.not_available',
  challengeLocked: 'challenges.locked',
  capReached: 'challenges.cap_reached',
  dailyCapReached: 'challenges.daily_cap_reached',
  globalCapReached: 'challenges.global_cap_reached',
  stageRequired: 'challenges.stage_required',
  stageNotFound: 'challenges.stage_not_found',
  stageOutOfOrder: 'challenges.stage_out_of_order',
  stageAlreadyDone: 'challenges.stage_already_done',
  pendingReview: 'challenges.pending_review',
  invalidResponse: 'completions.invalid_response',
  attemptsExhausted: 'completions.attempts_exhausted',
  wrongCheckinCode: 'completions.wrong_checkin_code',
  idempotencyKeyReused: 'completions.idempotency_key_reused',
  reviewNotFound: 'reviews.not_found',
  reviewAlreadyDecided: 'reviews.already_decided',
  notReversible: 'completions.not_reversible',
  insufficientBalance: 'points.insufficient_balance',
  levelThresholdTaken: 'levels.threshold_taken',
  badgeNotFound: 'badges.not_found',
  badgeAlreadyHeld: 'badges.already_held',
  badgeNotHeld: 'badges.not_held',
} as const;

/** Codes of the leaderboards (issue 11). */
export const LeaderboardErrorCode = {
  boardNotFound: 'leaderboards.board_not_found',
  notOnBoard: 'leaderboards.not_on_board',
  periodInvalid: 'leaderboards.period_invalid',
  seasonNotFound: 'leaderboards.season_not_found',
  eventNotFound: 'leaderboards.event_not_found',
  joinCodeNotFound: 'leaderboards.join_code_not_found',
} as const;
