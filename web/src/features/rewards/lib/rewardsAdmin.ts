import type {
  AdminRedemption,
  AdminReward,
  LimitPeriod,
  RedemptionDecision,
  RewardErrorCode,
  RewardType,
} from '@advocate-hub/shared';
import { REDEMPTION_STATUS_LIST, redemptionStatusLabel, rewardTypeLabel as advocateRewardTypeLabel } from './rewards';

/** Words of the admin's rewards catalog and redemption queue. */

export const REWARD_TYPE_LIST: readonly RewardType[] = ['item', 'code', 'experience', 'donation', 'custom'];

/** The advocate's words, but for the two types an admin sets up differently. */
export const rewardTypeLabel: Record<RewardType, string> = {
  ...advocateRewardTypeLabel,
  code: 'Code from a pool',
  custom: 'Custom',
};

export const rewardTypeHint: Record<RewardType, string> = {
  item: 'Members give a shipping address when they redeem it. The address is erased once the item is fulfilled or declined.',
  code: 'Each redemption hands out one code from a pool you upload. Stock is the number of codes left.',
  experience: 'A call, a visit, an event seat: you arrange it with the member after they redeem.',
  donation: 'You donate on the member’s behalf. Say where in the fulfilment note.',
  custom: 'Anything else. Use the fulfilment note to say what happens next.',
};

export const limitPeriodLabel: Record<LimitPeriod, string> = {
  day: 'Per day',
  week: 'Per week',
  month: 'Per month',
  year: 'Per year',
};

export const REDEMPTION_TABS = [...REDEMPTION_STATUS_LIST, 'all'] as const;
export type RedemptionTab = (typeof REDEMPTION_TABS)[number];

/** The queue's tabs: the statuses (the first one shorter, to fit a tab), and all of them. */
export const redemptionTabLabel: Record<RedemptionTab, string> = {
  ...redemptionStatusLabel,
  requested: 'Waiting approval',
  all: 'All',
};

/** The decisions an admin can take on a redemption in this state (the server's transitions). */
export function decisionsFor(r: Pick<AdminRedemption, 'status' | 'reward'>): RedemptionDecision[] {
  if (r.status === 'requested')
    return r.reward.type === 'code' ? ['approve', 'decline', 'cancel'] : ['approve', 'decline', 'fulfil', 'cancel'];
  if (r.status === 'approved') return ['fulfil', 'decline', 'cancel'];
  return [];
}

export const decisionLabel: Record<RedemptionDecision, string> = {
  approve: 'Approve',
  decline: 'Decline',
  fulfil: 'Mark fulfilled',
  cancel: 'Cancel',
};

export const decisionDone: Record<RedemptionDecision, string> = {
  approve: 'Approved',
  decline: 'Declined, points refunded',
  fulfil: 'Marked fulfilled',
  cancel: 'Cancelled, points refunded',
};

/** Whether the decision gives the points back. */
export function refunds(decision: RedemptionDecision): boolean {
  return decision === 'decline' || decision === 'cancel';
}

/** The reward error codes the admin screens switch on (checked against shared's list). */
export const RewardCodes = {
  badCsv: 'rewards.bad_csv',
  notCodeReward: 'rewards.not_a_code_reward',
  notFound: 'rewards.not_found',
  badTransition: 'redemptions.invalid_transition',
  redemptionNotFound: 'redemptions.not_found',
} as const satisfies Partial<typeof RewardErrorCode>;

/** Extra codes of the reward endpoints that are not in shared's list. */
export const RewardRuleCodes = {
  unknownTarget: 'rewards.unknown_target',
  invalidLimit: 'rewards.invalid_limit',
  invalidWindow: 'rewards.invalid_window',
} as const;

export type StockState =
  { kind: 'unlimited' } | { kind: 'out' } | { kind: 'low'; left: number } | { kind: 'ok'; left: number };

/** What the stock column says: unlimited, out, low (at or below the threshold) or plenty. */
export function stockState(r: Pick<AdminReward, 'stock' | 'lowStock'>): StockState {
  if (r.stock === null) return { kind: 'unlimited' };
  if (r.stock <= 0) return { kind: 'out' };
  return r.lowStock ? { kind: 'low', left: r.stock } : { kind: 'ok', left: r.stock };
}

/** One line for a shipping address. */
export function addressLines(s: NonNullable<AdminRedemption['shipping']>): string[] {
  return [
    s.name,
    s.line1,
    s.line2,
    [s.postalCode, s.city].filter(Boolean).join(' '),
    [s.region, s.country].filter(Boolean).join(', '),
    s.phone ? `Phone ${s.phone}` : '',
  ].filter((line): line is string => !!line && line.trim() !== '');
}
