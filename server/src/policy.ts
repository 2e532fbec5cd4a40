import type { PolicyTable } from './platform/access.js';
import { healthPolicy } from './modules/health/health.policy.js';
import { authPolicy } from './modules/auth/auth.policy.js';
import { programPolicy } from './modules/program/program.policy.js';
import { membersPolicy } from './modules/members/members.policy.js';
import { invitesPolicy } from './modules/invites/invites.policy.js';
import { joinCodesPolicy } from './modules/join-codes/join-codes.policy.js';
import { auditPolicy } from './modules/audit/audit.policy.js';
import { challengesPolicy } from './modules/challenges/challenges.policy.js';
import { completionsPolicy } from './modules/completions/completions.policy.js';
import { ledgerPolicy } from './modules/ledger/ledger.policy.js';
import { badgesPolicy } from './modules/badges/badges.policy.js';
import { levelsPolicy } from './modules/levels/levels.policy.js';
import { groupsPolicy } from './modules/groups/groups.policy.js';
import { segmentsPolicy } from './modules/segments/segments.policy.js';
import { rewardsPolicy } from './modules/rewards/rewards.policy.js';
import { notificationsPolicy } from './modules/notifications/notifications.policy.js';
import { leaderboardsPolicy } from './modules/leaderboards/leaderboards.policy.js';
import { communityPolicy } from './modules/community/community.policy.js';
import { accountPolicy } from './modules/auth/account.policy.js';
import { emailPolicy } from './modules/email/email.policy.js';
import { mediaPolicy } from './modules/media/media.policy.js';
import { homePolicy } from './modules/home/home.policy.js';
import { referralsPolicy } from './modules/referrals/referrals.policy.js';
import { integrationsPolicy } from './modules/integrations/integrations.policy.js';
import { eventsPolicy } from './modules/events/events.policy.js';
import { importsPolicy } from './modules/imports/imports.policy.js';
import { referencesPolicy } from './modules/references/references.policy.js';
import { overviewPolicy } from './modules/overview/overview.policy.js';
import { webhooksPolicy } from './modules/webhooks/webhooks.policy.js';
import { ssoPolicy } from './modules/sso/sso.policy.js';
import { scimPolicy } from './modules/scim/scim.policy.js';
import { analyticsPolicy } from './modules/analytics/analytics.policy.js';

/** The API outside any module. */
const platformPolicy = { 'GET /api/openapi.json': 'public' } as const;

/**
 * Every /api route and who may call it: the modules' tables, kept next to their routes. A route
 * missing here stops the app at start, and the authorization matrix test walks every entry.
 */
export const policy: PolicyTable = {
  ...platformPolicy,
  ...healthPolicy,
  ...authPolicy,
  ...programPolicy,
  ...membersPolicy,
  ...invitesPolicy,
  ...joinCodesPolicy,
  ...auditPolicy,
  ...challengesPolicy,
  ...completionsPolicy,
  ...ledgerPolicy,
  ...badgesPolicy,
  ...levelsPolicy,
  ...groupsPolicy,
  ...leaderboardsPolicy,
  ...segmentsPolicy,
  ...rewardsPolicy,
  ...notificationsPolicy,
  ...communityPolicy,
  ...accountPolicy,
  ...emailPolicy,
  ...mediaPolicy,
  ...homePolicy,
  ...overviewPolicy,
  ...analyticsPolicy,
  ...referralsPolicy,
  ...integrationsPolicy,
  ...eventsPolicy,
  ...importsPolicy,
  ...referencesPolicy,
  ...webhooksPolicy,
  ...ssoPolicy,
  ...scimPolicy,
};
