import type { StageConfigRecord } from './types';

/** Helpers the stage kinds share: draft keys, answer options, lenient readers of a config. */

let seq = 0;
export function draftKey(prefix = 'k'): string {
  seq += 1;
  return `${prefix}${seq}`;
}

export interface OptionDraft {
  key: string;
  text: string;
  correct: boolean;
}

export function option(text = '', correct = false): OptionDraft {
  return { key: draftKey('o'), text, correct };
}

export const optionTexts = (options: OptionDraft[]) => options.map((o) => o.text.trim());

export function nextQuestionId(existing: { id: string }[]): string {
  const taken = new Set(existing.map((q) => q.id));
  let n = existing.length + 1;
  while (taken.has(`q${n}`)) n += 1;
  return `q${n}`;
}

/** The paths of a question list that its editor shows: prompt, options, correct answers. */
export function questionPaths(questions: { options: unknown[] }[]): string[] {
  return questions.flatMap((q, qi) => [
    `questions.${qi}.prompt`,
    `questions.${qi}.options`,
    `questions.${qi}.correct`,
    ...q.options.map((_, oi) => `questions.${qi}.options.${oi}`),
  ]);
}

export function str(v: unknown, fallback = ''): string {
  return typeof v === 'string' ? v : fallback;
}

export function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function ints(v: unknown): number[] {
  return Array.isArray(v) ? v.filter((x): x is number => Number.isInteger(x)) : [];
}

export function records(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : [];
}

/**
 * The settings of a kind that are a few text fields: the draft (also the advocate's view, read
 * leniently), the config the API takes (each field trimmed, in this order) and the shown paths.
 */
export function textSettings<F extends string>(...fields: F[]) {
  type Draft = Record<F, string>;
  const each = <T>(value: (field: F) => T) => Object.fromEntries(fields.map((f) => [f, value(f)]));
  return {
    emptyDraft: (): Draft => each(() => '') as Draft,
    draftFrom: (config: StageConfigRecord): Draft => each((f) => str(config[f])) as Draft,
    toConfig: (draft: Draft): StageConfigRecord => each((f) => draft[f].trim()),
    shownPaths: (): string[] => [...fields],
  };
}

export function isHttpUrl(value: string): boolean {
  return /^https?:\/\/\S+$/i.test(value.trim());
}

/** Placeholder of URL inputs (kept out of templates: vue-tsc misreads a static "//" in slot content). */
export const URL_PLACEHOLDER = 'https://…';
