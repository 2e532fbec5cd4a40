import type { Role } from '@advocate-hub/shared';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in. */
    public?: boolean;
    /** Signed-in members are sent home instead (the login page). */
    guestOnly?: boolean;
    /** The member needs at least one of these roles; others see the 403 page. */
    roles?: Role[];
    /** Page name for the document title; the program name is added after it. */
    title?: string;
    /** `auth`: the centred sign-in layout; `bare`: the page alone, full screen (the event wall); otherwise the app shell when signed in. */
    layout?: 'auth' | 'app' | 'bare';
  }
}

export {};
