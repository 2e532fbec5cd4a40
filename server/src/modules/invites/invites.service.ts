import { ErrorCode, type InviteBody, type Role } from '@advocate-hub/shared';
import type { Db } from '../../db/client.js';
import { AppError } from '../../platform/errors.js';
import { membersRepo, emailTaken } from '../members/members.repo.js';
import { auditRepo } from '../audit/audit.repo.js';
import { hashToken, newOpaqueToken } from '../auth/tokens.js';
import { assertPasswordPolicy, hashPassword } from '../auth/passwords.js';
import { invitesRepo } from './invites.repo.js';

export const INVITE_TTL_DAYS = 14;

const invalid = () =>
  new AppError({ code: ErrorCode.inviteInvalid, status: 404, message: 'This invite link is not valid' });
const expired = () =>
  new AppError({
    code: ErrorCode.inviteExpired,
    status: 410,
    message: 'This invite has expired; ask the program team for a new one',
  });
const used = () =>
  new AppError({
    code: ErrorCode.inviteUsed,
    status: 410,
    message: 'This invite has already been used; sign in instead',
  });

export class InvitesService {
  constructor(
    private readonly db: Db,
    private readonly publicUrl: string,
  ) {}

  /** Invites a new member, or re-invites one who has not accepted yet (earlier links stop working). */
  async invite(actorId: string, body: InviteBody, ip: string | null) {
    const token = newOpaqueToken();
    const roles: Role[] = body.roles?.length ? [...new Set(body.roles)] : ['advocate'];
    const invite = await this.db.transaction(async (tx) => {
      let member = await membersRepo.findByEmail(tx, body.email);
      if (member && member.status !== 'invited') throw emailTaken();
      if (!member) {
        member = await membersRepo.insert(
          tx,
          { email: body.email, name: body.name ?? body.email.split('@')[0]!, status: 'invited', trusted: true },
          roles,
        );
      } else {
        await membersRepo.lockById(tx, member.id);
        if (body.name) await membersRepo.update(tx, member.id, { name: body.name });
        await membersRepo.setRoles(tx, member.id, roles);
        await invitesRepo.revokeOpenForMember(tx, member.id);
      }
      const row = await invitesRepo.insert(tx, {
        memberId: member.id,
        email: body.email,
        tokenHash: hashToken(token),
        roles,
        expiresAt: new Date(Date.now() + INVITE_TTL_DAYS * 24 * 3600 * 1000),
        createdBy: actorId,
      });
      await auditRepo.record(tx, {
        actorId,
        action: 'member.invited',
        targetType: 'member',
        targetId: member.id,
        data: { email: body.email, roles, inviteId: row.id },
        ip,
      });
      return row;
    });
    return {
      invite: {
        id: invite.id,
        email: invite.email,
        roles: invite.roles as Role[],
        expiresAt: invite.expiresAt.toISOString(),
      },
      inviteUrl: `${this.publicUrl}/invite/${token}`,
    };
  }

  private async liveInvite(token: string) {
    const row = await invitesRepo.findByHash(this.db, hashToken(token));
    if (!row || row.revokedAt) throw invalid();
    if (row.usedAt) throw used();
    if (row.expiresAt.getTime() <= Date.now()) throw expired();
    return row;
  }

  async lookup(token: string) {
    const row = await this.liveInvite(token);
    const member = await membersRepo.findById(this.db, row.memberId);
    if (!member || member.status !== 'invited') throw invalid();
    return { email: row.email, name: member.name, expiresAt: row.expiresAt.toISOString() };
  }

  /** Accepts an invite: sets name and password, activates the member. Returns the member id. */
  async accept(body: { token: string; name: string; password: string }, ip: string | null): Promise<string> {
    const row = await this.liveInvite(body.token);
    assertPasswordPolicy(body.password, row.email);
    const passwordHash = await hashPassword(body.password);
    return this.db.transaction(async (tx) => {
      const spent = await invitesRepo.spend(tx, row.id);
      if (!spent) throw used();
      const ok = await membersRepo.activateInvited(tx, row.memberId, {
        name: body.name,
        passwordHash,
        trusted: true,
        joinedAt: new Date(),
      });
      if (!ok) throw invalid();
      await membersRepo.setRoles(tx, row.memberId, row.roles as Role[]);
      await auditRepo.record(tx, {
        actorId: row.memberId,
        action: 'invite.accepted',
        targetType: 'member',
        targetId: row.memberId,
        data: { inviteId: row.id },
        ip,
      });
      return row.memberId;
    });
  }
}
