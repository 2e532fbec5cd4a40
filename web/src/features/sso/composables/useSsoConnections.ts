import { onMounted, ref, shallowRef } from 'vue';
import { errorMessage } from '@/shared/lib/errors';
import { ssoAdminApi, type SsoConnection } from '../api';

/** The admin's list of connections: load, enable/disable, delete. */
export function useSsoConnections() {
  const connections = shallowRef<SsoConnection[]>([]);
  const scimBaseUrl = ref('');
  const loading = ref(true);
  const error = ref<string | null>(null);

  async function load(): Promise<void> {
    try {
      const page = await ssoAdminApi.list();
      connections.value = page.connections;
      scimBaseUrl.value = page.scimBaseUrl;
      error.value = null;
    } catch (e) {
      error.value = errorMessage(e, 'Could not load the sign-in connections.');
    } finally {
      loading.value = false;
    }
  }
  onMounted(load);

  function put(c: SsoConnection): void {
    const i = connections.value.findIndex((x) => x.id === c.id);
    connections.value = i < 0 ? [...connections.value, c] : connections.value.map((x) => (x.id === c.id ? c : x));
  }

  async function setEnabled(c: SsoConnection, enabled: boolean): Promise<void> {
    try {
      put((await ssoAdminApi.update(c.id, { enabled })).connection);
    } catch (e) {
      error.value = errorMessage(e, 'Could not change the connection.');
    }
  }

  async function remove(c: SsoConnection): Promise<void> {
    await ssoAdminApi.remove(c.id);
    connections.value = connections.value.filter((x) => x.id !== c.id);
  }

  return { connections, scimBaseUrl, loading, error, load, put, setEnabled, remove };
}
