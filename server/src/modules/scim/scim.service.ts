import { SCIM_SCHEMAS, type ScimPatchBody, type ScimUserBody } from '@advocate-hub/shared';
import type { Db, Tx } from '../../db/client.js';
import { AppError } from '../../platform/errors.js';
import type { Outbox } from '../../platform/events.js';
import type { UnitOfWork } from '../outbox/unit-of-work.js';
import { auditRepo } from '../audit/audit.repo.js';
import { authRepo } from '../auth/auth.repo.js';
import { invitesRepo } from '../invites/invites.repo.js';
import { membersRepo, type MemberWithRoles } from '../members/members.repo.js';
import { scimRepo } from './scim.repo.js';
import type { ScimUserRow } from './scim.table.js';

/** SCIM's error types (RFC 7644 §3.12), carried in the AppError's code as `scim.<type>`. */
export const scimError = (status: number, scimType: string | null, detail: string) =>
  new AppError({ code: scimType ? `scim.${scimType}` : `scim.status_${status}`, status, message: detail });
const notFound = (id: string) => scimError(404, null, `User ${id} not found`);

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const MAX_COUNT = 200;

/** Who is calling: the API key (for the audit log). */
export interface ScimCaller {
  apiKeyId: string;
  apiKeyName: string;
  ip: string | null;
}

type Changes = { email?: string; name?: string; active?: boolean; externalId?: string | null };

function bool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  return undefined;
}

function splitName(name: string): { givenName: string; familyName: string } {
  const i = name.trim().indexOf(' ');
  return i < 0
    ? { givenName: name.trim(), familyName: '' }
    : { givenName: name.slice(0, i), familyName: name.slice(i + 1).trim() };
}

/** The name a SCIM User carries: formatted, else given + family, else displayName. */
function nameOf(body: { name?: ScimUserBody['name']; displayName?: string | null | undefined }): string | undefined {
  const n = body.name;
  const formatted = n?.formatted?.trim();
  if (formatted) return formatted;
  const joined = [n?.givenName?.trim(), n?.familyName?.trim()].filter(Boolean).join(' ');
  if (joined) return joined;
  return body.displayName?.trim() || undefined;
}

/** `userName eq "x"`, `externalId eq "x"`, `emails.value eq "x"`, `emails[value eq "x"]`, `id eq "x"`. */
export function parseFilter(filter: string): { attr: 'userName' | 'externalId' | 'email' | 'id'; value: string } {
  const simple =
    /^\s*(userName|externalId|id|emails\.value|emails\[type eq "work"\]\.value)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i.exec(
      filter,
    );
  const bracket = /^\s*emails\[\s*value\s+eq\s+"((?:[^"\\]|\\.)*)"\s*\]\s*$/i.exec(filter);
  const attr = simple ? simple[1]!.toLowerCase() : bracket ? 'emails.value' : null;
  const raw = simple ? simple[2]! : bracket ? bracket[1]! : null;
  if (attr === null || raw === null)
    throw scimError(
      400,
      'invalidFilter',
      'Only `userName eq "…"`, `externalId eq "…"`, `emails.value eq "…"` and `id eq "…"` filters are supported',
    );
  const value = raw.replace(/\\(.)/g, '$1');
  if (attr === 'username') return { attr: 'userName', value };
  if (attr === 'externalid') return { attr: 'externalId', value };
  if (attr === 'id') return { attr: 'id', value };
  return { attr: 'email', value };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * SCIM 2.0 Users over members, hand-written (the hub needs one resource and simple filters; scimmy's
 * resource model would own the request cycle). Deactivation suspends the member and ends its sessions.
 */
export class ScimService {
  constructor(
    private readonly db: Db,
    private readonly uow: UnitOfWork,
    private readonly baseUrl: string,
  ) {}

  resource(m: MemberWithRoles, s: ScimUserRow | null) {
    const { givenName, familyName } = splitName(m.name);
    return {
      schemas: [SCIM_SCHEMAS.user],
      id: m.id,
      ...(s?.externalId ? { externalId: s.externalId } : {}),
      userName: m.email,
      name: { formatted: m.name, givenName, familyName },
      displayName: m.name,
      emails: [{ value: m.email, type: 'work', primary: true }],
      active: m.status !== 'suspended',
      meta: {
        resourceType: 'User',
        created: (s?.createdAt ?? m.createdAt).toISOString(),
        lastModified: (s?.updatedAt ?? m.createdAt).toISOString(),
        location: `${this.baseUrl}/Users/${m.id}`,
      },
    };
  }

  private async member(tx: Db | Tx, id: string): Promise<MemberWithRoles> {
    const m = UUID.test(id) ? await membersRepo.findById(tx, id) : null;
    if (!m) throw notFound(id);
    return m;
  }

