import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Provider from 'oidc-provider';
import { generate } from 'selfsigned';
import { SignedXml } from 'xml-crypto';
import { eq, members, ssoConnections, ssoIdentities } from '../../server/src/db/kit.js';
import {
  cookieHeader,
  cookiesOf,
  createMember,
  createTestApp,
  signedIn,
  uniqueEmail,
  type TestApp,
} from './helpers.js';

const HUB = 'http://hub.test';
let t: TestApp;
let admin: Awaited<ReturnType<typeof signedIn>>;

// ── A real OpenID provider (oidc-provider), in-process on a free port ──────────────────────────────
interface Account {
  email: string;
  email_verified?: boolean;
  name: string;
}
const accounts = new Map<string, Account>();
let idp: http.Server;
let issuer: string;
let oidcId: string;

async function createConnection(body: Record<string, unknown>) {
  const res = await admin.as({ method: 'POST', url: '/api/admin/sso/connections', payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().connection as { id: string; urls: Record<string, string | null>; hasSecret: boolean };
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await signedIn(t, { roles: ['admin'], name: 'Ada Admin' });
  idp = http.createServer();
  await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
  issuer = `http://localhost:${(idp.address() as AddressInfo).port}`;
  const conn = await createConnection({
    kind: 'oidc',
    name: 'Test IdP',
    issuer,
    clientId: 'hub',
    clientSecret: 'hub-client-secret',
    autoProvision: true,
  });
  oidcId = conn.id;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'hub',
        client_secret: 'hub-client-secret',
        redirect_uris: [conn.urls.callback],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    claims: { email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['a-test-cookie-key'] },
    findAccount: async (_ctx: unknown, id: string) => {
      const a = accounts.get(id);
      if (!a) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...a }) };
    },
  });
  idp.on('request', provider.callback());
});
afterAll(async () => {
  await t.close();
  idp.closeAllConnections();
  await new Promise((r) => idp.close(r));
});

/** Browser-like cookie jar for the IdP (the hub's cookies go through app.inject). */
function jarFrom(res: Response, jar: Map<string, string>) {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const i = pair!.indexOf('=');
    jar.set(pair!.slice(0, i), pair!.slice(i + 1));
  }
}
const idpCookies = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

/**
 * Signs `login` in through the hub's OIDC flow with plain HTTP: the hub's start, the IdP's
 * login and consent forms, back to the hub's callback. Returns the hub's last answer and cookies.
 */
async function oidcSignIn(login: string, opts: { tamperState?: boolean; dropFlowCookie?: boolean } = {}) {
  const start = await t.app.inject({ method: 'GET', url: `/api/auth/sso/${oidcId}/start` });
  expect(start.statusCode).toBe(302);
  const hubJar = cookiesOf(start);
  let location = String(start.headers.location);
  expect(location.startsWith(issuer)).toBe(true);
  const jar = new Map<string, string>();
  for (let hops = 0; hops < 20; hops++) {
    if (location.startsWith(HUB)) break;
    let res = await fetch(location, { redirect: 'manual', headers: { cookie: idpCookies(jar) } });
    jarFrom(res, jar);
    if (res.status === 200) {
      const html = await res.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)![1]!;
      const form = new URLSearchParams();
      for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) form.set(m[1]!, m[2]!);
      if (html.includes('name="login"')) {
        form.set('login', login);
        form.set('password', 'whatever');
      }
      res = await fetch(new URL(action, issuer), {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: idpCookies(jar), 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
      jarFrom(res, jar);
    }
    expect([302, 303]).toContain(res.status);
    location = new URL(res.headers.get('location')!, location).href;
  }
  expect(location.startsWith(`${HUB}/api/auth/sso/${oidcId}/callback`)).toBe(true);
  let path = location.slice(HUB.length);
  if (opts.tamperState) path = path.replace(/state=[^&]+/, 'state=forged');
  const callback = await t.app.inject({
    method: 'GET',
    url: path,
    headers: { cookie: opts.dropFlowCookie ? '' : cookieHeader(hubJar) },
  });
  return { res: callback, cookies: cookiesOf(callback) };
}

