import crypto from 'node:crypto';
import zlib from 'node:zlib';
import * as oidc from 'openid-client';
import { SAML, ValidateInResponseTo, type CacheProvider, type Profile } from '@node-saml/node-saml';
import {
  ErrorCode,
  SsoErrorCode as E,
  type CreateSsoConnectionBody,
  type Role,
  type SsoConnection,
  type SsoLoginError,
  type UpdateSsoConnectionBody,
} from '@advocate-hub/shared';
import type { Db, Executor } from '../../db/client.js';
import { AppError } from '../../platform/errors.js';
import type { UnitOfWork } from '../outbox/unit-of-work.js';
import { auditRepo } from '../audit/audit.repo.js';
import { membersRepo } from '../members/members.repo.js';
import { ssoRepo } from './sso.repo.js';
import { SecretBox } from './sso.secrets.js';
import type { NewSsoConnectionRow, SsoConnectionRow } from './sso.table.js';

/** A refused sign-in: the callback sends the browser to `/login?error=<code>`. */
export class SsoLoginFailure extends Error {
  constructor(
    readonly code: SsoLoginError,
    message: string,
  ) {
    super(message);
    this.name = 'SsoLoginFailure';
  }
}

/** What the IdP told us about the person signing in. */
export interface SsoPerson {
  subject: string;
  email: string | null;
  /** null: the IdP does not say (SAML, or no `email_verified` claim). */
  emailVerified: boolean | null;
  name: string | null;
}

const notFound = () => new AppError({ code: E.notFound, status: 404, message: 'SSO connection not found' });
const invalidConfig = (message: string) => new AppError({ code: E.invalidConfig, status: 400, message });

/** The OIDC flow's state between start and callback, kept in a short-lived signed cookie. */
interface FlowState {
  c: string;
  v: string;
  s: string;
  n: string;
  exp: number;
}
export const FLOW_COOKIE = 'ah_sso';
export const FLOW_TTL_SECONDS = 600;
/** How long a SAML AuthnRequest waits for its answer. */
const SAML_REQUEST_TTL_MS = 10 * 60 * 1000;
/** Discovered OIDC configurations are kept this long (keys rotate; a changed connection is re-read). */
const DISCOVERY_TTL_MS = 60 * 60 * 1000;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Domain part of an email, lower case. */
const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

function firstString(v: unknown): string | null {
  if (typeof v === 'string' && v.trim()) return v.trim();
  if (Array.isArray(v)) return firstString(v[0]);
  return null;
}

/** Email and name in a SAML profile: common attribute names of Okta, Entra ID, Google, ADFS, Keycloak. */
export function samlPerson(profile: Profile): SsoPerson {
  const attr = (...names: string[]) => {
    for (const n of names) {
      const v = firstString(profile[n]);
      if (v) return v;
    }
    return null;
  };
  const nameId = profile.nameID;
  const email =
    attr(
      'email',
      'mail',
      'emailAddress',
      'urn:oid:0.9.2342.19200300.100.1.3',
      'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
    ) ?? (nameId && /^[^@\s]+@[^@\s]+$/.test(nameId) ? nameId : null);
  const given = attr(
    'givenName',
    'firstName',
    'urn:oid:2.5.4.42',
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname',
  );
  const family = attr(
    'sn',
    'surname',
    'lastName',
    'urn:oid:2.5.4.4',
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname',
  );
  const name =
    attr(
      'displayName',
      'name',
      'cn',
      'urn:oid:2.16.840.1.113730.3.1.241',
      'http://schemas.microsoft.com/identity/claims/displayname',
    ) ??
    ([given, family].filter(Boolean).join(' ') || null);
  return { subject: nameId, email: email?.toLowerCase() ?? null, emailVerified: null, name };
}

