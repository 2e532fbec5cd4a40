import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { useSessionStore } from '@/features/auth';

const KEY = 'ah:view-as-advocate';

function stored(): boolean {
  try {
    return sessionStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

/**
 * "View as advocate": staff (admins, moderators) without the advocate role may open the advocate
 * side — home, challenges, rewards — to see it as advocates do. The server lets them read it;
 * completing challenges and redeeming rewards stay for advocates. Kept for the browser tab.
 */
export const useAdvocateViewStore = defineStore('advocate-view', () => {
  const session = useSessionStore();
  const wanted = ref(stored());

  /** Staff who are not advocates themselves: the ones the switch is for. */
  const available = computed(
    () => !session.hasRole('advocate') && (session.hasRole('admin') || session.hasRole('moderator')),
  );
  const active = computed(() => available.value && wanted.value);

  function set(on: boolean): void {
    wanted.value = on;
    try {
      if (on) sessionStorage.setItem(KEY, '1');
      else sessionStorage.removeItem(KEY);
    } catch {
      // Private mode without storage: the switch holds until the page reloads.
    }
  }

  // Signing out (or in as someone else) turns it off.
  watch(
    () => session.me?.id,
    (now, before) => {
      if (before && now !== before) set(false);
    },
  );

  return { available, active, set };
});

/** Whether a route that asks for these roles is open to the member through "view as advocate". */
export function advocateViewAllows(roles: readonly string[] | undefined, active: boolean): boolean {
  return active && !!roles?.includes('advocate');
}
