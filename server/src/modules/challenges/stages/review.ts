import { assertOwnProofs } from '../../media/media.service.js';
import { accepted, defineStage } from './handler.js';

/** Write a review and give its URL (a screenshot may be attached); reviewed by the program team by default. */
export const review = defineStage('review', {
  async grade({ tx, memberId, response }) {
    await assertOwnProofs(tx, memberId, response.attachments ?? []);
    return accepted(response);
  },
});
