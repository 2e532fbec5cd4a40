import { membersRepo } from '../../members/members.repo.js';
import { defineStage } from './handler.js';

/** Net Promoter Score: the score is the completion's score and the member's latest NPS. */
export const nps = defineStage('nps', {
  async grade({ tx, memberId, response, now }) {
    await membersRepo.setLastNps(tx, memberId, response.score, now);
    return { response, score: response.score, passed: true, feedback: null };
  },
});
