import { computed, onMounted, ref, shallowRef } from 'vue';
import { errorMessage } from '@/shared/lib/errors';
import { integrationsApi, type ApiKey } from '../api';

export type { ApiKey };

/**
 * The program's API keys as one screen section sees them: the list (optionally narrowed, such as to
 * SCIM tokens), create (the secret is kept to show once), revoke, and one error line. Used by the
 * integrations, referrals (CRM) and SSO (SCIM) screens, which all manage the same keys.
 */
export function useApiKeys(opts: { only?: (k: ApiKey) => boolean; nameHint?: string } = {}) {
  const all = shallowRef<ApiKey[]>([]);
  const secret = ref<string | null>(null);
  const error = ref<string | null>(null);
  const busy = ref(false);
  const keys = computed(() => (opts.only ? all.value.filter(opts.only) : all.value));

  async function load(): Promise<void> {
    try {
      all.value = (await integrationsApi.apiKeys()).apiKeys;
    } catch (e) {
      error.value = errorMessage(e, 'Could not load the API keys.');
    }
  }
  onMounted(load);

  /** Creates the key and answers its secret (also kept in `secret`), or null after setting `error`. */
  async function create(name: string, scopes: ApiKey['scopes']): Promise<string | null> {
    if (!name.trim() || !scopes.length) {
      error.value = opts.nameHint ?? 'Name the key and give it at least one scope.';
      return null;
    }
    busy.value = true;
    error.value = null;
    try {
      const made = await integrationsApi.createApiKey(name.trim(), scopes);
      secret.value = made.secret;
      await load();
      return made.secret;
    } catch (e) {
      error.value = errorMessage(e, 'Could not create the key.');
      return null;
    } finally {
      busy.value = false;
    }
  }

  async function revoke(k: ApiKey): Promise<void> {
    try {
      await integrationsApi.revokeApiKey(k.id);
      await load();
    } catch (e) {
      error.value = errorMessage(e, 'Could not revoke the key.');
    }
  }

  return { keys, secret, error, busy, create, revoke, reload: load };
}
