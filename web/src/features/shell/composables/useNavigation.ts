import { computed, type Component } from 'vue';
import {
  Activity,
  Award,
  ClipboardCheck,
  ClipboardList,
  Gauge,
  Gift,
  Handshake,
  Home,
  KeyRound,
  ListChecks,
  ListFilter,
  Medal,
  Mails,
  MessagesSquare,
  PackageCheck,
  Plug,
  Palette,
  ShieldCheck,
  Target,
  TrendingUp,
  Trophy,
  UserRound,
  UserX,
  Users,
  UsersRound,
  UserPlus,
  Webhook,
} from 'lucide-vue-next';
import { useSessionStore } from '@/features/auth';
import { useAdvocateViewStore } from './useAdvocateView';

export interface NavLink {
  to: string;
  label: string;
  icon: Component;
}

export interface NavGroup {
  id: string;
  label: string;
  links: NavLink[];
}

/** The links a member can actually use, grouped by role. */
export function useNavigation() {
  const session = useSessionStore();
  const advocateView = useAdvocateViewStore();

  const groups = computed<NavGroup[]>(() => {
    const out: NavGroup[] = [];
    if (session.hasRole('advocate') || advocateView.active) {
      out.push({
        id: 'advocate',
        label: advocateView.active ? 'As an advocate' : 'Advocate',
        links: [
          { to: '/home', label: 'Home', icon: Home },
          { to: '/challenges', label: 'Challenges', icon: Target },
          { to: '/rewards', label: 'Rewards', icon: Gift },
          { to: '/referrals', label: 'Refer someone', icon: UserPlus },
          // Staff viewing as an advocate have these among their own links.
          ...(session.hasRole('advocate')
            ? [
                { to: '/leaderboard', label: 'Leaderboard', icon: Trophy },
                { to: '/community', label: 'Community', icon: MessagesSquare },
                { to: '/references', label: 'References', icon: Handshake },
              ]
            : []),
        ],
      });
    }
    if (session.hasRole('requester')) {
      out.push({
        id: 'requester',
        label: 'Reference desk',
        links: [{ to: '/references/requests', label: 'Reference requests', icon: ClipboardList }],
      });
    }
    if (session.hasRole('admin')) {
      out.push({
        id: 'admin',
        label: 'Program',
        links: [
          { to: '/admin', label: 'Admin', icon: Gauge },
          ...(session.hasRole('advocate') ? [] : [{ to: '/leaderboard', label: 'Leaderboard', icon: Trophy }]),
          // Admins who are neither advocates nor moderators read the community from here.
          ...(session.hasRole('advocate') || session.hasRole('moderator')
            ? []
            : [{ to: '/community', label: 'Community', icon: MessagesSquare }]),
          { to: '/admin/analytics', label: 'Analytics', icon: TrendingUp },
          { to: '/admin/members', label: 'Members', icon: Users },
          { to: '/admin/challenges', label: 'Challenges', icon: ListChecks },
          { to: '/admin/reviews', label: 'Reviews', icon: ClipboardCheck },
          { to: '/admin/rewards', label: 'Rewards', icon: Gift },
          { to: '/admin/redemptions', label: 'Redemptions', icon: PackageCheck },
          { to: '/admin/referrals', label: 'Referrals', icon: UserPlus },
          { to: '/admin/references', label: 'Reference desk', icon: Handshake },
          // Requesters have these among their own links.
          ...(session.hasRole('requester')
            ? []
            : [{ to: '/references/requests', label: 'Reference requests', icon: ClipboardList }]),
          { to: '/admin/levels', label: 'Levels', icon: Medal },
          { to: '/admin/badges', label: 'Badges', icon: Award },
          { to: '/admin/leaderboards', label: 'Leaderboards', icon: Trophy },
          { to: '/admin/groups', label: 'Groups', icon: UsersRound },
          { to: '/admin/segments', label: 'Segments', icon: ListFilter },
          { to: '/admin/join-codes', label: 'Join codes', icon: KeyRound },
          { to: '/admin/community', label: 'Community settings', icon: MessagesSquare },
          { to: '/admin/settings', label: 'Branding', icon: Palette },
          { to: '/admin/sso', label: 'Single sign-on', icon: ShieldCheck },
          { to: '/admin/integrations', label: 'Integrations', icon: Plug },
          { to: '/admin/outbox', label: 'Outbox', icon: Mails },
          { to: '/admin/webhooks', label: 'Webhooks', icon: Webhook },
          { to: '/admin/audit', label: 'Activity', icon: Activity },
        ],
      });
    }
    if (session.hasRole('moderator')) {
      out.push({
        id: 'moderator',
        label: 'Community',
        links: [
          { to: '/moderation', label: 'Moderation', icon: ShieldCheck },
          { to: '/moderation/sanctions', label: 'Sanctions', icon: UserX },
          // Advocates have the community among their own links.
          ...(session.hasRole('advocate') ? [] : [{ to: '/community', label: 'Community', icon: MessagesSquare }]),
        ],
      });
    }
    if (session.me) {
      const account: NavLink[] = [{ to: '/profile', label: 'Profile', icon: UserRound }];
      // Moderators who are neither advocates nor admins can look at the leaderboard too.
      if (!session.hasRole('advocate') && !session.hasRole('admin'))
        account.unshift({ to: '/leaderboard', label: 'Leaderboard', icon: Trophy });
      out.push({ id: 'account', label: 'Account', links: account });
    }
    return out;
  });

  return { groups };
}
