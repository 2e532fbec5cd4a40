import { definePolicy } from '../../platform/access.js';

/** Who may call each account-recovery route. The access plugin decides it in onRequest, before the body is read. */
export const accountPolicy = definePolicy({
  'POST /api/auth/password/forgot': 'public',
  'POST /api/auth/password/reset': 'public',
  // The link in the email is the proof; it may be opened in a browser that is not signed in.
  'POST /api/auth/email/confirm': 'public',
  'POST /api/me/email': 'member',
});
