/**
 * The demo's single sign-on: Lumen's own Okta as an OpenID Connect connection, shown on the login page
 * ("Sign in with Lumen Okta"). Its issuer is not a real IdP, so the button explains that the option is
 * unavailable: an admin replaces the issuer and client with their own under Admin → Single sign-on.
 */
import { ssoConnections, type Db } from '../server/src/db/kit.js';

export async function seedSso(db: Db): Promise<void> {
  await db.insert(ssoConnections).values({
    kind: 'oidc',
    name: 'Lumen Okta',
    enabled: true,
    domains: ['lumen.example'],
    autoProvision: true,
    defaultRoles: ['advocate'],
    issuer: 'https://login.lumen.example/oauth2/default',
    clientId: '0oa1demohub',
    scopes: 'openid email profile',
  });
}
