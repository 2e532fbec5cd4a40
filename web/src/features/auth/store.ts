import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { MeMember, Role } from '@advocate-hub/shared';
import { api, isApiError } from '@/shared/api/client';

/** Who is signed in. `loaded` turns true after the first /api/me answer (member or not). */
/** Program staff (shared's STAFF_ROLES), kept local so the entry chunk does not load zod. */
const STAFF_ROLES: readonly Role[] = ['admin', 'moderator'];

/** The server's readable `ah_session` cookie, set at sign-in and cleared at sign-out. */
export function hasSessionHint(): boolean {
  return typeof document === 'undefined' || /(?:^|;\s*)ah_session=/.test(document.cookie);
}

export const useSessionStore = defineStore('session', () => {
  const me = ref<MeMember | null>(null);
  const loaded = ref(false);
  let pending: Promise<MeMember | null> | null = null;

  const isAuthenticated = computed(() => me.value !== null);
  const isStaff = computed(() => me.value?.roles.some((r) => STAFF_ROLES.includes(r)) ?? false);

  function hasRole(role: Role): boolean {
    return me.value?.roles.includes(role) ?? false;
  }

  function setMember(member: MeMember | null): void {
    me.value = member;
    loaded.value = true;
  }

  /**
   * GET /api/me; a 401 (after one refresh attempt) or 404 means nobody is signed in.
   * `onAuthFailure: 'redirect'` also sends the visitor to the login page when the session ended.
   */
  function fetchMe(opts: { onAuthFailure?: 'silent' | 'redirect' } = {}): Promise<MeMember | null> {
    // No session hint cookie (set next to the httpOnly session cookies): nobody is signed in, so a
    // fresh visitor's page sends no request that can only fail.
    if (!hasSessionHint()) {
      setMember(null);
      return Promise.resolve(null);
    }
    pending ??= api
      .get<MeMember | { member: MeMember }>('/api/me', undefined, { onAuthFailure: opts.onAuthFailure ?? 'silent' })
      .then((body) => {
        const member = 'member' in body ? body.member : body;
        setMember(member);
        return member;
      })
      .catch((err: unknown) => {
        if (isApiError(err) && (err.status === 401 || err.status === 404)) {
          setMember(null);
          return null;
        }
        // The server could not answer: leave the session unknown so the next navigation asks again.
        throw err;
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  }

  async function login(email: string, password: string): Promise<MeMember> {
    const { member } = await api.post<{ member: MeMember }>('/api/auth/login', { email, password });
    setMember(member);
    return member;
  }

  async function logout(): Promise<void> {
    try {
      await api.post('/api/auth/logout', {});
    } finally {
      clear();
    }
  }

  /** Forget the member locally (after sign-out or when the session could not be refreshed). */
  function clear(): void {
    me.value = null;
    loaded.value = true;
  }

  return { me, loaded, isAuthenticated, isStaff, hasRole, setMember, fetchMe, login, logout, clear };
});
