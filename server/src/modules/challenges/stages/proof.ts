import { accepted, defineStage, invalidResponse } from './handler.js';

/** Proof as a link or a text, whichever the stage accepts; reviewed by default. */
export const proof = defineStage('proof', {
  grade({ config, response }) {
    if (config.accept === 'url' ? !response.url : !response.text)
      throw invalidResponse({
        details: {
          fields: { [`response.${config.accept}`]: config.accept === 'url' ? 'Give the link' : 'Write your answer' },
        },
      });
    return accepted(response);
  },
});
