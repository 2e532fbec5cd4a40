import { definePolicy } from '../../platform/access.js';

/**
 * SCIM 2.0 routes live outside /api, so the member access layer does not govern them; they are listed
 * here as `public` for that layer (like the CRM routes) because their own onRequest hook decides by an
 * API key holding the `scim` scope, before the body is read.
 */
export const scimPolicy = definePolicy({
  'GET /scim/v2/ServiceProviderConfig': 'public',
  'GET /scim/v2/ResourceTypes': 'public',
  'GET /scim/v2/Schemas': 'public',
  'GET /scim/v2/Users': 'public',
  'GET /scim/v2/Users/:id': 'public',
  'POST /scim/v2/Users': 'public',
  'PUT /scim/v2/Users/:id': 'public',
  'PATCH /scim/v2/Users/:id': 'public',
  'DELETE /scim/v2/Users/:id': 'public',
  'GET /scim/v2/Groups': 'public',
  'GET /scim/v2/Groups/:id': 'public',
  'POST /scim/v2/Groups': 'public',
  'PUT /scim/v2/Groups/:id': 'public',
  'PATCH /scim/v2/Groups/:id': 'public',
  'DELETE /scim/v2/Groups/:id': 'public',
});
