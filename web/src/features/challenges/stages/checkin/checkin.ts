import type { StageKindDefinition } from '../types';
import { str } from '../drafts';

/** Advocates type the code given out at an event; the code never reaches their browser. */
export const checkin: StageKindDefinition<'checkin', { code: string }> = {
  kind: 'checkin',
  label: 'Event check-in',
  hint: 'Advocates type the code given out at an event.',
  needsReviewByDefault: false,
  submitLabel: () => 'Check in',
  emptyDraft: () => ({ code: '' }),
  draftFrom: (config) => ({ code: str(config.code) }),
  toConfig: (d) => ({ code: d.code.trim() }),
  advocateConfig: () => ({}),
  shownPaths: () => ['code'],
};
