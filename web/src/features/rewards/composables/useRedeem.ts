import { reactive, ref } from 'vue';
import type { RedeemBody, Redemption, RewardView, ShippingAddress } from '@advocate-hub/shared';
import { rewardsApi } from '../api';
import { uuidV4 } from '@/shared/lib/uuid';
import { useFormErrors } from '@/shared/composables/useFormErrors';

export type ShippingKey = keyof ShippingAddress;
export type ShippingForm = Record<ShippingKey, string>;

export interface ShippingField {
  key: ShippingKey;
  label: string;
  autocomplete: string;
  required: boolean;
  maxlength: number;
  /** Spans both columns of the form on wide screens. */
  wide?: boolean;
  type?: 'text' | 'tel';
  hint?: string;
}

/** The address form of a shipped item, in the order people write an address. */
export const SHIPPING_FIELDS: readonly ShippingField[] = [
  { key: 'name', label: 'Full name', autocomplete: 'shipping name', required: true, maxlength: 120, wide: true },
  {
    key: 'line1',
    label: 'Address line 1',
    autocomplete: 'shipping address-line1',
    required: true,
    maxlength: 200,
    wide: true,
  },
  {
    key: 'line2',
    label: 'Address line 2',
    autocomplete: 'shipping address-line2',
    required: false,
    maxlength: 200,
    wide: true,
  },
  { key: 'city', label: 'City', autocomplete: 'shipping address-level2', required: true, maxlength: 120 },
  { key: 'region', label: 'State / region', autocomplete: 'shipping address-level1', required: false, maxlength: 120 },
  { key: 'postalCode', label: 'Postal code', autocomplete: 'shipping postal-code', required: true, maxlength: 20 },
  { key: 'country', label: 'Country', autocomplete: 'shipping country-name', required: true, maxlength: 80 },
  {
    key: 'phone',
    label: 'Phone',
    autocomplete: 'shipping tel',
    required: false,
    maxlength: 40,
    type: 'tel',
    hint: 'Only for the courier, in case they need to reach you.',
  },
];

/** Field names as the server reports them in a validation error (`shipping.city`, `note`). */
const FIELD_NAMES = [...SHIPPING_FIELDS.map((f) => `shipping.${f.key}` as const), 'note'] as const;
export type RedeemFieldName = (typeof FIELD_NAMES)[number];

function blankShipping(): ShippingForm {
  return { name: '', line1: '', line2: '', city: '', region: '', postalCode: '', country: '', phone: '' };
}

/**
 * The confirmation of one redemption. Every request carries an Idempotency-Key: each attempt (an
 * opening of the dialog, `start`, or a new confirmation after a success) gets a fresh one;
 * pressing "Confirm redemption" again after a network error, a 5xx or a refusal sends the same key,
 * so a request that did reach the server is answered with its first result instead of spending
 * the points twice.
 */
export function useRedeem(reward: () => RewardView | null) {
  const shipping = reactive<ShippingForm>(blankShipping());
  const note = ref('');
  const submitting = ref(false);
  const errors = useFormErrors(FIELD_NAMES);
  let key = uuidV4();

  function start(): void {
    key = uuidV4();
    errors.clear();
  }

  function validate(r: RewardView): boolean {
    errors.clear();
    if (r.type !== 'item') return true;
    const messages: Record<string, string> = {};
    for (const f of SHIPPING_FIELDS) {
      const value = shipping[f.key].trim();
      if (f.required && !value) messages[`shipping.${f.key}`] = `Enter your ${f.label.toLowerCase()}.`;
    }
    if (!messages['shipping.country'] && shipping.country.trim().length < 2)
      messages['shipping.country'] = 'Enter the country’s name.';
    if (Object.keys(messages).length === 0) return true;
    errors.setFields(messages, 'Please complete the shipping address.');
    return false;
  }

  function body(r: RewardView): RedeemBody {
    const out: RedeemBody = {};
    if (r.type === 'item') {
      const s = Object.fromEntries(
        SHIPPING_FIELDS.map((f) => [f.key, shipping[f.key].trim()]).filter(([, v]) => v !== ''),
      ) as ShippingAddress;
      out.shipping = s;
    }
    if (note.value.trim()) out.note = note.value.trim();
    return out;
  }

  /** Send the confirmation; the answer on success, null when it failed (the error is in `errors`). */
  async function submit(): Promise<{ redemption: Redemption; balance: number } | null> {
    const r = reward();
    if (!r || submitting.value || !validate(r)) return null;
    submitting.value = true;
    try {
      const out = await rewardsApi.redeem(r.id, body(r), key);
      key = uuidV4(); // that attempt is done: another confirmation is another redemption
      Object.assign(shipping, blankShipping());
      note.value = '';
      return out;
    } catch (err) {
      errors.fromError(err);
      return null;
    } finally {
      submitting.value = false;
    }
  }

  return { shipping, note, submitting, errors, start, submit };
}
