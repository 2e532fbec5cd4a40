import {
  createRouter,
  createWebHistory,
  RouterView,
  type RouteLocationNormalized,
  type RouteRecordRaw,
} from 'vue-router';
import '@/router/meta';
import { auditRoutes } from '@/features/audit';
import { authRoutes, hasSessionHint, homePathFor, useSessionStore } from '@/features/auth';
import { badgesRoutes } from '@/features/badges';
import { challengesRoutes } from '@/features/challenges';
import { communityRoutes } from '@/features/community';
import { communityAdminRoutes } from '@/features/community-admin';
import { completionsRoutes } from '@/features/completions';
import { emailRoutes } from '@/features/email';
import { groupsRoutes } from '@/features/groups';
import { homeRoutes } from '@/features/home';
import { invitesRoutes } from '@/features/invites';
import { joinCodesRoutes } from '@/features/join-codes';
import { leaderboardsRoutes } from '@/features/leaderboards';
import { levelsRoutes } from '@/features/levels';
import { membersRoutes } from '@/features/members';
import { moderationRoutes } from '@/features/moderation';
import { programRoutes } from '@/features/program';
import { referralsRoutes } from '@/features/referrals';
import { webhooksRoutes } from '@/features/webhooks';
import { integrationsRoutes } from '@/features/integrations';
import { referencesRoutes } from '@/features/references';
import { analyticsRoutes } from '@/features/analytics';
import { rewardsRoutes } from '@/features/rewards';
import { segmentsRoutes } from '@/features/segments';
import { ssoRoutes } from '@/features/sso';
import { advocateViewAllows, shellRoutes, useAdvocateViewStore } from '@/features/shell';
import { safeRedirect } from '@/shared/lib/redirect';

/**
 * Each feature brings its own screens (`features/<name>/routes.ts`, exported by its entry). The
 * catch-all pair (not found, then forbidden) comes last; everything else is matched by path rank.
 */
const routes: RouteRecordRaw[] = [
  ...authRoutes,
  ...invitesRoutes,
  ...joinCodesRoutes,
  ...emailRoutes,
  {
    // Never rendered: sends each member to the home of their role.
    path: '/',
    name: 'root',
    component: RouterView,
    beforeEnter: () => homePathFor(useSessionStore().me?.roles),
  },
  ...homeRoutes,
  ...challengesRoutes,
  ...rewardsRoutes,
  ...referralsRoutes,
  ...webhooksRoutes,
  ...integrationsRoutes,
  ...referencesRoutes,
  ...analyticsRoutes,
  ...leaderboardsRoutes,
  ...communityRoutes,
  ...membersRoutes,
  ...completionsRoutes,
  ...levelsRoutes,
  ...badgesRoutes,
  ...groupsRoutes,
  ...segmentsRoutes,
  ...programRoutes,
  ...ssoRoutes,
  ...auditRoutes,
  ...moderationRoutes,
  ...communityAdminRoutes,
  ...shellRoutes,
];

function forbidden(to: RouteLocationNormalized) {
  return {
    name: 'forbidden',
    params: { pathMatch: to.path.slice(1).split('/') },
    query: to.query,
    hash: to.hash,
    replace: true,
  } as const;
}

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior(to, _from, saved) {
    if (saved) return saved;
    if (to.hash) return { el: to.hash };
    return { top: 0 };
  },
});

router.beforeEach(async (to) => {
  const session = useSessionStore();
  if (!session.loaded) {
    try {
      await session.fetchMe();
    } catch {
      // The server could not answer; treat this navigation as signed out.
    }
  }

  if (to.meta.guestOnly && session.me) {
    return safeRedirect(to.query.redirect) ?? homePathFor(session.me.roles);
  }
  if (to.meta.public) return true;
  if (!session.me) return { name: 'login', query: { redirect: to.fullPath } };

  const roles = to.meta.roles;
  if (
    roles?.length &&
    !roles.some((r) => session.hasRole(r)) &&
    !advocateViewAllows(roles, useAdvocateViewStore().active)
  )
    return forbidden(to);
  return true;
});

/**
 * Starts fetching the code of the screen at `path` (its lazy route components) at once, while the
 * program and the session are asked for, instead of after the guard has let the navigation through.
 * Only where that screen will show: a public one, or any while a session hint says someone is signed in.
 */
export function preloadRoute(path: string): void {
  const to = router.resolve(path);
  if (!to.meta.public && !hasSessionHint()) return;
  for (const record of to.matched) {
    const component = record.components?.default;
    // A lazy route component is a loader function; a component is an object.
    if (typeof component === 'function' && !('__vccOpts' in component) && !('setup' in component))
      void (component as () => Promise<unknown>)().catch(() => {});
  }
}