  async get(id: string) {
    const m = await this.member(this.db, id);
    return this.resource(m, await scimRepo.byMember(this.db, m.id));
  }

  async list(q: { filter?: string | undefined; startIndex?: number | undefined; count?: number | undefined }) {
    const startIndex = Math.max(1, q.startIndex ?? 1);
    const count = Math.min(MAX_COUNT, Math.max(0, q.count ?? 100));
    let found: MemberWithRoles[];
    let total: number;
    if (q.filter) {
      const f = parseFilter(q.filter);
      let all: MemberWithRoles[] = [];
      if (f.attr === 'userName' || f.attr === 'email') {
        const m = await membersRepo.findByEmail(this.db, f.value);
        all = m ? [m] : [];
      } else if (f.attr === 'id') {
        const m = UUID.test(f.value) ? await membersRepo.findById(this.db, f.value) : null;
        all = m ? [m] : [];
      } else {
        const rows = await scimRepo.byExternalId(this.db, f.value);
        all = (await Promise.all(rows.map((r) => membersRepo.findById(this.db, r.memberId)))).filter(
          (m): m is MemberWithRoles => !!m,
        );
      }
      total = all.length;
      found = all.slice(startIndex - 1, startIndex - 1 + count);
    } else {
      total = await membersRepo.count(this.db);
      found = count ? await membersRepo.page(this.db, startIndex - 1, count) : [];
    }
    const extra = await scimRepo.byMembers(
      this.db,
      found.map((m) => m.id),
    );
    return {
      schemas: [SCIM_SCHEMAS.list],
      totalResults: total,
      startIndex,
      itemsPerPage: found.length,
      Resources: found.map((m) => this.resource(m, extra.get(m.id) ?? null)),
    };
  }

  async create(body: ScimUserBody, caller: ScimCaller) {
    const email = this.emailOf(body);
    const name = nameOf(body) ?? email.slice(0, email.indexOf('@'));
    const active = bool(body.active) ?? true;
    return this.uow.run(async (tx, events) => {
      if (await membersRepo.findByEmail(tx, email))
        throw scimError(409, 'uniqueness', `A user with userName ${email} exists`);
      let m: MemberWithRoles;
      try {
        m = await membersRepo.insert(
          tx,
          {
            email,
            name: name.slice(0, 120),
            status: active ? 'active' : 'suspended',
            trusted: false,
            joinedAt: new Date(),
            ...(active ? {} : { suspendedAt: new Date(), suspendedReason: 'Deactivated by SCIM provisioning' }),
          },
          ['advocate'],
        );
      } catch (err) {
        if (err instanceof AppError && err.statusCode === 409)
          throw scimError(409, 'uniqueness', `A user with userName ${email} exists`);
        throw err;
      }
      const s = await scimRepo.upsert(tx, m.id, body.externalId ?? null);
      await auditRepo.record(tx, {
        actorId: null,
        action: 'member.joined',
        targetType: 'member',
        targetId: m.id,
        data: { via: 'scim', apiKey: caller.apiKeyName, apiKeyId: caller.apiKeyId },
        ip: caller.ip,
      });
      if (active) events.add('member.joined', { memberId: m.id, email, name: m.name, via: 'scim' });
      return this.resource(m, s);
    });
  }

  /** PUT: the whole resource as the IdP has it. */
  async replace(id: string, body: ScimUserBody, caller: ScimCaller) {
    const changes: Changes = {
      email: this.emailOf(body),
      externalId: body.externalId ?? null,
    };
    const name = nameOf(body);
    if (name) changes.name = name;
    const active = bool(body.active);
    if (active !== undefined) changes.active = active;
    return this.apply(id, changes, caller);
  }