async function me(cookies: Record<string, string>) {
  return t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: cookieHeader(cookies) } });
}

describe('OpenID Connect sign-in through a real provider', () => {
  it('the admin API never sends the client secret back, and the login page lists enabled connections', async () => {
    const list = await admin.as({ method: 'GET', url: '/api/admin/sso/connections' });
    const c = list.json().connections.find((x: { id: string }) => x.id === oidcId);
    expect(c.hasSecret).toBe(true);
    expect(JSON.stringify(list.json())).not.toContain('hub-client-secret');
    // Sealed at rest too (the sign-ins below prove the hub still reads it).
    const [row] = await t.database.db.select().from(ssoConnections).where(eq(ssoConnections.id, oidcId));
    expect(row!.clientSecret).toMatch(/^v1:/);
    expect(row!.clientSecret).not.toContain('hub-client-secret');
    expect(list.json().scimBaseUrl).toBe(`${HUB}/scim/v2`);
    const pub = await t.app.inject({ method: 'GET', url: '/api/auth/sso' });
    expect(pub.json().connections).toContainEqual({ id: oidcId, name: 'Test IdP', kind: 'oidc' });
  });

  it('an unknown person is provisioned on first sign-in (auto-provision on) and the session works on /api/me', async () => {
    const email = uniqueEmail('oidc-new');
    accounts.set('new-person', { email, email_verified: true, name: 'Nia New' });
    const joined: unknown[] = [];
    t.app.bus.on('member.joined', (p) => {
      if (p.email === email) joined.push(p);
    });
    const { res, cookies } = await oidcSignIn('new-person');
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/');
    const who = await me(cookies);
    expect(who.statusCode).toBe(200);
    expect(who.json()).toMatchObject({ email, name: 'Nia New', roles: ['advocate'] });
    const [row] = await t.database.db.select().from(members).where(eq(members.email, email));
    expect(row!.status).toBe('active');
    const links = await t.database.db.select().from(ssoIdentities).where(eq(ssoIdentities.memberId, row!.id));
    expect(links.map((l) => l.subject)).toEqual(['new-person']);
    await expect.poll(() => joined).toEqual([{ memberId: row!.id, email, name: 'Nia New', via: 'sso' }]);
    // A second sign-in finds the same member by its linked subject.
    const again = await oidcSignIn('new-person');
    expect((await me(again.cookies)).json().id).toBe(row!.id);
  });

  it('an existing member is linked by email and keeps its account', async () => {
    const m = await createMember(t.database, { name: 'Lin Existing' });
    accounts.set('existing-sub', { email: m.email, email_verified: true, name: 'Lin at the IdP' });
    const { cookies } = await oidcSignIn('existing-sub');
    const who = await me(cookies);
    expect(who.json().id).toBe(m.id);
    const links = await t.database.db.select().from(ssoIdentities).where(eq(ssoIdentities.memberId, m.id));
    expect(links).toHaveLength(1);
  });

  it('with auto-provision off, an unknown person is sent back to the login page with a reason', async () => {
    const off = await admin.as({
      method: 'PATCH',
      url: `/api/admin/sso/connections/${oidcId}`,
      payload: { autoProvision: false },
    });
    expect(off.statusCode).toBe(200);
    const email = uniqueEmail('oidc-stranger');
    accounts.set('stranger', { email, email_verified: true, name: 'Stan Stranger' });
    const { res, cookies } = await oidcSignIn('stranger');
    expect(res.headers.location).toBe('/login?error=sso.not_provisioned');
    expect(cookies.ah_at).toBeUndefined();
    expect(await t.database.db.select().from(members).where(eq(members.email, email))).toHaveLength(0);
    await admin.as({ method: 'PATCH', url: `/api/admin/sso/connections/${oidcId}`, payload: { autoProvision: true } });
  });

  it('a suspended member is refused', async () => {
    const m = await createMember(t.database, { status: 'suspended' });
    accounts.set('suspended-sub', { email: m.email, email_verified: true, name: 'Sue Spended' });
    const { res, cookies } = await oidcSignIn('suspended-sub');
    expect(res.headers.location).toBe('/login?error=sso.suspended');
    expect(cookies.ah_at).toBeUndefined();
  });

  it('an email the IdP has not verified is refused', async () => {
    accounts.set('unverified', { email: uniqueEmail('unverified'), email_verified: false, name: 'Una' });
    const { res } = await oidcSignIn('unverified');
    expect(res.headers.location).toBe('/login?error=sso.email_unverified');
  });

  it('a callback whose state does not match the flow cookie is refused (also without the cookie)', async () => {
    accounts.set('state-victim', { email: uniqueEmail('state'), email_verified: true, name: 'Sam State' });
    const forged = await oidcSignIn('state-victim', { tamperState: true });
    expect(forged.res.headers.location).toBe('/login?error=sso.state_mismatch');
    expect(forged.cookies.ah_at).toBeUndefined();
    const noCookie = await oidcSignIn('state-victim', { dropFlowCookie: true });
    expect(noCookie.res.headers.location).toBe('/login?error=sso.state_mismatch');
  });

  it('an IdP that cannot be discovered gives a clear error, never a crash', async () => {
    const broken = await createConnection({
      kind: 'oidc',
      name: 'Nowhere',
      issuer: 'http://127.0.0.1:9/',
      clientId: 'x',
    });
    const res = await t.app.inject({ method: 'GET', url: `/api/auth/sso/${broken.id}/start` });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/login?error=sso.unavailable');
    // A disabled connection is no longer offered, and its start refuses the same way.
    await admin.as({ method: 'PATCH', url: `/api/admin/sso/connections/${broken.id}`, payload: { enabled: false } });
    const pub = (await t.app.inject({ method: 'GET', url: '/api/auth/sso' })).json();
    expect(pub.connections.map((c: { id: string }) => c.id)).not.toContain(broken.id);
    const del = await admin.as({ method: 'DELETE', url: `/api/admin/sso/connections/${broken.id}` });
    expect(del.statusCode).toBe(200);
  });

  it('the field of another kind is refused on update, and every admin change is audited', async () => {
    const res = await admin.as({
      method: 'PATCH',
      url: `/api/admin/sso/connections/${oidcId}`,
      payload: { entryPoint: 'https://idp.example/sso' },
    });
    expect(res.statusCode).toBe(400);
    const audit = await admin.as({ method: 'GET', url: `/api/admin/audit?targetId=${oidcId}` });
    const actions = audit.json().entries.map((e: { action: string }) => e.action);
    expect(actions).toContain('sso_connection.created');
    expect(actions).toContain('sso_connection.updated');
    expect(JSON.stringify(audit.json())).not.toContain('hub-client-secret');
  });
});

