import { EmailErrorCode, ErrorCode, type ChangeEmailBody, type ResetPasswordBody } from '@advocate-hub/shared';
import type { Db } from '../../db/client.js';
import { AppError, pgErrorCode, PG_UNIQUE_VIOLATION } from '../../platform/errors.js';
import { auditRepo } from '../audit/audit.repo.js';
import { emailTaken, membersRepo } from '../members/members.repo.js';
import type { EmailService } from '../email/email.service.js';
import { templates } from '../email/email.templates.js';
import { accountTokensRepo } from './account-tokens.repo.js';
import { authRepo } from './auth.repo.js';
import { assertPasswordPolicy, hashPassword, verifyPassword } from './passwords.js';
import { hashToken, newOpaqueToken } from './tokens.js';

export interface AccountSettings {
  resetTtlMinutes: number;
  emailChangeTtlHours: number;
  /** Reset emails per account within `resetWindowSeconds`; more requests are answered alike and send nothing. */
  resetsPerWindow: number;
  resetWindowSeconds: number;
}
export const DEFAULT_ACCOUNT_SETTINGS: AccountSettings = {
  resetTtlMinutes: 30,
  emailChangeTtlHours: 24,
  resetsPerWindow: 3,
  resetWindowSeconds: 15 * 60,
};

export const FORGOT_ANSWER = {
  ok: true as const,
  message: 'If an account exists for this address, we sent it a link to choose a new password.',
};

const resetInvalid = () =>
  new AppError({
    code: EmailErrorCode.resetTokenInvalid,
    status: 400,
    message: 'This reset link is not valid any more; ask for a new one',
  });
const emailTokenInvalid = () =>
  new AppError({
    code: EmailErrorCode.emailTokenInvalid,
    status: 400,
    message: 'This confirmation link is not valid any more; change your email again from your profile',
  });

/** Account recovery and email change: single-use links sent by email. */
export class AccountService {
  constructor(
    private readonly db: Db,
    private readonly email: EmailService,
    private readonly settings: AccountSettings,
  ) {}

  /**
   * Forgot password. The caller answers at once with FORGOT_ANSWER, whether or not the account exists;
   * this work runs afterwards (see the route), so neither the answer nor its timing tells them apart.
   */
  async forgot(address: string, ip: string | null): Promise<void> {
    const member = await membersRepo.findByEmail(this.db, address);
    if (!member || member.status !== 'active') return;
    const recent = await accountTokensRepo.countRecent(
      this.db,
      member.id,
      'password_reset',
      this.settings.resetWindowSeconds,
    );
    if (recent >= this.settings.resetsPerWindow) return;
    const token = newOpaqueToken();
    const rows = await this.db.transaction(async (tx) => {
      const row = await accountTokensRepo.insert(tx, {
        memberId: member.id,
        purpose: 'password_reset',
        tokenHash: hashToken(token),
        expiresAt: new Date(Date.now() + this.settings.resetTtlMinutes * 60_000),
      });
      await auditRepo.record(tx, {
        actorId: member.id,
        action: 'password.reset_requested',
        targetType: 'member',
        targetId: member.id,
        ip,
      });
      return this.email.compose(tx, [
        {
          kind: 'password_reset',
          to: member.email,
          memberId: member.id,
          dedupeKey: `password_reset:${row.id}`,
          render: (brand) =>
            templates.passwordReset(brand, {
              name: member.name,
              url: `${this.email.publicUrl}/reset-password/${token}`,
              minutes: this.settings.resetTtlMinutes,
            }),
        },
      ]);
    });
    this.email.sendLater(rows);
  }