  /** PATCH: Operations (add / replace / remove) on the attributes the hub keeps; others are ignored. */
  async patch(id: string, body: ScimPatchBody, caller: ScimCaller) {
    const changes: Changes = {};
    let given: string | undefined;
    let family: string | undefined;
    const set = (path: string, value: unknown, op: string) => {
      const p = path.toLowerCase();
      const str = typeof value === 'string' ? value : undefined;
      if (p === 'active') {
        const b = op === 'remove' ? undefined : bool(value);
        if (b === undefined) throw scimError(400, 'invalidValue', 'active must be true or false');
        changes.active = b;
      } else if (p === 'username' || p === 'emails.value' || p === 'emails[type eq "work"].value' || p === 'emails') {
        const v = p === 'emails' && Array.isArray(value) ? (value[0] as { value?: unknown } | undefined)?.value : str;
        if (op === 'remove') throw scimError(400, 'mutability', 'userName cannot be removed');
        if (typeof v !== 'string' || !EMAIL.test(v.trim()))
          throw scimError(400, 'invalidValue', 'userName must be an email address');
        changes.email = v.trim().toLowerCase();
      } else if (p === 'externalid') {
        changes.externalId = op === 'remove' ? null : (str ?? null);
      } else if (p === 'displayname' || p === 'name.formatted') {
        if (str?.trim()) changes.name = str.trim();
      } else if (p === 'name.givenname') {
        given = str?.trim() ?? '';
      } else if (p === 'name.familyname') {
        family = str?.trim() ?? '';
      } else if (p === 'name' && value && typeof value === 'object') {
        const n = nameOf({ name: value as ScimUserBody['name'] });
        if (n) changes.name = n;
      }
      // Other attributes (phone numbers, addresses, enterprise extension…) are not kept.
    };
    for (const o of body.Operations) {
      const op = o.op.toLowerCase();
      if (o.path) set(o.path, o.value, op);
      else if (o.value && typeof o.value === 'object' && !Array.isArray(o.value))
        for (const [k, v] of Object.entries(o.value as Record<string, unknown>)) set(k, v, op);
      else throw scimError(400, 'noTarget', 'An operation without a path needs an object value');
    }
    if (given !== undefined || family !== undefined) {
      const current = splitName((await this.member(this.db, id)).name);
      changes.name =
        [given ?? current.givenName, family ?? current.familyName].filter(Boolean).join(' ') || changes.name;
    }
    return this.apply(id, changes, caller);
  }

  /** DELETE: the member is deactivated (suspended), never erased: its points and history stay. */
  async deactivate(id: string, caller: ScimCaller): Promise<void> {
    await this.apply(id, { active: false }, caller);
  }

  private emailOf(body: ScimUserBody): string {
    const email = (
      EMAIL.test(body.userName)
        ? body.userName
        : (body.emails?.find((e) => e.primary)?.value ?? body.emails?.[0]?.value ?? '')
    )
      .trim()
      .toLowerCase();
    if (!EMAIL.test(email)) throw scimError(400, 'invalidValue', 'userName must be the user’s email address');
    return email;
  }

  private async apply(id: string, c: Changes, caller: ScimCaller) {
    return this.uow.run(async (tx, events) => {
      await this.member(tx, id);
      // Deactivation may not leave the program without an admin: serialised with the admin screens' checks.
      if (c.active === false) await membersRepo.lockAdminSet(tx);
      await membersRepo.lockById(tx, id);
      const m = await this.member(tx, id);
      const audit = (action: string, data: Record<string, unknown> = {}) =>
        auditRepo.record(tx, {
          actorId: null,
          action,
          targetType: 'member',
          targetId: m.id,
          data: { via: 'scim', apiKey: caller.apiKeyName, apiKeyId: caller.apiKeyId, ...data },
          ip: caller.ip,
        });
      const profile: { email?: string; name?: string } = {};
      if (c.email && c.email !== m.email) {
        const other = await membersRepo.findByEmail(tx, c.email);
        if (other && other.id !== m.id) throw scimError(409, 'uniqueness', `A user with userName ${c.email} exists`);
        profile.email = c.email;
      }
      if (c.name && c.name !== m.name) profile.name = c.name.slice(0, 120);
      if (Object.keys(profile).length) {
        await membersRepo.update(tx, m.id, profile);
        await audit('member.profile_updated', { fields: Object.keys(profile) });
      }
      if (c.active === false && m.status !== 'suspended') {
        if (
          m.roles.includes('admin') &&
          m.status === 'active' &&
          (await membersRepo.countOtherActiveAdmins(tx, m.id)) === 0
        )
          throw scimError(
            409,
            null,
            `${m.email} is the program's last active admin; make another member admin before deactivating them`,
          );
        await membersRepo.update(tx, m.id, {
          status: 'suspended',
          suspendedAt: new Date(),
          suspendedReason: 'Deactivated by SCIM provisioning',
        });
        // Every session ends at once: a deactivated user cannot keep browsing.
        await authRepo.revokeAllForMember(tx, m.id);
        await invitesRepo.revokeOpenForMember(tx, m.id);
        await audit('member.suspended', { reason: 'Deactivated by SCIM provisioning' });
      } else if (c.active === true && m.status !== 'active') {
        await membersRepo.update(tx, m.id, {
          status: 'active',
          suspendedAt: null,
          suspendedReason: null,
          ...(m.joinedAt ? {} : { joinedAt: new Date() }),
        });
        await audit('member.reactivated');
        if (m.status === 'invited') this.joined(events, m);
      }
      const s = await scimRepo.upsert(tx, m.id, c.externalId);
      const after = (await membersRepo.findById(tx, m.id))!;
      return this.resource(after, s);
    });
  }

  private joined(events: Outbox, m: MemberWithRoles) {
    events.add('member.joined', { memberId: m.id, email: m.email, name: m.name, via: 'scim' });
  }
}
