import { ref } from 'vue';
import type { WebhookEventType } from '@advocate-hub/shared';
import { useCursorList } from '@/shared/composables/useCursorList';
import { errorMessage } from '@/shared/lib/errors';
import { webhooksApi, type Webhook } from '../api';

/** One endpoint, its delivery log, and what an admin does with it (test, replay, rotate, enable, edit, delete). */
export function useWebhookDetail(id: string) {
  const webhook = ref<Webhook | null>(null);
  const loadError = ref<string | null>(null);
  const actionError = ref<string | null>(null);
  const notice = ref<string | null>(null);
  const secret = ref<string | null>(null);
  const busy = ref<'test' | 'rotate' | 'toggle' | 'save' | 'delete' | null>(null);
  const replaying = ref<string | null>(null);

  const log = useCursorList(
    async (cursor) => {
      const page = await webhooksApi.deliveries(id, { cursor, limit: 20 });
      return { items: page.deliveries, nextCursor: page.nextCursor };
    },
    { load: 'Could not load the deliveries.', more: 'Could not load more deliveries.' },
  );

  async function load(): Promise<void> {
    loadError.value = null;
    try {
      webhook.value = (await webhooksApi.get(id)).webhook;
    } catch (err) {
      loadError.value = errorMessage(err, 'Could not load this endpoint.');
    }
    await log.reload();
  }

  async function act<T>(what: NonNullable<typeof busy.value>, run: () => Promise<T>, failure: string) {
    busy.value = what;
    actionError.value = null;
    notice.value = null;
    try {
      return await run();
    } catch (err) {
      actionError.value = errorMessage(err, failure);
      return null;
    } finally {
      busy.value = null;
    }
  }

  /** Reloads the log a few times while deliveries are pending (they go out within seconds). */
  async function follow(): Promise<void> {
    for (let i = 0; i < 10; i++) {
      await log.reload();
      if (!log.items.value.some((d) => d.status === 'pending')) break;
      await new Promise((r) => setTimeout(r, 800));
    }
    webhook.value = (await webhooksApi.get(id).catch(() => null))?.webhook ?? webhook.value;
  }

  async function sendTest(): Promise<void> {
    const out = await act('test', () => webhooksApi.sendTest(id), 'Could not send the test event.');
    if (!out) return;
    notice.value = 'A webhook.test event was queued.';
    await follow();
  }

  async function replay(deliveryId: string): Promise<void> {
    replaying.value = deliveryId;
    actionError.value = null;
    notice.value = null;
    try {
      await webhooksApi.replay(id, deliveryId);
      notice.value = 'The message was sent again, with the same webhook-id.';
      await follow();
    } catch (err) {
      actionError.value = errorMessage(err, 'Could not replay this delivery.');
    } finally {
      replaying.value = null;
    }
  }

  async function rotate(): Promise<void> {
    const out = await act('rotate', () => webhooksApi.rotateSecret(id), 'Could not rotate the secret.');
    if (!out) return;
    webhook.value = out.webhook;
    secret.value = out.secret;
  }

  async function setEnabled(enabled: boolean): Promise<void> {
    const out = await act('toggle', () => webhooksApi.update(id, { enabled }), 'Could not change the endpoint.');
    if (out) webhook.value = out.webhook;
  }

  async function save(body: { url: string; description: string; events: WebhookEventType[] }): Promise<boolean> {
    const out = await act(
      'save',
      () => webhooksApi.update(id, { url: body.url, description: body.description || null, events: body.events }),
      'Could not save the endpoint.',
    );
    if (out) webhook.value = out.webhook;
    return out !== null;
  }

  async function remove(): Promise<boolean> {
    return (await act('delete', () => webhooksApi.remove(id), 'Could not delete the endpoint.')) !== null;
  }

  return {
    webhook,
    log,
    loadError,
    actionError,
    notice,
    secret,
    busy,
    replaying,
    load,
    sendTest,
    replay,
    rotate,
    setEnabled,
    save,
    remove,
  };
}
