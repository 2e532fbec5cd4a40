import { IANAZone } from 'luxon';
import {
  ErrorCode,
  type AdminMember,
  type AdminMembersQuery,
  type Role,
  type UpdateMe,
  type UpdateMemberProfile,
} from '@advocate-hub/shared';
import { programRepo } from '../program/program.repo.js';
import type { Db, Executor } from '../../db/client.js';
import { AppError } from '../../platform/errors.js';
import { auditRepo } from '../audit/audit.repo.js';
import { authRepo } from '../auth/auth.repo.js';
import { invitesRepo } from '../invites/invites.repo.js';
import {
  membersRepo,
  PROFILE_FIELDS,
  type MemberWithRoles,
  type ProfileField,
  type ProfilePatch,
} from './members.repo.js';
import { toAdminMember } from './members.views.js';

const notFound = () => new AppError({ code: ErrorCode.memberNotFound, status: 404, message: 'Member not found' });
const selfLockout = (what: string) =>
  new AppError({ code: ErrorCode.selfLockout, status: 422, message: `You cannot ${what} yourself` });
const lastAdmin = () =>
  new AppError({ code: ErrorCode.lastAdmin, status: 422, message: 'The program needs at least one active admin' });
const invalidTimezone = (tz: string) =>
  new AppError({
    code: ErrorCode.invalidTimezone,
    status: 422,
    message: `"${tz.slice(0, 64)}" is not a known time zone; use an IANA name such as Europe/Berlin`,
    details: { fields: { timezone: 'Choose a time zone from the list' } },
  });

/** The canonical spelling of an IANA zone name (`europe/paris` → `Europe/Paris`), or null if unknown. Offsets are refused. */
export function canonicalTimeZone(tz: string): string | null {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(tz) || !IANAZone.isValidZone(tz)) return null;
  return new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

/** What every member may change about themselves, whatever the program lets them edit besides. */
const ALWAYS_EDITABLE = ['name', 'timezone', 'leaderboardVisibility'];

export class MembersService {
  constructor(private readonly db: Db) {}

  async list(q: AdminMembersQuery) {
    const { rows, nextCursor, total } = await membersRepo.search(this.db, q);
    return { members: rows.map(toAdminMember), nextCursor, total };
  }

  async get(id: string): Promise<AdminMember> {
    return this.getIn(this.db, id);
  }
  private async getIn(ex: Executor, id: string): Promise<AdminMember> {
    const m = await membersRepo.findById(ex, id);
    if (!m) throw notFound();
    return toAdminMember(m);
  }

  /**
   * Edits profile fields (the ones segments and targeting read). Only fields that actually change are
   * written, and they are recorded with their before/after values in the audit log, in one transaction.
   */
  async updateProfile(actorId: string, id: string, body: UpdateMemberProfile, ip: string | null): Promise<AdminMember> {
    const patch: ProfilePatch = {};
    for (const field of PROFILE_FIELDS) {
      if (body[field] !== undefined) Object.assign(patch, { [field]: body[field] });
    }
    if (patch.timezone) {
      const zone = canonicalTimeZone(patch.timezone);
      if (!zone) throw invalidTimezone(patch.timezone);
      patch.timezone = zone;
    }
    const member = await this.db.transaction(async (tx) => {
      await membersRepo.lockById(tx, id);
      const m = await membersRepo.findById(tx, id);
      if (!m) throw notFound();
      const changed = (Object.keys(patch) as ProfileField[]).filter((f) => !sameValue(m[f], patch[f]));
      if (changed.length === 0) return m;
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      for (const f of changed) {
        before[f] = m[f];
        after[f] = patch[f];
      }
      await membersRepo.updateProfile(tx, id, after as ProfilePatch);
      await auditRepo.record(tx, {
        actorId,
        action: 'member.profile_updated',
        targetType: 'member',
        targetId: id,
        data: { fields: changed, before, after },
        ip,
      });
      return { ...m, ...(after as ProfilePatch) };
    });
    return toAdminMember(member);
  }

