import type { JoinCode } from '@advocate-hub/shared';
import { isPast } from '@/shared/lib/format';

export type JoinCodeState = 'active' | 'disabled' | 'expired' | 'used_up';

/** Why a join code can or cannot be used right now (disabled wins, then expiry, then the cap). */
export function joinCodeState(code: JoinCode, now = Date.now()): JoinCodeState {
  if (code.disabled) return 'disabled';
  if (isPast(code.expiresAt, now)) return 'expired';
  if (code.maxUses !== null && code.uses >= code.maxUses) return 'used_up';
  return 'active';
}

export const joinCodeStateLabel: Record<JoinCodeState, string> = {
  active: 'Active',
  disabled: 'Disabled',
  expired: 'Expired',
  used_up: 'Used up',
};
