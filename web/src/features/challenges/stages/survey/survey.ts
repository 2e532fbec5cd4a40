import type { StageKindDefinition, StageConfigRecord } from '../types';
import {
  draftKey,
  nextQuestionId,
  option,
  optionTexts,
  questionPaths,
  records,
  str,
  strings,
  type OptionDraft,
} from '../drafts';

export type SurveyQuestionType = 'text' | 'choice' | 'scale';

export interface SurveyQuestionDraft {
  key: string;
  id: string;
  prompt: string;
  type: SurveyQuestionType;
  options: OptionDraft[];
  required: boolean;
}

export interface SurveyDraft {
  questions: SurveyQuestionDraft[];
}

export function surveyQuestion(existing: { id: string }[]): SurveyQuestionDraft {
  return { key: draftKey('q'), id: nextQuestionId(existing), prompt: '', type: 'text', options: [], required: true };
}

export interface SurveyQuestionView {
  id: string;
  prompt: string;
  type: SurveyQuestionType;
  options?: string[];
  required: boolean;
}

export function surveyConfig(config: StageConfigRecord) {
  const questions: SurveyQuestionView[] = records(config.questions).map((q, i) => {
    const type = q.type === 'choice' || q.type === 'scale' ? q.type : 'text';
    return {
      id: str(q.id, `q${i + 1}`),
      prompt: str(q.prompt),
      type,
      options: strings(q.options),
      required: q.required !== false,
    };
  });
  return { questions };
}

/** Questions without right answers: free text, one choice or a 1–5 scale. */
export const survey: StageKindDefinition<'survey', SurveyDraft> = {
  kind: 'survey',
  label: 'Survey',
  hint: 'Questions without right answers: free text, choices or a 1–5 scale.',
  needsReviewByDefault: false,
  submitLabel: () => 'Submit answers',
  emptyDraft: () => ({ questions: [surveyQuestion([])] }),
  draftFrom(config) {
    const questions = records(config.questions).map((q, i) => ({
      key: draftKey('q'),
      id: str(q.id) || `q${i + 1}`,
      prompt: str(q.prompt),
      type: (q.type === 'choice' || q.type === 'scale' ? q.type : 'text') as SurveyQuestionType,
      options: strings(q.options).map((text) => option(text)),
      required: q.required !== false,
    }));
    return questions.length > 0 ? { questions } : survey.emptyDraft();
  },
  toConfig: (d) => ({
    questions: d.questions.map((q) => ({
      id: q.id,
      prompt: q.prompt.trim(),
      type: q.type,
      ...(q.type === 'choice' ? { options: optionTexts(q.options) } : {}),
      required: q.required,
    })),
  }),
  shownPaths: (d) => ['questions', ...questionPaths(d.questions)],
};
