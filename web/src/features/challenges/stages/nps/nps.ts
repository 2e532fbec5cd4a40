import type { StageKindDefinition, StageConfigRecord } from '../types';
import { str } from '../drafts';

export const DEFAULT_NPS_PROMPT = 'How likely are you to recommend us to a friend or colleague?';

export function npsConfig(config: StageConfigRecord) {
  return { prompt: str(config.prompt, DEFAULT_NPS_PROMPT) };
}

/** One 0–10 "would you recommend us" score; the member's last score feeds segments. */
export const nps: StageKindDefinition<'nps', { prompt: string }> = {
  kind: 'nps',
  label: 'Net promoter score',
  hint: 'One 0–10 “how likely are you to recommend us” score, with an optional comment.',
  needsReviewByDefault: false,
  submitLabel: () => 'Send score',
  emptyDraft: () => ({ prompt: '' }),
  draftFrom: (config) => ({ prompt: str(config.prompt) }),
  toConfig: (d) => (d.prompt.trim() ? { prompt: d.prompt.trim() } : {}),
  shownPaths: () => ['prompt'],
};
