import type { StageKindDefinition, StageConfigRecord } from '../types';
import {
  draftKey,
  ints,
  nextQuestionId,
  option,
  optionTexts,
  questionPaths,
  records,
  str,
  strings,
  type OptionDraft,
} from '../drafts';

export interface QuizQuestionDraft {
  key: string;
  id: string;
  prompt: string;
  options: OptionDraft[];
}

export interface QuizDraft {
  questions: QuizQuestionDraft[];
  passMark: number | null;
  maxAttempts: number | null;
  unlimited: boolean;
}

export function quizQuestion(existing: { id: string }[]): QuizQuestionDraft {
  return { key: draftKey('q'), id: nextQuestionId(existing), prompt: '', options: [option('', true), option()] };
}

export interface QuizQuestionView {
  id: string;
  prompt: string;
  options: string[];
  /** Only in the admin's view; tells the advocate form to use checkboxes when several are right. */
  correct?: number[];
  /** Set by the server when several options must be picked (optional extra). */
  multiple?: boolean;
}

/** A quiz's settings as the advocate sees them (the right answers are left out by the server). */
export function quizConfig(config: StageConfigRecord) {
  const questions: QuizQuestionView[] = records(config.questions).map((q, i) => {
    const correct = ints(q.correct);
    const view: QuizQuestionView = { id: str(q.id, `q${i + 1}`), prompt: str(q.prompt), options: strings(q.options) };
    if (Array.isArray(q.correct)) view.correct = correct;
    if (typeof q.multiple === 'boolean') view.multiple = q.multiple;
    return view;
  });
  const passMark = typeof config.passMark === 'number' ? config.passMark : 100;
  const maxAttempts =
    config.maxAttempts === null ? null : typeof config.maxAttempts === 'number' ? config.maxAttempts : 3;
  return { questions, passMark, maxAttempts };
}

/** Questions with right answers, graded against a pass mark, with limited attempts. */
export const quiz: StageKindDefinition<'quiz', QuizDraft> = {
  kind: 'quiz',
  label: 'Quiz',
  hint: 'Questions with right answers, graded automatically against a pass mark.',
  needsReviewByDefault: false,
  submitLabel: () => 'Submit answers',
  emptyDraft: () => ({ questions: [quizQuestion([])], passMark: 100, maxAttempts: 3, unlimited: false }),
  draftFrom(config) {
    const empty = quiz.emptyDraft();
    const questions = records(config.questions).map((q, i) => {
      const correct = new Set(Array.isArray(q.correct) ? q.correct : []);
      return {
        key: draftKey('q'),
        id: str(q.id) || `q${i + 1}`,
        prompt: str(q.prompt),
        options: strings(q.options).map((text, oi) => option(text, correct.has(oi))),
      };
    });
    const maxAttempts =
      config.maxAttempts === null ? null : typeof config.maxAttempts === 'number' ? config.maxAttempts : 3;
    return {
      questions: questions.length > 0 ? questions : empty.questions,
      passMark: typeof config.passMark === 'number' ? config.passMark : 100,
      maxAttempts: maxAttempts ?? 3,
      unlimited: maxAttempts === null,
    };
  },
  toConfig: (d) => ({
    questions: d.questions.map((q) => ({
      id: q.id,
      prompt: q.prompt.trim(),
      options: optionTexts(q.options),
      correct: q.options.flatMap((o, i) => (o.correct ? [i] : [])),
    })),
    passMark: d.passMark ?? 100,
    maxAttempts: d.unlimited ? null : (d.maxAttempts ?? 3),
  }),
  advocateConfig(config) {
    const questions = (config.questions as { correct: number[] }[]).map(({ correct, ...q }) => ({
      ...q,
      multiple: correct.length > 1,
    }));
    return { ...config, questions };
  },
  problems(d) {
    const found: Record<string, string> = {};
    d.questions.forEach((q, qi) => {
      if (!q.options.some((o) => o.correct)) found[`questions.${qi}.correct`] = 'Mark at least one right answer.';
    });
    return found;
  },
  shownPaths: (d) => ['questions', 'passMark', 'maxAttempts', ...questionPaths(d.questions)],
  graded: {
    passMark: (config) => quizConfig(config).passMark,
    maxAttempts: (config) => quizConfig(config).maxAttempts,
  },
};
