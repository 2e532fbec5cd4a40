import { z } from 'zod';
import { Timestamp } from '../common.js';
import { Role } from '../enums.js';
import { text } from '../fields.js';

/**
 * Single sign-on: connections to a company's identity provider (OpenID Connect or SAML 2.0). A member
 * signs in with the IdP, is linked by the IdP's subject (or, the first time, by email), and gets the
 * same session as a password sign-in. Not plan-gated: every hub has it.
 */
export const SSO_KINDS = ['oidc', 'saml'] as const;
export const SsoKind = z.enum(SSO_KINDS);
export type SsoKind = z.infer<typeof SsoKind>;

export const SsoErrorCode = {
  notFound: 'sso.connection_not_found',
  /** Sent to the login page as `?error=`: the SPA shows a sentence for each. */
  unavailable: 'sso.unavailable',
  stateMismatch: 'sso.state_mismatch',
  failed: 'sso.failed',
  emailMissing: 'sso.email_missing',
  emailUnverified: 'sso.email_unverified',
  domainNotAllowed: 'sso.domain_not_allowed',
  notProvisioned: 'sso.not_provisioned',
  suspended: 'sso.suspended',
  invalidConfig: 'sso.invalid_config',
} as const;
export type SsoLoginError = (typeof SsoErrorCode)[Exclude<keyof typeof SsoErrorCode, 'notFound' | 'invalidConfig'>];

/** The login page's sentence for each `?error=` code the SSO callbacks send. */
export const SSO_ERROR_MESSAGES: Record<string, string> = {
  [SsoErrorCode.unavailable]: 'This sign-in option is not available right now. Try again later or use your password.',
  [SsoErrorCode.stateMismatch]: 'Your sign-in took too long or was started in another window. Please try again.',
  [SsoErrorCode.failed]: 'Your identity provider’s answer could not be verified. Please try again.',
  [SsoErrorCode.emailMissing]: 'Your identity provider did not share your email address, so we cannot sign you in.',
  [SsoErrorCode.emailUnverified]: 'Your identity provider has not verified your email address yet.',
  [SsoErrorCode.domainNotAllowed]: 'Your email domain is not allowed to sign in with this option.',
  [SsoErrorCode.notProvisioned]: 'You do not have an account in this hub yet. Ask the program team for an invitation.',
  [SsoErrorCode.suspended]: 'This account is suspended; contact the program team.',
};

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/, 'Enter a domain such as example.com');
const pem = z.string().trim().min(1).max(20_000);

const common = {
  name: text(80),
  enabled: z.boolean().optional(),
  /** Only emails of these domains may sign in with it (empty: any). */
  domains: z.array(domain).max(50).optional(),
  /** Unknown people of an allowed domain get an account on their first sign-in. */
  autoProvision: z.boolean().optional(),
  defaultRoles: z.array(Role).max(4).optional(),
};
const oidcFields = {
  issuer: z.url({ message: 'Enter the issuer URL, such as https://example.okta.com' }).max(500),
  clientId: text(300),
  clientSecret: z.string().min(1).max(1000).optional(),
  scopes: z.string().trim().max(300).optional(),
};
const samlFields = {
  entryPoint: z.url({ message: 'Enter the IdP single sign-on URL' }).max(1000),
  idpCert: pem,
  idpEntityId: z.string().trim().max(500).optional(),
  wantAssertionsSigned: z.boolean().optional(),
};

export const CreateSsoConnectionBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('oidc'), ...common, ...oidcFields }),
  z.object({ kind: z.literal('saml'), ...common, ...samlFields }),
]);
export type CreateSsoConnectionBody = z.infer<typeof CreateSsoConnectionBody>;
/** Any field of either kind (those of the other kind are refused); `clientSecret` replaces the stored one. */
export const UpdateSsoConnectionBody = z
  .object({
    ...common,
    name: text(80).optional(),
    issuer: oidcFields.issuer.optional(),
    clientId: oidcFields.clientId.optional(),
    clientSecret: oidcFields.clientSecret,
    scopes: oidcFields.scopes,
    entryPoint: samlFields.entryPoint.optional(),
    idpCert: pem.optional(),
    idpEntityId: samlFields.idpEntityId,
    wantAssertionsSigned: samlFields.wantAssertionsSigned,
  })
  .strict();
export type UpdateSsoConnectionBody = z.infer<typeof UpdateSsoConnectionBody>;

export const SsoConnection = z.object({
  id: z.uuid(),
  kind: SsoKind,
  name: z.string(),
  enabled: z.boolean(),
  domains: z.array(z.string()),
  autoProvision: z.boolean(),
  defaultRoles: z.array(Role),
  issuer: z.string().nullable(),
  clientId: z.string().nullable(),
  /** The client secret is never sent back: only whether one is stored. */
  hasSecret: z.boolean(),
  scopes: z.string().nullable(),
  entryPoint: z.string().nullable(),
  idpCert: z.string().nullable(),
  idpEntityId: z.string().nullable(),
  wantAssertionsSigned: z.boolean(),
  /** What to give the IdP. */
  urls: z.object({
    start: z.string(),
    /** OIDC redirect URI. */
    callback: z.string().nullable(),
    /** SAML assertion consumer service (HTTP-POST). */
    acs: z.string().nullable(),
    metadata: z.string().nullable(),
    /** SAML service provider entity id (audience). */
    entityId: z.string().nullable(),
  }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type SsoConnection = z.infer<typeof SsoConnection>;
export const SsoConnectionResponse = z.object({ connection: SsoConnection });
export const SsoConnectionsResponse = z.object({
  connections: z.array(SsoConnection),
  /** The SCIM 2.0 base URL for the IdP's provisioning (API key with the `scim` scope). */
  scimBaseUrl: z.string(),
});

/** For the login page: one button per enabled connection. */
export const PublicSsoConnection = z.object({ id: z.uuid(), name: z.string(), kind: SsoKind });
export type PublicSsoConnection = z.infer<typeof PublicSsoConnection>;
export const PublicSsoConnectionsResponse = z.object({ connections: z.array(PublicSsoConnection) });

export const SsoIdParams = z.object({ id: z.uuid() });
export const SsoCallbackQuery = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
export const SamlAcsBody = z.object({
  SAMLResponse: z.string().min(1).max(500_000),
  RelayState: z.string().max(2000).optional(),
});
