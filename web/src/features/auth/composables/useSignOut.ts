import { ref } from 'vue';
import { useRouter } from 'vue-router';
import { useSessionStore } from '../store';

export function useSignOut() {
  const session = useSessionStore();
  const router = useRouter();
  const signingOut = ref(false);

  async function signOut(): Promise<void> {
    if (signingOut.value) return;
    signingOut.value = true;
    try {
      await session.logout();
    } catch {
      // The local session is cleared either way; the server forgets the refresh token when it expires.
    } finally {
      signingOut.value = false;
    }
    await router.replace({ name: 'login' });
  }

  return { signOut, signingOut };
}
