import { ReferenceSettings, type ReferenceActivity } from '@advocate-hub/shared';
import { adminReferencesApi } from '../api';
import { useSavedForm } from './useSavedForm';

type Settings = ReferenceSettings;
/** The form's values: a number field left empty is null until the parse refuses it. */
interface Draft {
  personAsksPerPeriod: number | null;
  personCallsPerPeriod: number | null;
  accountAsksPerPeriod: number | null;
  restDaysAfterCall: number | null;
  referencesPerDeal: number | null;
  requestersMaySend: boolean;
  points: Record<ReferenceActivity, number | null>;
}

const FIELDS = [
  'personAsksPerPeriod',
  'personCallsPerPeriod',
  'accountAsksPerPeriod',
  'restDaysAfterCall',
  'referencesPerDeal',
  'requestersMaySend',
  'points',
] as const;

const copy = (s: Settings): Draft => ({ ...s, points: { ...s.points } as Draft['points'] });

/** The reference desk's caps, rest days, who sends asks, and the points per activity. */
export function useReferenceSettingsForm() {
  return useSavedForm({
    fields: FIELDS,
    schema: ReferenceSettings,
    fetch: async () => (await adminReferencesApi.settings()).settings,
    send: async (body) => (await adminReferencesApi.updateSettings(body)).settings,
    toDraft: copy,
    toBody: (d: Draft) => d,
    failure: 'Could not load the reference desk settings.',
  });
}
