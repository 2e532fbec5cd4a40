import { accepted, defineStage, invalidResponse } from './handler.js';

/** Questions without right answers; the required ones must be answered. */
export const survey = defineStage('survey', {
  grade({ config, response }) {
    const { answers } = response;
    const missing = config.questions.filter((q) => q.required && (answers[q.id] === undefined || answers[q.id] === ''));
    if (missing.length)
      throw invalidResponse({
        message: 'Answer every required question',
        details: { fields: Object.fromEntries(missing.map((q) => [`response.answers.${q.id}`, 'Required'])) },
      });
    return accepted(response);
  },
});
