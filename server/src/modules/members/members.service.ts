import { ErrorCode, type AdminMember, type AdminMembersQuery, type Role } from '@advocate-hub/shared';
import type { Db } from '../../db/client.js';
import { AppError } from '../../platform/errors.js';
import { auditRepo } from '../audit/audit.repo.js';
import { authRepo } from '../auth/auth.repo.js';
import { invitesRepo } from '../invites/invites.repo.js';
import { membersRepo, type MemberWithRoles } from './members.repo.js';
import { toAdminMember } from './members.views.js';

const notFound = () => new AppError({ code: ErrorCode.memberNotFound, status: 404, message: 'Member not found' });
const selfLockout = (what: string) =>
  new AppError({ code: ErrorCode.selfLockout, status: 422, message: `You cannot ${what} yourself` });
const lastAdmin = () =>
  new AppError({ code: ErrorCode.lastAdmin, status: 422, message: 'The program needs at least one active admin' });

export class MembersService {
  constructor(private readonly db: Db) {}

  async list(q: AdminMembersQuery) {
    const { rows, nextCursor, total } = await membersRepo.search(this.db, q);
    return { members: rows.map(toAdminMember), nextCursor, total };
  }

  async get(id: string): Promise<AdminMember> {
    const m = await membersRepo.findById(this.db, id);
    if (!m) throw notFound();
    return toAdminMember(m);
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
    await this.db.transaction(async (tx) => {
      const m = await this.locked(tx, id);
      if (m.status === 'suspended') return;
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
    });
    return this.get(id);
  }

  async reactivate(actorId: string, id: string, reason: string | undefined, ip: string | null): Promise<AdminMember> {
    await this.db.transaction(async (tx) => {
      const m = await this.locked(tx, id);
      if (m.status !== 'suspended') return;
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
    });
    return this.get(id);
  }
}