/** node-saml's InResponseTo cache, in the database (any node may receive the IdP's POST). */
class DbCacheProvider implements CacheProvider {
  constructor(private readonly db: Executor) {}
  async saveAsync(key: string, value: string) {
    await ssoRepo.saveSamlRequest(this.db, key, value, SAML_REQUEST_TTL_MS);
    return { value, createdAt: Date.now() };
  }
  async getAsync(key: string) {
    return ssoRepo.samlRequest(this.db, key, SAML_REQUEST_TTL_MS);
  }
  async removeAsync(key: string | null) {
    return key ? ssoRepo.removeSamlRequest(this.db, key) : null;
  }
}

/**
 * Single sign-on: the admin's connections, the OIDC authorization-code flow (PKCE, state, nonce),
 * SAML 2.0 (HTTP-Redirect request, HTTP-POST response), and one rule for who gets in.
 */
export class SsoService {
  private readonly discovered = new Map<string, { at: number; key: string; config: Promise<oidc.Configuration> }>();
  private readonly cacheProvider: CacheProvider;
  private readonly box: SecretBox;

  constructor(
    private readonly db: Db,
    private readonly uow: UnitOfWork,
    private readonly publicUrl: string,
    private readonly secret: string,
  ) {
    this.cacheProvider = new DbCacheProvider(db);
    this.box = new SecretBox(secret);
  }

  // ── Admin ────────────────────────────────────────────────────────────────────────────────────────

  urls(id: string, kind: SsoConnectionRow['kind']): SsoConnection['urls'] {
    const base = this.publicUrl;
    if (kind === 'oidc')
      return {
        start: `${base}/api/auth/sso/${id}/start`,
        callback: `${base}/api/auth/sso/${id}/callback`,
        acs: null,
        metadata: null,
        entityId: null,
      };
    return {
      start: `${base}/api/auth/saml/${id}/start`,
      callback: null,
      acs: `${base}/api/auth/saml/${id}/acs`,
      metadata: `${base}/api/auth/saml/${id}/metadata`,
      entityId: `${base}/api/auth/saml/${id}/metadata`,
    };
  }

