import type { LimitPeriod, RedemptionStatus, RewardType, RewardView } from '@advocate-hub/shared';
import { formatDate, formatNumber, formatPoints, isPast } from '@/shared/lib/format';

/**
 * Labels and pure helpers for rewards and redemptions. Type-only imports from shared, so the
 * pages that use them never load zod.
 */

export const rewardTypeLabel: Record<RewardType, string> = {
  item: 'Shipped item',
  code: 'Digital code',
  experience: 'Experience',
  donation: 'Donation',
  custom: 'Reward',
};

export const REDEMPTION_STATUS_LIST = [
  'requested',
  'approved',
  'fulfilled',
  'declined',
  'cancelled',
] as const satisfies readonly RedemptionStatus[];

export const redemptionStatusLabel: Record<RedemptionStatus, string> = {
  requested: 'Waiting for approval',
  approved: 'Approved',
  fulfilled: 'Fulfilled',
  declined: 'Declined',
  cancelled: 'Cancelled',
};

export const redemptionStatusSeverity: Record<RedemptionStatus, 'warn' | 'info' | 'success' | 'danger' | 'secondary'> =
  {
    requested: 'warn',
    approved: 'info',
    fulfilled: 'success',
    declined: 'danger',
    cancelled: 'secondary',
  };

const periodWord: Record<LimitPeriod, string> = { day: 'day', week: 'week', month: 'month', year: 'year' };

type Limits = Pick<RewardView, 'limitPerMember' | 'limitPerPeriod' | 'limitPeriod'>;

/** The limits in plain words: "1 per member", "2 per month". */
export function limitSummaries(r: Limits): string[] {
  const out: string[] = [];
  if (r.limitPerMember !== null) out.push(`${formatNumber(r.limitPerMember)} per member`);
  if (r.limitPerPeriod !== null && r.limitPeriod)
    out.push(`${formatNumber(r.limitPerPeriod)} per ${periodWord[r.limitPeriod]}`);
  return out;
}

/** The stock as a short label, or null when there is nothing worth saying (unlimited, plenty left). */
export function stockLabel(r: Pick<RewardView, 'stock' | 'lowStock'>): string | null {
  if (r.stock === null) return null;
  if (r.stock <= 0) return 'Out of stock';
  if (r.lowStock) return `Only ${formatNumber(r.stock)} left`;
  return null;
}

/** How far the balance goes towards the cost, 0–100. */
export function affordPercent(balance: number, cost: number): number {
  if (cost <= 0) return 100;
  return Math.min(100, Math.max(0, Math.round((balance / cost) * 100)));
}

function againText(r: Pick<RewardView, 'availableAgainAt'>): string {
  return r.availableAgainAt && !isPast(r.availableAgainAt) ? `Available again ${formatDate(r.availableAgainAt)}` : '';
}

/** What blocks the reward, as a short badge ("Reach Champion", "Limit reached"); null when nothing does. */
export function blockBadge(r: RewardView): string | null {
  switch (r.blocked) {
    case 'locked':
      return r.minLevel ? `Reach ${r.minLevel.name}` : 'Locked';
    case 'out_of_stock':
      return 'Out of stock';
    case 'limit_reached':
      return 'Limit reached';
    case 'period_limit_reached':
      return r.limitPeriod ? `Limit reached this ${periodWord[r.limitPeriod]}` : 'Limit reached';
    case 'insufficient_points':
      return `${formatPoints(r.pointsToGo)} to go`;
    default:
      return null;
  }
}

/** Why the reward cannot be redeemed now, as a sentence next to the disabled button. */
export function blockReason(r: RewardView): string | null {
  switch (r.blocked) {
    case 'locked':
      return r.minLevel
        ? `Reach the ${r.minLevel.name} level to unlock this reward.`
        : 'This reward is locked for you for now.';
    case 'out_of_stock':
      return 'This reward is out of stock for now. Check back later.';
    case 'limit_reached': {
      const limit = r.limitPerMember === null ? '' : ` (${limitSummaries({ ...r, limitPerPeriod: null })[0]})`;
      return `You have redeemed this reward as many times as it allows${limit}.`;
    }
    case 'period_limit_reached': {
      const again = againText(r);
      const limit = limitSummaries({ ...r, limitPerMember: null })[0];
      return `You have reached the limit${limit ? ` of ${limit}` : ''}.${again ? ` ${again}.` : ''}`;
    }
    case 'insufficient_points':
      return `You need ${formatNumber(r.pointsToGo)} more ${r.pointsToGo === 1 ? 'point' : 'points'} to redeem this. Complete challenges to earn them.`;
    default:
      return null;
  }
}

/** The button label; N formatted with thousands separators. */
export function redeemLabel(cost: number): string {
  return `Redeem for ${formatNumber(cost)} ${cost === 1 ? 'point' : 'points'}`;
}
