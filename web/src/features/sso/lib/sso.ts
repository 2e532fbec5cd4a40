import type { SsoConnection } from '../api';

/**
 * The login page's sentence for each `?error=` code the SSO callbacks send (kept here, not read from
 * shared at run time, so the login page carries no zod).
 */
const MESSAGES: Record<string, string> = {
  'sso.unavailable': 'This sign-in option is not available right now. Try again later or sign in with your password.',
  'sso.state_mismatch': 'Your sign-in took too long or was started in another window. Please try again.',
  'sso.failed': 'Your identity provider’s answer could not be verified. Please try again.',
  'sso.email_missing': 'Your identity provider did not share your email address, so we cannot sign you in.',
  'sso.email_unverified': 'Your identity provider has not verified your email address yet.',
  'sso.domain_not_allowed': 'Your email domain is not allowed to sign in with this option.',
  'sso.not_provisioned': 'You do not have an account in this hub yet. Ask the program team for an invitation.',
  'sso.suspended': 'This account is suspended; contact the program team.',
};

export function ssoErrorMessage(code: unknown): string | null {
  if (typeof code !== 'string' || !code.startsWith('sso.')) return null;
  return MESSAGES[code] ?? MESSAGES['sso.failed']!;
}

export const KIND_LABELS: Record<SsoConnection['kind'], string> = { oidc: 'OpenID Connect', saml: 'SAML 2.0' };

/** The URLs to give the IdP, labelled, for the connection's kind. */
export function idpUrls(c: SsoConnection): { id: string; label: string; value: string }[] {
  const u = c.urls;
  const rows: { id: string; label: string; value: string | null }[] =
    c.kind === 'oidc'
      ? [{ id: 'callback', label: 'Redirect URI (callback)', value: u.callback }]
      : [
          { id: 'acs', label: 'ACS URL (HTTP-POST)', value: u.acs },
          { id: 'entity', label: 'SP entity ID (audience)', value: u.entityId },
          { id: 'metadata', label: 'SP metadata', value: u.metadata },
        ];
  rows.push({ id: 'start', label: 'Sign-in link (IdP-side tile or bookmark)', value: u.start });
  return rows.filter((r): r is { id: string; label: string; value: string } => !!r.value);
}
