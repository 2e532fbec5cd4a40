import type { PointEntry } from '../api';

export const pointKindLabel: Record<PointEntry['kind'], string> = {
  earn: 'Earned',
  redeem: 'Redeemed',
  refund: 'Refund',
  adjust: 'Adjustment',
  expire: 'Expired',
  reversal: 'Reversed',
};
