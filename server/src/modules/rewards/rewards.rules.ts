/** Pure rules of the rewards catalog: no database, unit-tested. */
import { DateTime } from 'luxon';
import type { LimitPeriod, RewardBlock } from '@advocate-hub/shared';

/** The calendar period (program time zone) containing `instant`: [start, end). Weeks start on Monday. */
export function periodWindow(instant: Date, timeZone: string, period: LimitPeriod): { start: Date; end: Date } {
  const unit = period === 'day' ? 'day' : period === 'week' ? 'week' : period === 'month' ? 'month' : 'year';
  const start = DateTime.fromJSDate(instant, { zone: timeZone }).startOf(unit);
  return {
    start: start.toJSDate(),
    end: start
      .plus({ [unit]: 1 })
      .startOf(unit)
      .toJSDate(),
  };
}

export interface RewardState {
  cost: number;
  stock: number | null;
  limitPerMember: number | null;
  limitPerPeriod: number | null;
  minLevelRank: number | null;
  balance: number;
  memberRank: number;
  /** The member's live redemptions of this reward, in all and in the current period. */
  mine: number;
  mineInPeriod: number;
}

/** Why the member cannot redeem now, most fundamental reason first; null when they can. */
export function rewardBlock(s: RewardState): RewardBlock | null {
  if (s.minLevelRank !== null && s.memberRank < s.minLevelRank) return 'locked';
  if (s.stock !== null && s.stock <= 0) return 'out_of_stock';
  if (s.limitPerMember !== null && s.mine >= s.limitPerMember) return 'limit_reached';
  if (s.limitPerPeriod !== null && s.mineInPeriod >= s.limitPerPeriod) return 'period_limit_reached';
  if (s.balance < s.cost) return 'insufficient_points';
  return null;
}

/** Whether the admin should see "low stock" (unlimited stock never is). */
export function isLowStock(stock: number | null, threshold: number): boolean {
  return stock !== null && stock <= threshold;
}

/** Codes from a CSV: first column, trimmed, blank rows and a `code` header skipped, de-duplicated. */
export function codesFromRows(rows: string[][]): { codes: string[]; duplicates: number; invalid: number } {
  const seen = new Set<string>();
  let duplicates = 0;
  let invalid = 0;
  for (const [i, row] of rows.entries()) {
    const code = (row[0] ?? '').trim();
    if (!code) continue;
    if (i === 0 && code.toLowerCase() === 'code') continue;
    if (code.length > 200) {
      invalid++;
      continue;
    }
    if (seen.has(code)) duplicates++;
    else seen.add(code);
  }
  return { codes: [...seen], duplicates, invalid };
}
