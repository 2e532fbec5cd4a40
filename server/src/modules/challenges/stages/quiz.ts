import { EngineErrorCode, type StageConfigOf } from '@advocate-hub/shared';
import { createError } from '../../../platform/errors.js';
import { completionsRepo } from '../../completions/completions.repo.js';
import { defineStage } from './handler.js';

const attemptsExhausted = createError({
  code: EngineErrorCode.attemptsExhausted,
  status: 422,
  message: 'No attempts left for this quiz',
});

/** Score a quiz in whole percent; every correct option and no wrong one must be picked. */
export function gradeQuiz(config: StageConfigOf<'quiz'>, answers: Record<string, number[]>): number {
  let right = 0;
  for (const q of config.questions) {
    const picked = [...new Set(answers[q.id] ?? [])].sort();
    const correct = [...new Set(q.correct)].sort();
    if (picked.length === correct.length && picked.every((v, i) => v === correct[i])) right++;
  }
  return Math.floor((right * 100) / config.questions.length);
}

/** Feedback on a failed attempt; `left` is null when attempts are unlimited. */
function failedFeedback(score: number, passMark: number, left: number | null): string {
  const next =
    left === null ? ' Try again.' : left > 0 ? ` ${left} attempt${left === 1 ? '' : 's'} left.` : ' No attempts left.';
  return `You scored ${score}%; ${passMark}% passes.${next}`;
}

/** Auto-graded questions: a pass mark, and a number of attempts per round. */
export const quiz = defineStage('quiz', {
  async grade({ tx, memberId, stage, config, response, round }) {
    const used = await completionsRepo.attempts(tx, memberId, stage.id, round);
    if (config.maxAttempts !== null && used >= config.maxAttempts) throw attemptsExhausted();
    const score = gradeQuiz(config, response.answers);
    const passed = score >= config.passMark;
    const left = config.maxAttempts === null ? null : config.maxAttempts - used - 1;
    return { response, score, passed, feedback: passed ? null : failedFeedback(score, config.passMark, left) };
  },

  /** Advocates see the questions and whether several options are right, never which. */
  publicConfig(config) {
    const questions =
      (config.questions as { id: string; prompt: string; options: string[]; correct: number[] }[]) ?? [];
    return {
      ...config,
      questions: questions.map((q) => ({
        id: q.id,
        prompt: q.prompt,
        options: q.options,
        multiple: q.correct.length > 1,
      })),
    };
  },

  configIssues(config) {
    const fields: Record<string, string> = {};
    config.questions.forEach((q, qi) => {
      if (q.correct.some((c) => c >= q.options.length))
        fields[`questions.${qi}.correct`] = 'A correct answer points at an option that does not exist';
    });
    return fields;
  },
});