// ── SAML: an IdP signing with a key made here ──────────────────────────────────────────────────────
describe('SAML sign-in', () => {
  const IDP_ENTITY = 'https://idp.example.test/saml';
  let key: string;
  let cert: string;
  let otherKey: string;
  let samlId: string;
  let sp: Record<string, string | null>;

  beforeAll(async () => {
    const pems = await generate([{ name: 'commonName', value: 'idp.example.test' }], { keySize: 2048 });
    key = pems.private;
    cert = pems.cert;
    otherKey = (await generate([{ name: 'commonName', value: 'evil.example.test' }], { keySize: 2048 })).private;
    const conn = await createConnection({
      kind: 'saml',
      name: 'Corporate SAML',
      entryPoint: 'https://idp.example.test/sso',
      idpCert: cert,
      idpEntityId: IDP_ENTITY,
      autoProvision: true,
    });
    samlId = conn.id;
    sp = conn.urls;
  });

  /** The AuthnRequest id the hub sent (HTTP-Redirect: deflated, base64), and the browser's cookie naming it. */
  async function startRequest(app = t.app): Promise<{ id: string; cookie: string }> {
    const res = await app.inject({ method: 'GET', url: `/api/auth/saml/${samlId}/start` });
    expect(res.statusCode).toBe(302);
    const loc = new URL(String(res.headers.location));
    expect(loc.origin + loc.pathname).toBe('https://idp.example.test/sso');
    expect(loc.searchParams.get('RelayState')).toBeTruthy();
    const xml = zlib.inflateRawSync(Buffer.from(loc.searchParams.get('SAMLRequest')!, 'base64')).toString('utf8');
    const id = /ID="([^"]+)"/.exec(xml)![1]!;
    const cookie = res.cookies.find((c) => c.name === 'ah_saml')!;
    expect(cookie.value).toBe(id);
    return { id, cookie: `ah_saml=${cookie.value}` };
  }
  const startRequestId = async () => (await startRequest()).id;

  function response(o: {
    inResponseTo: string;
    email: string;
    name?: string;
    issuedAt?: Date;
    notOnOrAfter?: Date;
    audience?: string;
    signWith?: string;
    to?: Record<string, string | null>;
  }): string {
    const urls = o.to ?? sp;
    const now = o.issuedAt ?? new Date();
    const end = o.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000);
    const iso = (d: Date) => d.toISOString();
    const id = () => `_${crypto.randomBytes(16).toString('hex')}`;
    const xml =
      `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${id()}" Version="2.0" IssueInstant="${iso(now)}" Destination="${urls.acs}" InResponseTo="${o.inResponseTo}">` +
      `<saml:Issuer>${IDP_ENTITY}</saml:Issuer>` +
      `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
      `<saml:Assertion ID="${id()}" Version="2.0" IssueInstant="${iso(now)}">` +
      `<saml:Issuer>${IDP_ENTITY}</saml:Issuer>` +
      `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">sub-${o.email}</saml:NameID>` +
      `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData InResponseTo="${o.inResponseTo}" NotOnOrAfter="${iso(end)}" Recipient="${urls.acs}"/></saml:SubjectConfirmation></saml:Subject>` +
      `<saml:Conditions NotBefore="${iso(new Date(now.getTime() - 60_000))}" NotOnOrAfter="${iso(end)}"><saml:AudienceRestriction><saml:Audience>${o.audience ?? urls.entityId}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
      `<saml:AuthnStatement AuthnInstant="${iso(now)}" SessionIndex="${id()}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
      `<saml:AttributeStatement>` +
      `<saml:Attribute Name="email"><saml:AttributeValue>${o.email}</saml:AttributeValue></saml:Attribute>` +
      `<saml:Attribute Name="displayName"><saml:AttributeValue>${o.name ?? 'Sam L'}</saml:AttributeValue></saml:Attribute>` +
      `</saml:AttributeStatement></saml:Assertion></samlp:Response>`;
    const sig = new SignedXml({
      privateKey: o.signWith ?? key,
      canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
      signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    });
    sig.addReference({
      xpath: "//*[local-name(.)='Assertion']",
      digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
      transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    });
    sig.computeSignature(xml, {
      location: { reference: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: 'after' },
    });
    return sig.getSignedXml();
  }

  /** The IdP's auto-submitted form, from another site (with the browser's cookie, when it has one). */
  function post(xml: string, cookie?: string, app = t.app) {
    return app.inject({
      method: 'POST',
      url: `/api/auth/saml/${samlId}/acs`,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://idp.example.test',
        'sec-fetch-site': 'cross-site',
        ...(cookie ? { cookie } : {}),
      },
      payload: new URLSearchParams({ SAMLResponse: Buffer.from(xml).toString('base64'), RelayState: '/' }).toString(),
    });
  }

  it('publishes SP metadata naming the ACS and the entity id', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/auth/saml/${samlId}/metadata` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('xml');
    expect(res.body).toContain(`entityID="${sp.entityId}"`);
    expect(res.body).toContain(`Location="${sp.acs}"`);
  });

  it('a signed response to our request signs the person in (provisioned), posted cross-site to the ACS', async () => {
    const email = uniqueEmail('saml');
    const res = await post(response({ inResponseTo: await startRequestId(), email, name: 'Sasha Saml' }));
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/');
    const who = await me(cookiesOf(res));
    expect(who.statusCode).toBe(200);
    expect(who.json()).toMatchObject({ email, name: 'Sasha Saml' });
  });

  it('a tampered response is refused', async () => {
    const email = uniqueEmail('saml-tamper');
    const signed = response({ inResponseTo: await startRequestId(), email });
    const tampered = signed.replace(`<saml:AttributeValue>${email}`, `<saml:AttributeValue>${admin.member.email}`);
    expect(tampered).not.toBe(signed);
    const res = await post(tampered);
    expect(res.headers.location).toBe('/login?error=sso.failed');
    expect(cookiesOf(res).ah_at).toBeUndefined();
  });

  it('a response signed with another key is refused', async () => {
    const res = await post(
      response({ inResponseTo: await startRequestId(), email: admin.member.email, signWith: otherKey }),
    );
    expect(res.headers.location).toBe('/login?error=sso.failed');
    expect(cookiesOf(res).ah_at).toBeUndefined();
  });

  it('a response for another audience is refused', async () => {
    const res = await post(
      response({ inResponseTo: await startRequestId(), email: uniqueEmail('aud'), audience: 'https://other-sp' }),
    );
    expect(res.headers.location).toBe('/login?error=sso.failed');
  });

  it('an expired assertion is refused, and a used response cannot be replayed', async () => {
    const old = new Date(Date.now() - 20 * 60_000);
    const expired = response({
      inResponseTo: await startRequestId(),
      email: uniqueEmail('expired'),
      issuedAt: old,
      notOnOrAfter: new Date(old.getTime() + 5 * 60_000),
    });
    expect((await post(expired)).headers.location).toBe('/login?error=sso.failed');

    const fresh = response({ inResponseTo: await startRequestId(), email: uniqueEmail('replay') });
    expect((await post(fresh)).headers.location).toBe('/');
    const replay = await post(fresh);
    expect(replay.headers.location).toBe('/login?error=sso.failed');
    expect(cookiesOf(replay).ah_at).toBeUndefined();
  });

  it('a response to another request than the one this browser started is refused (login CSRF)', async () => {
    const mine = await startRequest();
    const theirs = await startRequest();
    const res = await post(response({ inResponseTo: theirs.id, email: uniqueEmail('csrf') }), mine.cookie);
    expect(res.headers.location).toBe('/login?error=sso.state_mismatch');
    expect(cookiesOf(res).ah_at).toBeUndefined();
    const ok = await post(response({ inResponseTo: mine.id, email: uniqueEmail('own') }), mine.cookie);
    expect(ok.headers.location).toBe('/');
  });

  it('on an https hub the request cookie crosses sites (SameSite=None) and is required', async () => {
    const secure = await createTestApp({}, { PUBLIC_URL: 'https://hub.test' });
    try {
      const to = (
        await secure.app.inject({
          method: 'GET',
          url: '/api/admin/sso/connections',
          headers: { cookie: cookieHeader(admin.jar) },
        })
      )
        .json()
        .connections.find((c: { id: string }) => c.id === samlId).urls;
      expect(to.acs).toBe(`https://hub.test/api/auth/saml/${samlId}/acs`);
      const start = await secure.app.inject({ method: 'GET', url: `/api/auth/saml/${samlId}/start` });
      expect(start.cookies.find((c) => c.name === 'ah_saml')).toMatchObject({ sameSite: 'None', secure: true });
      const { id, cookie } = await startRequest(secure.app);
      const withoutCookie = await post(
        response({ inResponseTo: id, email: uniqueEmail('nocookie'), to }),
        undefined,
        secure.app,
      );
      expect(withoutCookie.headers.location).toBe('/login?error=sso.state_mismatch');
      const again = await startRequest(secure.app);
      const withCookie = await post(
        response({ inResponseTo: again.id, email: uniqueEmail('https'), to }),
        again.cookie,
        secure.app,
      );
      expect(withCookie.headers.location).toBe('/');
      expect(cookie).toContain(id);
    } finally {
      await secure.close();
    }
  });

  it('a response to no request of ours (unsolicited) is refused', async () => {
    const res = await post(response({ inResponseTo: '_never-sent', email: uniqueEmail('unsolicited') }));
    expect(res.headers.location).toBe('/login?error=sso.failed');
  });
});
