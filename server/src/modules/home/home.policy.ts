import { definePolicy } from '../../platform/access.js';

/**
 * Who may call each home route. Staff may read the advocate home too ("view as advocate"); earning
 * and spending stay advocate-only on the routes that do it (completions, redemptions).
 */
export const homePolicy = definePolicy({
  'GET /api/me/home': 'member',
});
