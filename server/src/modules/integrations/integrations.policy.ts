import { definePolicy, ADMIN } from '../../platform/access.js';

/** Who may manage integrations' API keys. */
export const integrationsPolicy = definePolicy({
  'GET /api/admin/api-keys': ADMIN,
  'POST /api/admin/api-keys': ADMIN,
  'DELETE /api/admin/api-keys/:id': ADMIN,
});
