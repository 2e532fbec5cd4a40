import { definePolicy, ADMIN, ADVOCATE } from '../../platform/access.js';

/**
 * Who may call each referrals route. The CRM routes are `public` here because the access layer knows
 * members only: their own onRequest hook decides by API key and scope before the body is read.
 */
export const referralsPolicy = definePolicy({
  'POST /api/referrals': ADVOCATE,
  'GET /api/me/referrals': 'member',
  'GET /api/referrals/campaigns': 'member',
  'GET /api/me/referral-link': ADVOCATE,
  'GET /api/referral-links/:code': 'public',
  'POST /api/referral-links/:code': 'public',
  'GET /api/admin/referrals': ADMIN,
  'GET /api/admin/referrals/export': ADMIN,
  'POST /api/admin/referrals/import': ADMIN,
  'GET /api/admin/referrals/rules': ADMIN,
  'PATCH /api/admin/referrals/rules': ADMIN,
  'GET /api/admin/referrals/campaigns': ADMIN,
  'POST /api/admin/referrals/campaigns': ADMIN,
  'PATCH /api/admin/referrals/campaigns/:id': ADMIN,
  'GET /api/admin/referrals/:id': ADMIN,
  'POST /api/admin/referrals/:id/stage': ADMIN,
  'POST /api/admin/referrals/:id/review': ADMIN,
  'POST /api/admin/referrals/:id/campaign': ADMIN,
  'GET /api/crm/referrals': 'public',
  'POST /api/crm/referrals/:id/stage': 'public',
});
