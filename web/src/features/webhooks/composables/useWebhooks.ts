import { ref, shallowRef } from 'vue';
import { errorMessage } from '@/shared/lib/errors';
import { webhooksApi, type Webhook } from '../api';

/** The list of endpoints. */
export function useWebhooks() {
  const webhooks = shallowRef<Webhook[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<string | null>(null);

  async function reload(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      webhooks.value = (await webhooksApi.list()).webhooks;
      loaded.value = true;
    } catch (err) {
      error.value = errorMessage(err, 'Could not load the webhook endpoints.');
    } finally {
      loading.value = false;
    }
  }

  return { webhooks, loading, loaded, error, reload };
}
