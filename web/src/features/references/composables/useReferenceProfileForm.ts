import {
  ReferenceProfileBody,
  type CompanySize,
  type ReferenceActivity,
  type ReferenceProfile,
} from '@advocate-hub/shared';
import { advocateReferencesApi } from '../api';
import { splitList } from '../lib/labels';
import { useSavedForm } from './useSavedForm';

const FIELDS = [
  'optedIn',
  'products',
  'industry',
  'region',
  'companySize',
  'activities',
  'languages',
  'blackouts',
  'note',
] as const;

interface Draft {
  optedIn: boolean;
  products: string;
  industry: string;
  region: string;
  companySize: CompanySize | null;
  activities: ReferenceActivity[];
  languages: string;
  blackouts: { from: string; to: string }[];
  note: string;
}

function draftOf(p: ReferenceProfile): Draft {
  return {
    optedIn: p.optedIn,
    products: p.products.join(', '),
    industry: p.industry ?? '',
    region: p.region ?? '',
    companySize: p.companySize,
    activities: [...p.activities],
    languages: p.languages.join(', '),
    blackouts: p.blackouts.map((b) => ({ ...b })),
    note: p.note ?? '',
  };
}

function bodyOf(d: Draft) {
  return {
    optedIn: d.optedIn,
    products: splitList(d.products),
    industry: d.industry.trim() || null,
    region: d.region.trim() || null,
    companySize: d.companySize,
    activities: d.activities,
    languages: splitList(d.languages),
    blackouts: d.blackouts.filter((b) => b.from || b.to),
    note: d.note.trim() || null,
  };
}

/** The advocate's reference profile: loaded (prefilled from the member profile), edited, saved. */
export function useReferenceProfileForm() {
  const form = useSavedForm({
    fields: FIELDS,
    schema: ReferenceProfileBody,
    fetch: async () => (await advocateReferencesApi.profile()).profile,
    send: async (body) => (await advocateReferencesApi.saveProfile(body)).profile,
    toDraft: draftOf,
    toBody: bodyOf,
    failure: 'Could not load your reference profile.',
  });
  return { ...form, profile: form.saved };
}
