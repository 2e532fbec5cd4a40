import type { FlagReason, PostStatus, SanctionKind } from '@advocate-hub/shared';
import type { MemberAction, QueueItem } from '../api';
import type { ModeratePostBody } from '@advocate-hub/shared';
import { formatNumber } from '@/shared/lib/format';

/** What a moderator decides about a flagged post in the queue. */
export type QueueDecision = 'keep-hidden' | 'delete' | 'restore' | 'ignore';

export const flagReasonLabel: Record<FlagReason, string> = {
  off_topic: 'Off-topic',
  inappropriate: 'Inappropriate',
  spam: 'Spam',
  other: 'Other',
};

export const postStatusLabel: Record<PostStatus, string> = {
  visible: 'Visible',
  hidden: 'Hidden',
  deleted: 'Deleted',
};

export const postStatusSeverity: Record<PostStatus, 'success' | 'warn' | 'danger'> = {
  visible: 'success',
  hidden: 'warn',
  deleted: 'danger',
};

export const sanctionKindLabel: Record<SanctionKind, string> = {
  silence: 'Silenced',
  suspend: 'Suspended',
};

/** What each sanction means for the member, in a sentence. */
export const sanctionKindHint: Record<SanctionKind, string> = {
  silence: 'Can read the community but not post, reply, react or flag.',
  suspend: 'Cannot sign in at all.',
};

/** A flag's or a flagger's weight, one decimal: “1.0”. */
export function formatWeight(weight: number): string {
  return weight.toLocaleString(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/** How long something has waited, without “ago”: “5 minutes”, “3 hours”, “2 days”. */
export function formatAge(since: string | null | undefined, now = Date.now()): string {
  if (!since) return '—';
  const minutes = Math.max(0, Math.floor((now - Date.parse(since)) / 60_000));
  if (Number.isNaN(minutes)) return '—';
  const unit = (n: number, word: string) => `${formatNumber(n)} ${word}${n === 1 ? '' : 's'}`;
  if (minutes < 60) return minutes < 1 ? 'under a minute' : unit(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return unit(hours, 'hour');
  return unit(Math.floor(hours / 24), 'day');
}

/** The queue decisions: the body each sends, and what the toast says once done. */
export const queueDecisions: Record<
  QueueDecision,
  { body: Pick<ModeratePostBody, 'action' | 'delete'>; done: string }
> = {
  'keep-hidden': {
    body: { action: 'agree' },
    done: 'Flags upheld: the post stays hidden',
  },
  delete: {
    body: { action: 'agree', delete: true },
    done: 'Flags upheld: the post was deleted',
  },
  restore: {
    body: { action: 'disagree' },
    done: 'Flags dismissed: the post is visible',
  },
  ignore: {
    body: { action: 'ignore' },
    done: 'Closed without judging the flags',
  },
};

/** “5 participation points were taken back.” (null when none were). */
export function pointsReversedText(points: number): string | null {
  if (points <= 0) return null;
  return `${formatNumber(points)} participation ${points === 1 ? 'point was' : 'points were'} taken back.`;
}

/** Button labels that say what happens to this post (a visible post is hidden by agreeing). */
export function decisionLabel(decision: QueueDecision, item: Pick<QueueItem, 'post'>): string {
  const hidden = item.post.status !== 'visible';
  switch (decision) {
    case 'keep-hidden':
      return hidden ? 'Agree — keep hidden' : 'Agree — hide';
    case 'delete':
      return 'Agree — delete';
    case 'restore':
      return hidden ? 'Disagree — restore' : 'Disagree — keep visible';
    case 'ignore':
      return 'Ignore';
  }
}

/** The member actions, as their dialogs and buttons name them. */
export const memberActionText: Record<MemberAction, { title: string; submit: string; done: string; intro: string }> = {
  silence: {
    title: 'Silence member',
    submit: 'Silence member',
    done: 'Member silenced',
    intro: 'They can still read the community, but cannot post, reply, react or flag until the silence ends.',
  },
  suspend: {
    title: 'Suspend member',
    submit: 'Suspend member',
    done: 'Member suspended',
    intro: 'They are signed out and cannot sign in until the suspension ends. Their points and history are kept.',
  },
  lift: {
    title: 'Lift sanctions',
    submit: 'Lift sanctions',
    done: 'Sanctions lifted',
    intro: 'Ends the member’s active silence or suspension now.',
  },
};

/** Length presets for a sanction's end (days; null: until lifted by hand). */
export const SANCTION_PRESETS = [
  { label: '1 day', days: 1 },
  { label: '7 days', days: 7 },
  { label: '30 days', days: 30 },
  { label: 'Until lifted', days: null },
] as const;
