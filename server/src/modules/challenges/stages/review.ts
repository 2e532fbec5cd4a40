import crypto from 'node:crypto';
import { assertOwnProofs } from '../../media/media.service.js';
import { referencesRepo } from '../../references/references.repo.js';
import { accepted, defineStage } from './handler.js';

/** Write a review and give its URL (a screenshot may be attached); reviewed by the program team by default. */
export const review = defineStage('review', {
  async grade({ tx, memberId, response }) {
    await assertOwnProofs(tx, memberId, response.attachments ?? []);
    return accepted(response);
  },
  /** A review written is an ask answered: it counts in the fatigue ledger like a reference call. */
  async onApproved({ tx, memberId, stage }) {
    await referencesRepo.recordAskOf(tx, {
      memberId,
      kind: 'review',
      sourceType: 'review_stage',
      sourceId: `${stage.id}:${crypto.randomUUID()}`,
    });
  },
});
