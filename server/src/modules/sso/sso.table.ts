import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { SSO_KINDS, type Role } from '@advocate-hub/shared';
import { members } from '../members/members.table.js';

/** A company's identity provider the hub trusts for sign-in (OpenID Connect or SAML 2.0). */
export const ssoConnections = pgTable('sso_connections', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind', { enum: SSO_KINDS }).notNull(),
  /** The login button's label ("Sign in with <name>"). */
  name: text('name').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  /** Email domains allowed to sign in with it, lower case (empty: any). */
  domains: text('domains')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  autoProvision: boolean('auto_provision').notNull().default(false),
  defaultRoles: text('default_roles')
    .array()
    .$type<Role[]>()
    .notNull()
    .default(sql`'{advocate}'::text[]`),
  // OpenID Connect
  issuer: text('issuer'),
  clientId: text('client_id'),
  /** Never sent back by the API (only `hasSecret`). */
  clientSecret: text('client_secret'),
  scopes: text('scopes'),
  // SAML 2.0
  entryPoint: text('entry_point'),
  idpCert: text('idp_cert'),
  idpEntityId: text('idp_entity_id'),
  wantAssertionsSigned: boolean('want_assertions_signed').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
export type SsoConnectionRow = typeof ssoConnections.$inferSelect;
export type NewSsoConnectionRow = typeof ssoConnections.$inferInsert;

/** Who a member is at an IdP: the IdP's stable subject (OIDC `sub`, SAML NameID), once per connection. */
export const ssoIdentities = pgTable(
  'sso_identities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => ssoConnections.id, { onDelete: 'cascade' }),
    subject: text('subject').notNull(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('sso_identities_connection_subject_key').on(t.connectionId, t.subject),
    index('sso_identities_member_idx').on(t.memberId),
  ],
);
export type SsoIdentityRow = typeof ssoIdentities.$inferSelect;

/**
 * SAML AuthnRequest ids awaiting their response (node-saml's InResponseTo cache), in the database so
 * that any node may receive the IdP's POST; a response spends its id, so it cannot be replayed.
 */
export const ssoSamlRequests = pgTable('sso_saml_requests', {
  id: text('id').primaryKey(),
  value: text('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