  view(row: SsoConnectionRow): SsoConnection {
    return {
      id: row.id,
      kind: row.kind,
      name: row.name,
      enabled: row.enabled,
      domains: row.domains,
      autoProvision: row.autoProvision,
      defaultRoles: row.defaultRoles,
      issuer: row.issuer,
      clientId: row.clientId,
      hasSecret: !!row.clientSecret,
      scopes: row.scopes,
      entryPoint: row.entryPoint,
      idpCert: row.idpCert,
      idpEntityId: row.idpEntityId,
      wantAssertionsSigned: row.wantAssertionsSigned,
      urls: this.urls(row.id, row.kind),
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  async list() {
    const rows = await ssoRepo.list(this.db);
    return { connections: rows.map((r) => this.view(r)), scimBaseUrl: `${this.publicUrl}/scim/v2` };
  }

  async listPublic() {
    const rows = await ssoRepo.listEnabled(this.db);
    return { connections: rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind })) };
  }

  async create(actorId: string, body: CreateSsoConnectionBody, ip: string | null) {
    const v: NewSsoConnectionRow = {
      kind: body.kind,
      name: body.name,
      enabled: body.enabled ?? true,
      domains: [...new Set(body.domains ?? [])],
      autoProvision: body.autoProvision ?? false,
      defaultRoles: body.defaultRoles?.length ? [...new Set(body.defaultRoles)] : ['advocate'],
    };
    if (body.kind === 'oidc') {
      Object.assign(v, {
        issuer: body.issuer,
        clientId: body.clientId,
        clientSecret: body.clientSecret ? this.box.seal(body.clientSecret) : null,
        scopes: body.scopes || 'openid email profile',
      });
    } else {
      assertPem(body.idpCert);
      Object.assign(v, {
        entryPoint: body.entryPoint,
        idpCert: body.idpCert,
        idpEntityId: body.idpEntityId || null,
        wantAssertionsSigned: body.wantAssertionsSigned ?? true,
      });
    }
    return this.db.transaction(async (tx) => {
      const row = await ssoRepo.insert(tx, v);
      await auditRepo.record(tx, {
        actorId,
        action: 'sso_connection.created',
        targetType: 'sso_connection',
        targetId: row.id,
        data: { name: row.name, kind: row.kind, enabled: row.enabled, autoProvision: row.autoProvision },
        ip,
      });
      return { connection: this.view(row) };
    });
  }

  async update(actorId: string, id: string, body: UpdateSsoConnectionBody, ip: string | null) {
    return this.db.transaction(async (tx) => {
      const before = await ssoRepo.byId(tx, id);
      if (!before) throw notFound();
      const oidcOnly = ['issuer', 'clientId', 'clientSecret', 'scopes'] as const;
      const samlOnly = ['entryPoint', 'idpCert', 'idpEntityId', 'wantAssertionsSigned'] as const;
      const foreign = (before.kind === 'oidc' ? samlOnly : oidcOnly).filter((k) => body[k] !== undefined);
      if (foreign.length) throw invalidConfig(`A ${before.kind.toUpperCase()} connection has no ${foreign.join(', ')}`);
      if (body.idpCert !== undefined) assertPem(body.idpCert);
      const patch: Partial<NewSsoConnectionRow> = {};
      for (const [k, val] of Object.entries(body)) {
        if (val === undefined) continue;
        (patch as Record<string, unknown>)[k] = val;
      }
      if (body.clientSecret) patch.clientSecret = this.box.seal(body.clientSecret);
      if (body.domains) patch.domains = [...new Set(body.domains)];
      if (body.defaultRoles)
        patch.defaultRoles = body.defaultRoles.length ? [...new Set(body.defaultRoles)] : ['advocate'];
      if (body.idpEntityId !== undefined) patch.idpEntityId = body.idpEntityId || null;
      const row = (await ssoRepo.update(tx, id, patch))!;
      this.discovered.delete(id);
      const changed = Object.keys(body).filter((k) => body[k as keyof typeof body] !== undefined);
      await auditRepo.record(tx, {
        actorId,
        action: 'sso_connection.updated',
        targetType: 'sso_connection',
        targetId: id,
        // Which fields changed; the secret's value never enters the log.
        data: { name: row.name, changed, enabled: row.enabled },
        ip,
      });
      return { connection: this.view(row) };
    });
  }

  async remove(actorId: string, id: string, ip: string | null) {
    return this.db.transaction(async (tx) => {
      const row = await ssoRepo.remove(tx, id);
      if (!row) throw notFound();
      this.discovered.delete(id);
      await auditRepo.record(tx, {
        actorId,
        action: 'sso_connection.deleted',
        targetType: 'sso_connection',
        targetId: id,
        data: { name: row.name, kind: row.kind },
        ip,
      });
      return { connection: this.view(row) };
    });
  }

  /** An enabled connection of this kind, else a login failure (the button may be stale). */
  async usable(id: string, kind: SsoConnectionRow['kind']): Promise<SsoConnectionRow> {
    const row = await ssoRepo.byId(this.db, id);
    if (!row || !row.enabled || row.kind !== kind)
      throw new SsoLoginFailure(E.unavailable, 'This sign-in option is not available');
    return row;
  }

  // ── Who gets in ──────────────────────────────────────────────────────────────────────────────────

  /**
   * The member the IdP's person is: by the linked identity, else by email (then linked), else a new
   * active member when the connection provisions. Suspended members, unverified emails, domains the
   * connection does not allow and unknown people (without provisioning) are refused.
   */
  async resolve(conn: SsoConnectionRow, person: SsoPerson, ip: string | null): Promise<string> {
    if (!person.subject) throw new SsoLoginFailure(E.failed, 'The identity provider sent no subject');
    try {
      return await this.resolveOnce(conn, person, ip);
    } catch (err) {
      // Two first sign-ins of one person at once: the second finds the member the first created.
      if (err instanceof AppError && err.code === ErrorCode.emailTaken) return this.resolveOnce(conn, person, ip);
      throw err;
    }
  }

  private async resolveOnce(conn: SsoConnectionRow, person: SsoPerson, ip: string | null): Promise<string> {
    return this.uow.run(async (tx, events) => {
      const identity = await ssoRepo.identity(tx, conn.id, person.subject);
      if (identity) {
        const m = await membersRepo.findById(tx, identity.memberId);
        if (!m) throw new SsoLoginFailure(E.notProvisioned, 'The linked member no longer exists');
        if (m.status === 'suspended') throw new SsoLoginFailure(E.suspended, 'This account is suspended');
        if (m.status === 'invited') await membersRepo.activateInvited(tx, m.id, { joinedAt: new Date() });
        await ssoRepo.touchIdentity(tx, identity.id);
        return m.id;
      }
      if (!person.email) throw new SsoLoginFailure(E.emailMissing, 'The identity provider sent no email');
      if (person.emailVerified === false)
        throw new SsoLoginFailure(E.emailUnverified, 'The identity provider has not verified this email');
      const email = person.email.toLowerCase();
      if (conn.domains.length && !conn.domains.includes(domainOf(email)))
        throw new SsoLoginFailure(E.domainNotAllowed, 'This email domain may not use this connection');
      const existing = await membersRepo.findByEmail(tx, email);
      if (existing) {
        if (existing.status === 'suspended') throw new SsoLoginFailure(E.suspended, 'This account is suspended');
        if (existing.status === 'invited') {
          // The IdP vouches for the address the invite went to: the invite is accepted by signing in.
          await membersRepo.activateInvited(tx, existing.id, { joinedAt: new Date() });
          events.add('member.joined', { memberId: existing.id, email, name: existing.name, via: 'sso' });
        }
        await ssoRepo.link(tx, conn.id, person.subject, existing.id);
        await auditRepo.record(tx, {
          actorId: existing.id,
          action: 'sso_identity.linked',
          targetType: 'member',
          targetId: existing.id,
          data: { connection: conn.name, connectionId: conn.id },
          ip,
        });
        return existing.id;
      }
      if (!conn.autoProvision)
        throw new SsoLoginFailure(E.notProvisioned, 'No member has this email and the connection does not provision');
      const name = (person.name ?? email.slice(0, email.indexOf('@'))).slice(0, 120);
      const member = await membersRepo.insert(
        tx,
        { email, name, status: 'active', trusted: false, joinedAt: new Date() },
        conn.defaultRoles as Role[],
      );
      await ssoRepo.link(tx, conn.id, person.subject, member.id);
      await auditRepo.record(tx, {
        actorId: member.id,
        action: 'member.joined',
        targetType: 'member',
        targetId: member.id,
        data: { via: 'sso', connection: conn.name, connectionId: conn.id },
        ip,
      });
      events.add('member.joined', { memberId: member.id, email, name, via: 'sso' });
      return member.id;
    });
  }

  // ── OpenID Connect ───────────────────────────────────────────────────────────────────────────────

  private async oidcConfig(conn: SsoConnectionRow): Promise<oidc.Configuration> {
    const key = `${conn.id}:${conn.updatedAt.getTime()}`;
    const hit = this.discovered.get(conn.id);
    if (hit && hit.at > Date.now() - DISCOVERY_TTL_MS && hit.key === key) return hit.config;
    const secret = conn.clientSecret ? this.box.open(conn.clientSecret) : null;
    if (conn.clientSecret && secret === null)
      throw new Error('the stored client secret cannot be read (JWT_SECRET changed?): enter it again');
    const issuer = new URL(conn.issuer!);
    // Plain http only for an IdP on this machine (development, tests); anywhere else it must be https.
    const insecure = issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname);
    const config = oidc
      .discovery(
        issuer,
        conn.clientId!,
        { redirect_uris: [this.urls(conn.id, 'oidc').callback!] },
        secret ? oidc.ClientSecretPost(secret) : oidc.None(),
        { ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}), timeout: 10 },
      )
      .catch((err: unknown) => {
        this.discovered.delete(conn.id);
        throw err;
      });
    this.discovered.set(conn.id, { at: Date.now(), key, config });
    return config;
  }

  private sign(state: FlowState): string {
    const body = Buffer.from(JSON.stringify(state)).toString('base64url');
    const mac = crypto.createHmac('sha256', this.secret).update(`sso:${body}`).digest('base64url');
    return `${body}.${mac}`;
  }

  private unsign(value: string | undefined): FlowState | null {
    if (!value || value.length > 2000) return null;
    const [body, mac] = value.split('.');
    if (!body || !mac) return null;
    const expected = crypto.createHmac('sha256', this.secret).update(`sso:${body}`).digest();
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
    try {
      const state = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as FlowState;
      return state.exp > Date.now() / 1000 ? state : null;
    } catch {
      return null;
    }
  }

  /** The IdP's authorization URL and the signed flow state for the cookie. */
  async oidcStart(id: string): Promise<{ url: string; cookie: string }> {
    const conn = await this.usable(id, 'oidc');
    let config: oidc.Configuration;
    try {
      config = await this.oidcConfig(conn);
    } catch (err) {
      throw new SsoLoginFailure(E.unavailable, `The identity provider cannot be used: ${(err as Error).message}`);
    }
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.urls(id, 'oidc').callback!,
      scope: conn.scopes || 'openid email profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    const cookie = this.sign({
      c: id,
      v: verifier,
      s: state,
      n: nonce,
      exp: Math.floor(Date.now() / 1000) + FLOW_TTL_SECONDS,
    });
    return { url: url.href, cookie };
  }

  /** Exchanges the code, validates the ID token and returns the member to sign in. */
  async oidcCallback(id: string, search: string, cookie: string | undefined, ip: string | null): Promise<string> {
    const conn = await this.usable(id, 'oidc');
    const flow = this.unsign(cookie);
    const params = new URLSearchParams(search);
    if (!flow || flow.c !== id || params.get('state') !== flow.s)
      throw new SsoLoginFailure(E.stateMismatch, 'The sign-in state does not match');
    if (params.get('error')) throw new SsoLoginFailure(E.failed, `The identity provider said ${params.get('error')}`);
    let config: oidc.Configuration;
    try {
      config = await this.oidcConfig(conn);
    } catch (err) {
      throw new SsoLoginFailure(E.unavailable, `The identity provider cannot be used: ${(err as Error).message}`);
    }
    const current = new URL(this.urls(id, 'oidc').callback!);
    current.search = search;
    let person: SsoPerson;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: flow.v,
        expectedState: flow.s,
        expectedNonce: flow.n,
        idTokenExpected: true,
      });
      const claims = tokens.claims()!;
      let email = firstString(claims.email);
      let verified = typeof claims.email_verified === 'boolean' ? claims.email_verified : null;
      let name = firstString(claims.name);
      if (!email && tokens.access_token) {
        const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
        email = firstString(info.email);
        verified = typeof info.email_verified === 'boolean' ? info.email_verified : verified;
        name = name ?? firstString(info.name);
      }
      if (!name) {
        const parts = [firstString(claims.given_name), firstString(claims.family_name)].filter(Boolean);
        name = parts.length ? parts.join(' ') : null;
      }
      person = { subject: claims.sub, email: email?.toLowerCase() ?? null, emailVerified: verified, name };
    } catch (err) {
      if (err instanceof SsoLoginFailure) throw err;
      throw new SsoLoginFailure(E.failed, `The identity provider's answer was refused: ${(err as Error).message}`);
    }
    return this.resolve(conn, person, ip);
  }

  // ── SAML 2.0 ─────────────────────────────────────────────────────────────────────────────────────

  private saml(conn: SsoConnectionRow): SAML {
    const urls = this.urls(conn.id, 'saml');
    return new SAML({
      callbackUrl: urls.acs!,
      entryPoint: conn.entryPoint ?? undefined,
      issuer: urls.entityId!,
      audience: urls.entityId!,
      idpCert: splitPems(conn.idpCert ?? ''),
      idpIssuer: conn.idpEntityId ?? undefined,
      wantAssertionsSigned: conn.wantAssertionsSigned,
      // Either the response or its assertion must be signed; node-saml checks whichever is.
      wantAuthnResponseSigned: false,
      validateInResponseTo: ValidateInResponseTo.always,
      requestIdExpirationPeriodMs: SAML_REQUEST_TTL_MS,
      cacheProvider: this.cacheProvider,
      acceptedClockSkewMs: 30_000,
      identifierFormat: null,
      disableRequestedAuthnContext: true,
    });
  }

  async samlMetadata(id: string): Promise<string> {
    const row = await ssoRepo.byId(this.db, id);
    if (!row || row.kind !== 'saml') throw notFound();
    return this.saml(row).generateServiceProviderMetadata(null, null);
  }

  /** The IdP's URL with the AuthnRequest, and the request's id (the browser keeps it in a cookie). */
  async samlStart(id: string): Promise<{ url: string; requestId: string }> {
    const conn = await this.usable(id, 'saml');
    let url: string;
    try {
      url = await this.saml(conn).getAuthorizeUrlAsync('/', undefined, {});
    } catch {
      throw new SsoLoginFailure(E.unavailable, 'This SAML connection is not configured correctly');
    }
    const request = new URL(url).searchParams.get('SAMLRequest') ?? '';
    const xml = zlib.inflateRawSync(Buffer.from(request, 'base64')).toString('utf8');
    return { url, requestId: /\sID="([^"]+)"/.exec(xml)?.[1] ?? '' };
  }

  /**
   * Validates the IdP's POST (signature, issuer, audience, expiry, InResponseTo a live request of
   * ours, spent by this use). `browserRequestId` is the request id the browser's cookie holds: when
   * it is sent, the response must answer that very request, so a response obtained by someone else
   * cannot sign this browser in; `requireBrowser` (https hubs, whose cookie crosses sites) makes it
   * mandatory.
   */
  async samlAcs(
    id: string,
    body: { SAMLResponse: string; RelayState?: string },
    browser: { requestId: string | undefined; required: boolean },
    ip: string | null,
  ): Promise<string> {
    const conn = await this.usable(id, 'saml');
    let person: SsoPerson;
    let inResponseTo: string | null;
    try {
      const { profile } = await this.saml(conn).validatePostResponseAsync({
        SAMLResponse: body.SAMLResponse,
        ...(body.RelayState ? { RelayState: body.RelayState } : {}),
      });
      if (!profile) throw new Error('no profile in the response');
      person = samlPerson(profile);
      inResponseTo =
        /<(?:\w+:)?Response\b[^>]*\sInResponseTo="([^"]+)"/.exec(profile.getSamlResponseXml?.() ?? '')?.[1] ?? null;
    } catch (err) {
      throw new SsoLoginFailure(E.failed, `The SAML response was refused: ${(err as Error).message}`);
    }
    if ((browser.requestId || browser.required) && browser.requestId !== inResponseTo)
      throw new SsoLoginFailure(E.stateMismatch, 'The SAML response answers a request this browser did not make');
    return this.resolve(conn, person, ip);
  }
}

/** One or more PEM certificates (or bare base64 bodies) pasted into one field. */
export function splitPems(text: string): string[] {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  if (blocks?.length) return blocks;
  const bare = text.replace(/\s+/g, '');
  return bare ? [bare] : [];
}

function assertPem(text: string): void {
  for (const pem of splitPems(text)) {
    try {
      new crypto.X509Certificate(
        pem.includes('BEGIN') ? pem : `-----BEGIN CERTIFICATE-----\n${pem}\n-----END CERTIFICATE-----`,
      );
    } catch {
      throw invalidConfig('The IdP certificate is not a valid PEM certificate');
    }
  }
  if (!splitPems(text).length) throw invalidConfig('Paste the IdP signing certificate (PEM)');
}
