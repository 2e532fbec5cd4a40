import { definePolicy, ADMIN } from '../../platform/access.js';

/** Who may manage outgoing webhooks: admins only (secrets, targets, the delivery log). */
export const webhooksPolicy = definePolicy({
  'GET /api/admin/webhooks': ADMIN,
  'POST /api/admin/webhooks': ADMIN,
  'GET /api/admin/webhooks/:id': ADMIN,
  'PATCH /api/admin/webhooks/:id': ADMIN,
  'DELETE /api/admin/webhooks/:id': ADMIN,
  'POST /api/admin/webhooks/:id/rotate-secret': ADMIN,
  'POST /api/admin/webhooks/:id/test': ADMIN,
  'GET /api/admin/webhooks/:id/deliveries': ADMIN,
  'POST /api/admin/webhooks/:id/deliveries/:deliveryId/replay': ADMIN,
});
