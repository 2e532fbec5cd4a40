import {
  COMPANY_SIZES,
  DECLINE_REASONS,
  REFERENCE_ACTIVITIES,
  type AskStatus,
  type Fatigue,
  type ReferenceActivity,
  type ReferenceRequest,
} from '@advocate-hub/shared';

export const activityLabel: Record<ReferenceActivity, string> = {
  call: 'Reference call',
  site_visit: 'Site visit',
  case_study: 'Case study',
  speaking: 'Speaking',
  analyst_briefing: 'Analyst briefing',
  press: 'Press',
};
export const activityOptions = REFERENCE_ACTIVITIES.map((value) => ({ value, label: activityLabel[value] }));

export type DeclineReason = (typeof DECLINE_REASONS)[number];
export const declineReasonLabel: Record<DeclineReason, string> = {
  too_busy: 'Too busy right now',
  not_a_fit: 'Not a good fit for me',
  bad_timing: 'Bad timing',
  company_policy: 'My company does not allow it',
  other: 'Another reason',
};
export const declineReasonOptions = DECLINE_REASONS.map((value) => ({ value, label: declineReasonLabel[value] }));

export const sizeOptions = COMPANY_SIZES.map((value) => ({ value, label: `${value} people` }));

export const askStatusLabel: Record<AskStatus, string> = {
  sent: 'Waiting for an answer',
  accepted: 'Accepted',
  declined: 'Declined',
  scheduled: 'Scheduled',
  completed: 'Completed',
  no_show: 'No-show',
  cancelled: 'Did not happen',
};
/** Where the advocate's own asks stand, in their words. */
export const myAskStatusLabel: Record<AskStatus, string> = {
  ...askStatusLabel,
  sent: 'Needs your answer',
  accepted: 'Waiting for a time',
};
export const askStatusSeverity: Record<AskStatus, 'info' | 'warn' | 'success' | 'secondary' | 'danger'> = {
  sent: 'info',
  accepted: 'warn',
  declined: 'secondary',
  scheduled: 'info',
  completed: 'success',
  no_show: 'danger',
  cancelled: 'secondary',
};

export const requestStatusLabel: Record<ReferenceRequest['status'], string> = {
  open: 'Open',
  fulfilled: 'Fulfilled',
  cancelled: 'Cancelled',
};

/** Why the fatigue rules hold a person back, in words. */
export const blockedByLabel: Record<NonNullable<Fatigue['blockedBy']>, string> = {
  person_cap: 'Asked as often as allowed this period',
  call_cap: 'Took as many calls as allowed this period',
  account_cap: 'Their company was asked as often as allowed this period',
  rest_days: 'Resting after a recent call',
};

/** "Lumen Analytics, Lumen Pipelines" ⇄ ["Lumen Analytics", "Lumen Pipelines"]. */
export function splitList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

export function formatAmount(amount: number | null): string {
  return amount === null ? '—' : new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 }).format(amount);
}

/** A `datetime-local` input's value ("2026-12-03T15:00") for an instant, in the browser's zone. */
export function toLocalInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