  /** Sets a new password from a reset link; the link is spent and every session of the member ends. */
  async reset(body: ResetPasswordBody, ip: string | null): Promise<void> {
    const tokenHash = hashToken(body.token);
    const live = await accountTokensRepo.findLive(this.db, tokenHash, 'password_reset');
    if (!live) throw resetInvalid();
    const member = await membersRepo.findById(this.db, live.memberId);
    if (!member || member.status !== 'active') throw resetInvalid();
    assertPasswordPolicy(body.password, member.email);
    const passwordHash = await hashPassword(body.password);
    await this.db.transaction(async (tx) => {
      const spent = await accountTokensRepo.spend(tx, tokenHash, 'password_reset');
      if (!spent) throw resetInvalid();
      await accountTokensRepo.spendAllOf(tx, member.id, 'password_reset');
      await membersRepo.update(tx, member.id, { passwordHash });
      await authRepo.revokeAllForMember(tx, member.id);
      await authRepo.clearFailures(tx, member.email);
      await auditRepo.record(tx, {
        actorId: member.id,
        action: 'password.reset',
        targetType: 'member',
        targetId: member.id,
        ip,
      });
    });
  }

  /** Sends a confirmation link to the new address and a notice to the old; nothing changes until it is used. */
  async requestEmailChange(memberId: string, body: ChangeEmailBody, ip: string | null): Promise<string> {
    const member = await membersRepo.findById(this.db, memberId);
    if (!member) throw new AppError({ code: ErrorCode.memberNotFound, status: 404, message: 'Member not found' });
    if (!(await verifyPassword(member.passwordHash, body.password)))
      throw new AppError({
        code: EmailErrorCode.passwordIncorrect,
        status: 400,
        message: 'Your current password is not correct',
        details: { fields: { password: 'Your current password is not correct' } },
      });
    const newEmail = body.newEmail.toLowerCase();
    if (newEmail === member.email)
      throw new AppError({
        code: EmailErrorCode.emailUnchanged,
        status: 400,
        message: 'This is already your email address',
        details: { fields: { newEmail: 'This is already your email address' } },
      });
    if (await membersRepo.findByEmail(this.db, newEmail)) throw emailTaken();
    const token = newOpaqueToken();
    const hours = this.settings.emailChangeTtlHours;
    const rows = await this.db.transaction(async (tx) => {
      await accountTokensRepo.spendAllOf(tx, memberId, 'email_change');
      const row = await accountTokensRepo.insert(tx, {
        memberId,
        purpose: 'email_change',
        tokenHash: hashToken(token),
        newEmail,
        expiresAt: new Date(Date.now() + hours * 3600_000),
      });
      await auditRepo.record(tx, {
        actorId: memberId,
        action: 'member.email_change_requested',
        targetType: 'member',
        targetId: memberId,
        data: { newEmail },
        ip,
      });
      return this.email.compose(tx, [
        {
          kind: 'email_change',
          to: newEmail,
          memberId,
          dedupeKey: `email_change:${row.id}`,
          render: (brand) =>
            templates.emailChange(brand, {
              name: member.name,
              newEmail,
              hours,
              url: `${this.email.publicUrl}/confirm-email/${token}`,
            }),
        },
        {
          kind: 'email_change_notice',
          to: member.email,
          memberId,
          dedupeKey: `email_change_notice:${row.id}`,
          render: (brand) => templates.emailChangeNotice(brand, { name: member.name, newEmail }),
        },
      ]);
    });
    this.email.sendLater(rows);
    return newEmail;
  }

  /** Confirms a new address: 409 `members.email_taken` when someone took it meanwhile (the unique index decides). */
  async confirmEmailChange(token: string, ip: string | null): Promise<string> {
    try {
      return await this.db.transaction(async (tx) => {
        const row = await accountTokensRepo.spend(tx, hashToken(token), 'email_change');
        if (!row?.newEmail) throw emailTokenInvalid();
        const member = await membersRepo.findById(tx, row.memberId);
        if (!member || member.status === 'suspended') throw emailTokenInvalid();
        await membersRepo.update(tx, row.memberId, { email: row.newEmail });
        await auditRepo.record(tx, {
          actorId: row.memberId,
          action: 'member.email_changed',
          targetType: 'member',
          targetId: row.memberId,
          data: { from: member.email, to: row.newEmail },
          ip,
        });
        return row.newEmail;
      });
    } catch (err) {
      if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) throw emailTaken();
      throw err;
    }
  }
}
