import { ApiRequestError } from '../api/client';
import { Codes, CommunityCodes, EngineCodes, ModerationCodes } from './codes';
import { formatDateTime } from './format';

function minutes(seconds: number): string {
  if (seconds < 90) return 'a minute';
  return `${Math.ceil(seconds / 60)} minutes`;
}

/** Seconds to wait before trying again: the `Retry-After` header, else `details.retryAfterSeconds` / `retryAt`. */
export function retryAfterSeconds(err: ApiRequestError): number | null {
  if (err.retryAfter !== null) return err.retryAfter;
  const details = (err.details ?? {}) as { retryAfterSeconds?: unknown; retryAt?: unknown };
  if (typeof details.retryAfterSeconds === 'number') return Math.max(0, Math.round(details.retryAfterSeconds));
  if (typeof details.retryAt === 'string') {
    const at = Date.parse(details.retryAt);
    if (!Number.isNaN(at)) return Math.max(0, Math.round((at - Date.now()) / 1000));
  }
  return null;
}

function detailString(err: ApiRequestError, key: string): string | null {
  const value = (err.details as Record<string, unknown> | null | undefined)?.[key];
  return typeof value === 'string' && value ? value : null;
}

/** Plain-language text for the errors people can do something about. */
const friendly: Partial<Record<string, (err: ApiRequestError) => string>> = {
  [Codes.authInvalidCredentials]: () => 'That email and password do not match. Check them and try again.',
  [Codes.authTooManyFailures]: (err) =>
    `Too many failed sign-in attempts for this account. Wait ${err.retryAfter ? `about ${minutes(err.retryAfter)}` : 'a few minutes'} and try again, or ask the program team for help.`,
  [Codes.rateLimited]: (err) =>
    `Too many requests right now. Wait ${err.retryAfter ? `about ${minutes(err.retryAfter)}` : 'a moment'} and try again.`,
  [Codes.authSuspended]: () =>
    'This account is suspended, so it cannot sign in. If you think this is a mistake, contact the program team.',
  [Codes.unavailable]: () => 'The service is briefly unavailable. Please try again in a moment.',
  [Codes.forbidden]: () => 'You do not have permission to do that.',
  [Codes.selfLockout]: (err) => err.message || 'You cannot remove your own access.',
  [Codes.lastAdmin]: (err) => err.message || 'The program needs at least one active admin.',
  [EngineCodes.challengeNotFound]: () => 'This challenge does not exist or is no longer available to you.',
  [EngineCodes.challengeNotAvailable]: () => 'This challenge is not open right now.',
  [EngineCodes.challengeLocked]: (err) => err.message || 'This challenge is locked for you for now.',
  [EngineCodes.capReached]: () => 'You have completed this challenge as many times as it allows.',
  [EngineCodes.dailyCapReached]: () => 'You have reached today’s limit for this challenge. Come back tomorrow.',
  [EngineCodes.globalCapReached]: () =>
    'This challenge has reached its limit of completions. Thanks for your interest!',
  [EngineCodes.stageOutOfOrder]: () => 'Complete the earlier steps of this challenge first.',
  [EngineCodes.stageAlreadyDone]: () => 'You have already completed this step.',
  [EngineCodes.pendingReview]: () =>
    'Your last submission is waiting for review. You can continue once the program team has looked at it.',
  [EngineCodes.invalidResponse]: (err) => err.message || 'Check your answers and try again.',
  [EngineCodes.attemptsExhausted]: () => 'You have used all your attempts for this step.',
  [EngineCodes.wrongCheckinCode]: () => 'That check-in code is not right. Check it with the event team and try again.',
  [EngineCodes.reviewAlreadyDecided]: () => 'Someone else has already decided on this submission.',
  [EngineCodes.notReversible]: (err) => err.message || 'These points cannot be reversed.',
  [EngineCodes.insufficientBalance]: (err) =>
    err.message || 'The member does not have enough points for that. Their balance cannot go below zero.',
  [EngineCodes.levelThresholdTaken]: () => 'Another level already starts at this number of points.',
  [CommunityCodes.rateLimited]: (err) => {
    const wait = retryAfterSeconds(err);
    return `You are posting faster than the community allows. Wait ${wait ? `about ${wait < 60 ? `${wait} seconds` : minutes(wait)}` : 'a little'} and try again.`;
  },
  [CommunityCodes.duplicatePost]: () =>
    'You have just posted the same text. Change it a little, or find your earlier post in the thread.',
  [CommunityCodes.silenced]: (err) => {
    const until = detailString(err, 'until') ?? detailString(err, 'silencedUntil');
    const reason = detailString(err, 'reason');
    return `You can read the community but not post${until ? ` until ${formatDateTime(until)}` : ' for now'}.${reason ? ` Reason: ${reason}` : ''}`;
  },
  [CommunityCodes.threadLocked]: () => 'This thread is locked: it takes no new replies.',
  [CommunityCodes.staffOnly]: () => 'Only the program team starts threads in this category.',
  [CommunityCodes.editWindowClosed]: () => 'The time to edit this post is over.',
  [CommunityCodes.notAuthor]: () => 'Only the author can do that.',
  [CommunityCodes.notQuestion]: () => 'Only threads in Q&A categories have an accepted answer.',
  [CommunityCodes.alreadyFlagged]: () => 'You have already flagged this post. A moderator will take a look.',
  [CommunityCodes.ownPost]: () => 'You cannot flag your own post.',
  [CommunityCodes.threadNotFound]: () => 'This thread does not exist or is no longer visible to you.',
  [CommunityCodes.postNotFound]: () => 'This post does not exist or is no longer visible to you.',
  [ModerationCodes.conflict]: () => 'Someone else already handled this.',
  [ModerationCodes.queueItemNotFound]: () => 'This item is no longer in the queue. Someone else already handled this.',
  [ModerationCodes.sanctionNotFound]: () => 'This member has no active sanction to lift.',
  [ModerationCodes.cannotSanctionStaff]: () =>
    'Admins and moderators cannot be silenced or suspended. Ask an admin to change their roles first.',
  [ModerationCodes.categoryNotFound]: () => 'This category no longer exists. Reload the list.',
  [ModerationCodes.categorySlugTaken]: () => 'Another category already uses this address. Choose another slug.',
};

/** A message for any thrown value, preferring the friendly text for a known code. */
export function errorMessage(err: unknown, fallback = 'Something went wrong. Please try again.'): string {
  if (err instanceof ApiRequestError) {
    const make = friendly[err.code];
    if (make) return make(err);
    return err.message || fallback;
  }
  if (err instanceof Error && err.message) return err.message;
  return fallback;
}
