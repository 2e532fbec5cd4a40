import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RewardView } from '@advocate-hub/shared';

const redeem = vi.fn();
vi.mock('../../web/src/features/rewards/api', () => ({
  rewardsApi: { redeem: (...args: unknown[]) => redeem(...args) },
}));
vi.stubGlobal('window', { isSecureContext: true });
const { useRedeem } = await import('../../web/src/features/rewards/composables/useRedeem');

const reward = { id: 'reward-1', type: 'experience', cost: 100 } as RewardView;
const answer = { redemption: { id: 'redemption-1' }, balance: 0 };
const keys = () => redeem.mock.calls.map((call) => call[2] as string);

describe('the SPA’s redemption requests', () => {
  beforeEach(() => redeem.mockReset());

  it('always carry an Idempotency-Key: the same one when an attempt is retried, a fresh one for the next attempt', async () => {
    const r = useRedeem(() => reward);
    r.start();
    redeem.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    expect(await r.submit()).toBeNull();
    redeem.mockResolvedValueOnce(answer);
    expect(await r.submit()).toEqual(answer); // the retry of the same attempt
    redeem.mockResolvedValueOnce(answer);
    await r.submit(); // another redemption, without closing the dialog
    r.start();
    redeem.mockResolvedValueOnce(answer);
    await r.submit(); // the dialog opened again
    const [first, retry, next, reopened] = keys();
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(retry).toBe(first);
    expect(new Set([first, next, reopened]).size).toBe(3);
  });
});
