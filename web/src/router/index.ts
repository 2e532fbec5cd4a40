import {
  createRouter,
  createWebHistory,
  RouterView,
  type RouteLocationNormalized,
  type RouteRecordRaw,
} from 'vue-router';
import './meta';
import { useSessionStore } from '@/stores/session';
import { homePathFor } from '@/lib/home';
import { safeRedirect } from '@/lib/redirect';
import LoginPage from '@/pages/LoginPage.vue';

const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: LoginPage,
    meta: { public: true, guestOnly: true, layout: 'auth', title: 'Sign in' },
  },
  {
    path: '/invite/:token',
    name: 'invite',
    component: () => import('@/pages/InvitePage.vue'),
    meta: { public: true, layout: 'auth', title: 'Accept your invitation' },
  },
  {
    path: '/join',
    name: 'join',
    component: () => import('@/pages/JoinPage.vue'),
    meta: { public: true, layout: 'auth', title: 'Join with a code' },
  },
  {
    // Never rendered: sends each member to the home of their role.
    path: '/',
    name: 'root',
    component: RouterView,
    beforeEnter: () => homePathFor(useSessionStore().me?.roles),
  },
  {
    path: '/home',
    name: 'home',
    component: () => import('@/pages/AdvocateHomePage.vue'),
    meta: { roles: ['advocate'], title: 'Home' },
  },
  {
    path: '/challenges',
    name: 'challenges',
    component: () => import('@/pages/ChallengesPage.vue'),
    meta: { roles: ['advocate'], title: 'Challenges' },
  },
  {
    path: '/challenges/:id',
    name: 'challenge',
    component: () => import('@/pages/ChallengePage.vue'),
    meta: { roles: ['advocate'], title: 'Challenge' },
  },
  {
    path: '/rewards',
    name: 'rewards',
    component: () => import('@/pages/RewardsPage.vue'),
    meta: { roles: ['advocate'], title: 'Rewards' },
  },
  {
    // Before /rewards/:id, so "mine" is never taken for a reward's id.
    path: '/rewards/mine',
    name: 'my-redemptions',
    component: () => import('@/pages/MyRedemptionsPage.vue'),
    meta: { roles: ['advocate'], title: 'My redemptions' },
  },
  {
    path: '/rewards/:id',
    name: 'reward',
    component: () => import('@/pages/RewardPage.vue'),
    meta: { roles: ['advocate'], title: 'Reward' },
  },
  {
    path: '/profile',
    name: 'profile',
    component: () => import('@/pages/ProfilePage.vue'),
    meta: { title: 'Profile' },
  },
  {
    path: '/moderation',
    name: 'moderation',
    component: () => import('@/pages/ModerationHomePage.vue'),
    meta: { roles: ['moderator'], title: 'Moderation' },
  },
  {
    path: '/admin',
    name: 'admin',
    component: () => import('@/pages/admin/AdminHomePage.vue'),
    meta: { roles: ['admin'], title: 'Program admin' },
  },
  {
    path: '/admin/members',
    name: 'admin-members',
    component: () => import('@/pages/admin/AdminMembersPage.vue'),
    meta: { roles: ['admin'], title: 'Members' },
  },
  {
    path: '/admin/challenges',
    name: 'admin-challenges',
    component: () => import('@/pages/admin/AdminChallengesPage.vue'),
    meta: { roles: ['admin'], title: 'Challenges' },
  },
  {
    path: '/admin/challenges/new',
    name: 'admin-challenge-new',
    component: () => import('@/pages/admin/AdminChallengeEditorPage.vue'),
    meta: { roles: ['admin'], title: 'New challenge' },
  },
  {
    path: '/admin/challenges/:id',
    name: 'admin-challenge',
    component: () => import('@/pages/admin/AdminChallengeEditorPage.vue'),
    meta: { roles: ['admin'], title: 'Edit challenge' },
  },
  {
    path: '/admin/reviews',
    name: 'admin-reviews',
    component: () => import('@/pages/admin/AdminReviewsPage.vue'),
    meta: { roles: ['admin'], title: 'Reviews' },
  },
  {
    path: '/admin/rewards',
    name: 'admin-rewards',
    component: () => import('@/pages/admin/AdminRewardsPage.vue'),
    meta: { roles: ['admin'], title: 'Rewards' },
  },
  {
    path: '/admin/rewards/new',
    name: 'admin-reward-new',
    component: () => import('@/pages/admin/AdminRewardEditorPage.vue'),
    meta: { roles: ['admin'], title: 'New reward' },
  },
  {
    path: '/admin/rewards/:id',
    name: 'admin-reward',
    component: () => import('@/pages/admin/AdminRewardEditorPage.vue'),
    meta: { roles: ['admin'], title: 'Edit reward' },
  },
  {
    path: '/admin/redemptions',
    name: 'admin-redemptions',
    component: () => import('@/pages/admin/AdminRedemptionsPage.vue'),
    meta: { roles: ['admin'], title: 'Redemptions' },
  },
  {
    path: '/admin/levels',
    name: 'admin-levels',
    component: () => import('@/pages/admin/AdminLevelsPage.vue'),
    meta: { roles: ['admin'], title: 'Levels' },
  },
  {
    path: '/admin/badges',
    name: 'admin-badges',
    component: () => import('@/pages/admin/AdminBadgesPage.vue'),
    meta: { roles: ['admin'], title: 'Badges' },
  },
  {
    path: '/admin/groups',
    name: 'admin-groups',
    component: () => import('@/pages/admin/AdminGroupsPage.vue'),
    meta: { roles: ['admin'], title: 'Groups' },
  },
  {
    path: '/admin/segments',
    name: 'admin-segments',
    component: () => import('@/pages/admin/AdminSegmentsPage.vue'),
    meta: { roles: ['admin'], title: 'Segments' },
  },
  {
    path: '/admin/segments/new',
    name: 'admin-segment-new',
    component: () => import('@/pages/admin/AdminSegmentEditorPage.vue'),
    meta: { roles: ['admin'], title: 'New segment' },
  },
  {
    path: '/admin/segments/:id',
    name: 'admin-segment',
    component: () => import('@/pages/admin/AdminSegmentEditorPage.vue'),
    meta: { roles: ['admin'], title: 'Edit segment' },
  },
  {
    path: '/admin/join-codes',
    name: 'admin-join-codes',
    component: () => import('@/pages/admin/AdminJoinCodesPage.vue'),
    meta: { roles: ['admin'], title: 'Join codes' },
  },
  {
    path: '/admin/settings',
    name: 'admin-settings',
    component: () => import('@/pages/admin/AdminSettingsPage.vue'),
    meta: { roles: ['admin'], title: 'Branding' },
  },
  {
    path: '/admin/audit',
    name: 'admin-audit',
    component: () => import('@/pages/admin/AdminAuditPage.vue'),
    meta: { roles: ['admin'], title: 'Activity' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/pages/NotFoundPage.vue'),
    meta: { public: true, title: 'Page not found' },
  },
  {
    // Reached only by name from the guard, so the address bar keeps the page that was refused.
    path: '/:pathMatch(.*)*',
    name: 'forbidden',
    component: () => import('@/pages/ForbiddenPage.vue'),
    meta: { title: 'No access' },
  },
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
  if (roles?.length && !roles.some((r) => session.hasRole(r))) return forbidden(to);
  return true;
});
