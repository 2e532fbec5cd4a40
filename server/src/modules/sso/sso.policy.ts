import { definePolicy, ADMIN } from '../../platform/access.js';

/**
 * Who may call each SSO route. The sign-in routes are public: the IdP's signed answer (an ID token,
 * a SAML assertion) is what proves who the caller is.
 */
export const ssoPolicy = definePolicy({
  'GET /api/auth/sso': 'public',
  'GET /api/auth/sso/:id/start': 'public',
  'GET /api/auth/sso/:id/callback': 'public',
  'GET /api/auth/saml/:id/metadata': 'public',
  'GET /api/auth/saml/:id/start': 'public',
  'POST /api/auth/saml/:id/acs': 'public',
  'GET /api/admin/sso/connections': ADMIN,
  'POST /api/admin/sso/connections': ADMIN,
  'PATCH /api/admin/sso/connections/:id': ADMIN,
  'DELETE /api/admin/sso/connections/:id': ADMIN,
});
