import type { Role } from '@advocate-hub/shared';
import { definePolicy, ADMIN, ADVOCATE } from '../../platform/access.js';

/** Sellers and marketers who ask for references, and the admins who run the desk. */
export const REQUESTER: readonly Role[] = ['requester', 'admin'];

/**
 * Who may call each reference-desk route (decided in onRequest). A requester only ever sees their
 * own requests and asks (404 otherwise, from the service); an admin sees all.
 */
export const referencesPolicy = definePolicy({
  'GET /api/me/reference-profile': ADVOCATE,
  'PUT /api/me/reference-profile': ADVOCATE,
  'GET /api/me/asks': ADVOCATE,
  'POST /api/me/asks/:id': ADVOCATE,
  'POST /api/reference-requests': REQUESTER,
  'GET /api/reference-requests': REQUESTER,
  'GET /api/reference-requests/:id': REQUESTER,
  'GET /api/reference-requests/:id/matches': REQUESTER,
  'POST /api/reference-requests/:id/asks': REQUESTER,
  'POST /api/reference-asks/:id/schedule': REQUESTER,
  /** Both sides confirm: the asked advocate, and the requester or an admin. */
  'POST /api/reference-asks/:id/confirm': [...REQUESTER, 'advocate'],
  'POST /api/reference-requests/:id/outcome': REQUESTER,
  'GET /api/admin/references/coverage': ADMIN,
  'POST /api/admin/references/coverage/recruit': ADMIN,
  'GET /api/admin/references/demand': ADMIN,
  'POST /api/admin/references/demand/pipeline': ADMIN,
  'POST /api/admin/references/demand/forecast': ADMIN,
  'DELETE /api/admin/references/demand/:id': ADMIN,
  'GET /api/admin/references/metrics': ADMIN,
  'GET /api/admin/references/settings': ADMIN,
  'PATCH /api/admin/references/settings': ADMIN,
});
