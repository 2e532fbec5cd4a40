import { membersRepo } from '../../members/members.repo.js';
import { submitReferral } from '../../referrals/referrals.service.js';
import { defineStage } from './handler.js';

/**
 * Refer someone: the answer creates a referral (fraud rules and merging as for `POST /api/referrals`)
 * in the completion's transaction. Its milestone points are left due for the payout sweep; the
 * completion keeps the referral's id.
 */
export const referral = defineStage('referral', {
  async grade({ tx, memberId, config, response, now }) {
    const me = await membersRepo.findById(tx, memberId);
    const out = await submitReferral(
      tx,
      now,
      null,
      { id: memberId, email: me?.email ?? '', name: me?.name ?? '', ip: null, userAgent: null },
      { prospect: response.prospect, consent: true, ...(config.campaignId ? { campaignId: config.campaignId } : {}) },
      null,
      'challenge',
    );
    return {
      response: { referralId: out.referral.id, prospectEmail: out.referral.prospect.email },
      score: null,
      passed: true,
      feedback: out.referral.held ? 'Thanks! Your referral is being checked by the program team.' : null,
    };
  },
});
