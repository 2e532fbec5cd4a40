import { assertOwnProofs } from '../../media/media.service.js';
import { accepted, defineStage, invalidResponse } from './handler.js';

/**
 * Proof as a link or a text, whichever the stage accepts, and/or attached files (screenshots, PDFs)
 * the member uploaded as proofs; reviewed by default.
 */
export const proof = defineStage('proof', {
  async grade({ tx, memberId, config, response }) {
    const files = response.attachments ?? [];
    if (files.length === 0 && (config.accept === 'url' ? !response.url : !response.text))
      throw invalidResponse({
        details: {
          fields: { [`response.${config.accept}`]: config.accept === 'url' ? 'Give the link' : 'Write your answer' },
        },
      });
    await assertOwnProofs(tx, memberId, files);
    return accepted(response);
  },
});
