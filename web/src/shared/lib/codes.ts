import type {
  CommunityErrorCode,
  EmailErrorCode,
  EngineErrorCode,
  ErrorCode,
  LeaderboardErrorCode,
  MediaErrorCode,
} from '@advocate-hub/shared';

/**
 * The error codes the web switches on. Checked at compile time against shared's `ErrorCode`
 * (same keys, same values) but without a runtime import of the shared barrel, which would pull
 * every zod contract into the first chunk the browser loads.
 */
export const Codes = {
  validation: 'validation.failed',
  rateLimited: 'rate_limited',
  unavailable: 'service.unavailable',
  forbidden: 'auth.forbidden',
  authInvalidCredentials: 'auth.invalid_credentials',
  authSuspended: 'auth.suspended',
  authTooManyFailures: 'auth.too_many_failures',
  inviteInvalid: 'invites.invalid',
  inviteExpired: 'invites.expired',
  inviteUsed: 'invites.used',
  joinCodeInvalid: 'join_codes.invalid',
  joinCodeExhausted: 'join_codes.exhausted',
  joinCodeExpired: 'join_codes.expired',
  joinCodeTaken: 'join_codes.code_taken',
  emailTaken: 'members.email_taken',
  selfLockout: 'members.self_lockout',
  lastAdmin: 'members.last_admin',
  invalidTimezone: 'members.invalid_timezone',
  fieldNotEditable: 'members.field_not_editable',
  wrongPassword: 'auth.wrong_password',
  passwordPolicy: 'auth.password_policy',
} as const satisfies Partial<typeof ErrorCode>;

/** The challenges engine's codes the web switches on (checked against shared's `EngineErrorCode`). */
export const EngineCodes = {
  challengeNotFound: 'challenges.not_found',
  challengeNotAvailable: 'challenges.not_available',
  challengeLocked: 'challenges.locked',
  capReached: 'challenges.cap_reached',
  dailyCapReached: 'challenges.daily_cap_reached',
  globalCapReached: 'challenges.global_cap_reached',
  stageOutOfOrder: 'challenges.stage_out_of_order',
  stageAlreadyDone: 'challenges.stage_already_done',
  pendingReview: 'challenges.pending_review',
  invalidResponse: 'completions.invalid_response',
  attemptsExhausted: 'completions.attempts_exhausted',
  wrongCheckinCode: 'completions.wrong_checkin_code',
  idempotencyKeyReused: 'completions.idempotency_key_reused',
  reviewAlreadyDecided: 'reviews.already_decided',
  notReversible: 'completions.not_reversible',
  insufficientBalance: 'points.insufficient_balance',
  levelThresholdTaken: 'levels.threshold_taken',
} as const satisfies Partial<typeof EngineErrorCode>;

/** Codes of the groups endpoints and challenge targeting (not part of shared's code lists). */
export const GroupCodes = {
  nameTaken: 'groups.name_taken',
  notFound: 'groups.not_found',
  unknownMember: 'groups.unknown_member',
  unknownTarget: 'challenges.unknown_target',
} as const;

/** The leaderboards' codes the web switches on (checked against shared's `LeaderboardErrorCode`). */
export const LeaderboardCodes = {
  boardNotFound: 'leaderboards.board_not_found',
  notOnBoard: 'leaderboards.not_on_board',
  periodInvalid: 'leaderboards.period_invalid',
  seasonNotFound: 'leaderboards.season_not_found',
  eventNotFound: 'leaderboards.event_not_found',
  joinCodeNotFound: 'leaderboards.join_code_not_found',
} as const satisfies Partial<typeof LeaderboardErrorCode>;

/** The moderators' and the community admin's codes the web switches on (checked against shared's `CommunityErrorCode`). */
export const ModerationCodes = {
  conflict: 'moderation.conflict',
  queueItemNotFound: 'moderation.queue_item_not_found',
  sanctionNotFound: 'moderation.sanction_not_found',
  cannotSanctionStaff: 'moderation.cannot_sanction_staff',
  categoryNotFound: 'community.category_not_found',
  categorySlugTaken: 'community.category_slug_taken',
} as const satisfies Partial<typeof CommunityErrorCode>;

/** The members' community codes the web switches on (checked against shared's `CommunityErrorCode`). */
export const CommunityCodes = {
  threadNotFound: 'community.thread_not_found',
  postNotFound: 'community.post_not_found',
  staffOnly: 'community.staff_only',
  threadLocked: 'community.thread_locked',
  silenced: 'community.silenced',
  rateLimited: 'community.rate_limited',
  duplicatePost: 'community.duplicate_post',
  editWindowClosed: 'community.edit_window_closed',
  notAuthor: 'community.not_author',
  notQuestion: 'community.not_question',
  alreadyFlagged: 'community.already_flagged',
  ownPost: 'community.own_post',
} as const satisfies Partial<typeof CommunityErrorCode>;

/** Email, password reset and email change codes the web switches on (checked against shared's `EmailErrorCode`). */
export const EmailCodes = {
  unsubscribeInvalid: 'email.unsubscribe_invalid',
  notFailed: 'email.not_failed',
  resetTokenInvalid: 'auth.reset_token_invalid',
  emailTokenInvalid: 'auth.email_token_invalid',
  passwordIncorrect: 'auth.password_incorrect',
  emailUnchanged: 'members.email_unchanged',
} as const satisfies Partial<typeof EmailErrorCode>;
/** The media codes the web switches on (checked against shared's `MediaErrorCode`). */
export const MediaErrorCodes = {
  tooLarge: 'media.too_large',
  unsupportedType: 'media.unsupported_type',
  empty: 'media.empty',
  forbidden: 'media.forbidden',
  undecodable: 'media.undecodable',
  notProof: 'media.not_proof',
} as const satisfies Partial<typeof MediaErrorCode>;
