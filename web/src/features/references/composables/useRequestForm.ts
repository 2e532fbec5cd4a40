import { ref } from 'vue';
import {
  ReferenceRequestBody,
  type CompanySize,
  type ReferenceActivity,
  type ReferenceRequest,
} from '@advocate-hub/shared';
import { useFormErrors } from '@/shared/composables/useFormErrors';
import { requestsApi } from '../api';
import { useReferenceRequestsStore } from '../store';

export const REQUEST_FIELDS = [
  'opportunity',
  'prospectCompany',
  'amount',
  'product',
  'industry',
  'region',
  'companySize',
  'language',
  'activity',
  'dueAt',
  'notes',
] as const;

interface Draft {
  opportunity: string;
  prospectCompany: string;
  amount: number | null;
  product: string;
  industry: string;
  region: string;
  companySize: CompanySize | null;
  language: string;
  activity: ReferenceActivity;
  dueAt: string;
  notes: string;
}

function blank(): Draft {
  const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  return {
    opportunity: '',
    prospectCompany: '',
    amount: null,
    product: '',
    industry: '',
    region: '',
    companySize: null,
    language: '',
    activity: 'call',
    dueAt: due,
    notes: '',
  };
}

const orNull = (s: string) => s.trim() || null;

/** A new reference request: the opportunity, who the prospect is, what they need and by when. */
export function useRequestForm() {
  const store = useReferenceRequestsStore();
  const draft = ref<Draft>(blank());
  const saving = ref(false);
  const errors = useFormErrors(REQUEST_FIELDS);

  function reset(): void {
    draft.value = blank();
    errors.clear();
  }

  async function save(): Promise<ReferenceRequest | null> {
    errors.clear();
    const d = draft.value;
    const parsed = ReferenceRequestBody.safeParse({
      opportunity: d.opportunity,
      prospectCompany: orNull(d.prospectCompany),
      amount: d.amount,
      product: d.product,
      industry: orNull(d.industry),
      region: orNull(d.region),
      companySize: d.companySize,
      language: orNull(d.language),
      activity: d.activity,
      dueAt: d.dueAt,
      notes: orNull(d.notes),
    });
    if (!parsed.success) {
      errors.fromZod(parsed.error);
      return null;
    }
    saving.value = true;
    try {
      return store.put((await requestsApi.create(parsed.data)).request);
    } catch (err) {
      errors.fromError(err);
      return null;
    } finally {
      saving.value = false;
    }
  }

  return { draft, saving, errors, reset, save };
}
