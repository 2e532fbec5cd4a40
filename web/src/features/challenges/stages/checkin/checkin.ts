import type { StageKindDefinition } from '../types';
import { textSettings } from '../drafts';

/** Advocates type the code given out at an event; the code never reaches their browser. */
export const checkin: StageKindDefinition<'checkin', { code: string }> = {
  kind: 'checkin',
  label: 'Event check-in',
  hint: 'Advocates type the code given out at an event.',
  needsReviewByDefault: false,
  submitLabel: () => 'Check in',
  ...textSettings('code'),
  advocateConfig: () => ({}),
};