  /**
   * The member's own settings (PATCH /api/me): name, time zone, how they appear on leaderboards, and
   * the profile fields the program lets members edit. A field it does not is refused as a whole
   * request (400 `members.field_not_editable`, naming the fields), so nothing half-changes.
   */
  async updateMe(memberId: string, body: UpdateMe): Promise<void> {
    const sent = (Object.keys(body) as (keyof UpdateMe)[]).filter((k) => body[k] !== undefined);
    const program = await programRepo.get(this.db);
    const allowed = new Set([...ALWAYS_EDITABLE, ...program.memberEditableFields]);
    const refused = sent.filter((k) => !allowed.has(k));
    if (refused.length)
      throw new AppError({
        code: ErrorCode.fieldNotEditable,
        status: 400,
        message: 'The program team manages some of these fields; ask them to change them',
        details: { fields: Object.fromEntries(refused.map((f) => [f, 'The program team manages this field'])) },
      });
    const { leaderboardVisibility, ...profile } = body;
    const patch: ProfilePatch = {};
    for (const field of PROFILE_FIELDS) {
      const v = (profile as Record<string, unknown>)[field];
      if (v !== undefined) Object.assign(patch, { [field]: v });
    }
    if (patch.timezone) {
      const zone = canonicalTimeZone(patch.timezone);
      if (!zone) throw invalidTimezone(patch.timezone);
      patch.timezone = zone;
    }
    await this.db.transaction(async (tx) => {
      await membersRepo.lockById(tx, memberId);
      const m = await membersRepo.findById(tx, memberId);
      if (!m) throw notFound();
      const changed = (Object.keys(patch) as ProfileField[]).filter((f) => !sameValue(m[f], patch[f]));
      await membersRepo.updateProfile(tx, memberId, Object.fromEntries(changed.map((f) => [f, patch[f]])));
      if (leaderboardVisibility && leaderboardVisibility !== m.leaderboardVisibility)
        await membersRepo.update(tx, memberId, { leaderboardVisibility });
    });
  }

  /** Puts away the home page's "how it works" explainer for good. */
  async dismissHomeIntro(memberId: string): Promise<void> {
    await membersRepo.dismissHomeIntro(this.db, memberId);
  }

  private async locked(tx: Parameters<Parameters<Db['transaction']>[0]>[0], id: string): Promise<MemberWithRoles> {
    await membersRepo.lockAdminSet(tx);
    await membersRepo.lockById(tx, id);
    const m = await membersRepo.findById(tx, id);
    if (!m) throw notFound();
    return m;
  }

  async setRoles(actorId: string, id: string, roles: Role[], ip: string | null): Promise<AdminMember> {
    const next = [...new Set(roles)].sort();
    const member = await this.db.transaction(async (tx) => {
      const m = await this.locked(tx, id);
      const losesAdmin = m.roles.includes('admin') && !next.includes('admin');
      if (losesAdmin && id === actorId) throw selfLockout('remove the admin role from');
      if (losesAdmin && m.status === 'active' && (await membersRepo.countOtherActiveAdmins(tx, id)) === 0)
        throw lastAdmin();
      await membersRepo.setRoles(tx, id, next);
      await auditRepo.record(tx, {
        actorId,
        action: 'member.roles_changed',
        targetType: 'member',
        targetId: id,
        data: { from: m.roles, to: next },
        ip,
      });
      return { ...m, roles: next };
    });
    return toAdminMember(member);
  }

  /** Suspends a member: no sign-in, every session ends now (refresh tokens revoked; access tokens refused on next use). */
  async suspend(actorId: string, id: string, reason: string, ip: string | null): Promise<AdminMember> {
    if (id === actorId) throw selfLockout('suspend');
    // The answer is read inside the transaction: nothing that can fail runs after the commit.
    return this.db.transaction(async (tx) => {
      const m = await this.locked(tx, id);
      if (m.status === 'suspended') return toAdminMember(m);
      if (
        m.roles.includes('admin') &&
        m.status === 'active' &&
        (await membersRepo.countOtherActiveAdmins(tx, id)) === 0
      )
        throw lastAdmin();
      await membersRepo.update(tx, id, { status: 'suspended', suspendedAt: new Date(), suspendedReason: reason });
      await authRepo.revokeAllForMember(tx, id);
      await invitesRepo.revokeOpenForMember(tx, id);
      await auditRepo.record(tx, {
        actorId,
        action: 'member.suspended',
        targetType: 'member',
        targetId: id,
        data: { reason, previousStatus: m.status },
        ip,
      });
      return this.getIn(tx, id);
    });
  }

  async reactivate(actorId: string, id: string, reason: string | undefined, ip: string | null): Promise<AdminMember> {
    return this.db.transaction(async (tx) => {
      const m = await this.locked(tx, id);
      if (m.status !== 'suspended') return toAdminMember(m);
      // One who never set a password goes back to "invited" and needs a fresh invite.
      const status = m.passwordHash ? 'active' : 'invited';
      await membersRepo.update(tx, id, { status, suspendedAt: null, suspendedReason: null });
      await auditRepo.record(tx, {
        actorId,
        action: 'member.reactivated',
        targetType: 'member',
        targetId: id,
        data: { reason: reason ?? null, status },
        ip,
      });
      return this.getIn(tx, id);
    });
  }
}
