import crypto from 'node:crypto';
import { ErrorCode, type MeMember } from '@advocate-hub/shared';
import { retryConflicts, type Db } from '../../db/client.js';
import { AppError } from '../../platform/errors.js';
import { membersRepo, type MemberSnapshot, type MemberWithRoles } from '../members/members.repo.js';
import { levelsRepo } from '../levels/levels.repo.js';
import type { DefinitionCache } from '../../platform/cache.js';
import { toMeMember } from '../members/members.views.js';
import { badgesRepo } from '../badges/badges.repo.js';
import { authRepo } from './auth.repo.js';
import { assertPasswordPolicy, hashPassword, verifyPassword } from './passwords.js';
import { hashToken, newOpaqueToken } from './tokens.js';

export interface AuthSettings {
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  /** Failed sign-ins per account within the window before 429. */
  maxFailures: number;
  failureWindowSeconds: number;
}

export const DEFAULT_AUTH_SETTINGS: AuthSettings = {
  accessTtlSeconds: 15 * 60,
  refreshTtlSeconds: 30 * 24 * 3600,
  maxFailures: 10,
  failureWindowSeconds: 15 * 60,
};

export interface Session {
  accessToken: string;
  refreshToken: string;
  accessExpiresIn: number;
  refreshExpiresAt: Date;
}

export interface RequestContext {
  ip: string | null;
  userAgent: string | null;
}

/** How often a member's last-seen time is written at most (touchLastSeen's own condition). */
const TOUCH_EVERY_MS = 5 * 60 * 1000;

const invalidCredentials = () =>
  new AppError({ code: ErrorCode.authInvalidCredentials, status: 401, message: 'Email or password is incorrect' });
export const suspendedError = (status = 403) =>
  new AppError({
    code: ErrorCode.authSuspended,
    status,
    message: 'This account is suspended; contact the program team',
  });
const refreshInvalid = () =>
  new AppError({ code: ErrorCode.authRefreshInvalid, status: 401, message: 'Your session has ended; sign in again' });

export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly signAccess: (payload: { sub: string; sid: string }, ttlSeconds: number) => string,
    readonly settings: AuthSettings,
    /** Program definitions (levels); without one, they are read on every call. */
    private readonly cache: DefinitionCache | null = null,
  ) {}

  /**
   * Per-account throttle of password guesses (sign-ins and password changes share it): 429 once the
   * account has too many recent failures. Returns how many there are.
   */
  private async assertNotThrottled(key: string, what: string): Promise<number> {
    const { count, oldest } = await authRepo.countRecentFailures(this.db, key, this.settings.failureWindowSeconds);
    if (count < this.settings.maxFailures) return count;
    const retryAfter = oldest
      ? Math.max(1, Math.ceil((oldest.getTime() + this.settings.failureWindowSeconds * 1000 - Date.now()) / 1000))
      : this.settings.failureWindowSeconds;
    throw new AppError({
      code: ErrorCode.authTooManyFailures,
      status: 429,
      message: `Too many ${what}; try again in ${Math.ceil(retryAfter / 60)} minute(s)`,
      headers: { 'retry-after': String(retryAfter) },
    });
  }

  /** Checks email + password with per-account failure throttling. Used by login and token. */
  async verifyCredentials(email: string, password: string, ctx: RequestContext): Promise<MemberWithRoles> {
    const key = email.toLowerCase();
    const count = await this.assertNotThrottled(key, 'failed sign-ins for this account');
    const member = await membersRepo.findByEmail(this.db, key);
    const ok = await verifyPassword(member?.passwordHash ?? null, password);
    if (!ok || !member || member.status === 'invited') {
      await authRepo.recordFailure(this.db, key, ctx.ip);
      throw invalidCredentials();
    }
    if (member.status === 'suspended') throw suspendedError();
    if (count > 0) await authRepo.clearFailures(this.db, key);
    return member;
  }

  async login(email: string, password: string, ctx: RequestContext): Promise<{ member: MeMember; session: Session }> {
    const member = await this.verifyCredentials(email, password, ctx);
    const session = await this.startSession(member.id, ctx);
    await membersRepo.touchLastSeen(this.db, member.id);
    return { member: await this.me(member.id), session };
  }

  /**
   * Signs in a member whose identity another module established (single sign-on): the same session as
   * a password sign-in. The caller has checked the member is active.
   */
  async signInVerified(memberId: string, ctx: RequestContext): Promise<Session> {
    const session = await this.startSession(memberId, ctx);
    await membersRepo.touchLastSeen(this.db, memberId);
    return session;
  }

  /**
   * Bearer token for API clients: no refresh token, no cookie. It still belongs to a session of its
   * own (a family whose refresh token is never handed out), so suspension ends it at once too.
   */
  async token(email: string, password: string, ctx: RequestContext) {
    const member = await this.verifyCredentials(email, password, ctx);
    const sid = crypto.randomUUID();
    await authRepo.insertRefreshToken(this.db, {
      memberId: member.id,
      familyId: sid,
      tokenHash: hashToken(newOpaqueToken()),
      expiresAt: new Date(Date.now() + this.settings.accessTtlSeconds * 1000),
      userAgent: ctx.userAgent?.slice(0, 300) ?? null,
    });
    return {
      accessToken: this.signAccess({ sub: member.id, sid }, this.settings.accessTtlSeconds),
      expiresIn: this.settings.accessTtlSeconds,
    };
  }

  /** Issues an access token and a new refresh-token family. */
  async startSession(memberId: string, ctx: RequestContext, familyId: string = crypto.randomUUID()): Promise<Session> {
    const refreshToken = newOpaqueToken();
    const refreshExpiresAt = new Date(Date.now() + this.settings.refreshTtlSeconds * 1000);
    await authRepo.insertRefreshToken(this.db, {
      memberId,
      familyId,
      tokenHash: hashToken(refreshToken),
      expiresAt: refreshExpiresAt,
      userAgent: ctx.userAgent?.slice(0, 300) ?? null,
    });
    return {
      accessToken: this.signAccess({ sub: memberId, sid: familyId }, this.settings.accessTtlSeconds),
      refreshToken,
      accessExpiresIn: this.settings.accessTtlSeconds,
      refreshExpiresAt,
    };
  }

  /**
   * Rotates a refresh token. A token is good once: presenting a spent one means it was copied, so the
   * whole family is revoked and every holder must sign in again.
   */
  async refresh(
    refreshToken: string | undefined,
    ctx: RequestContext,
  ): Promise<{ member: MeMember; session: Session }> {
    if (!refreshToken || refreshToken.length > 200) throw refreshInvalid();
    const tokenHash = hashToken(refreshToken);
    // Parallel refreshes of one token queue on a lock of their own (no row locks taken in different
    // orders); a deadlock victim of any other path runs again and then finds the token spent.
    const result = await retryConflicts(() =>
      this.db.transaction(async (tx) => {
        await authRepo.lockToken(tx, tokenHash);
        const r = await authRepo.spendRefreshToken(tx, tokenHash);
        if (!r.spent) {
          if (r.token && r.token.usedAt && !r.token.revokedAt) {
            await authRepo.revokeFamily(tx, r.token.familyId);
            return { reused: true as const };
          }
          return { invalid: true as const };
        }
        const member = await membersRepo.findById(tx, r.token.memberId);
        if (!member || member.status !== 'active') {
          await authRepo.revokeFamily(tx, r.token.familyId);
          return { suspended: true as const };
        }
        return { token: r.token };
      }),
    );
    if ('reused' in result)
      throw new AppError({
        code: ErrorCode.authRefreshReused,
        status: 401,
        message: 'This session was used from somewhere else and has been ended; sign in again',
      });
    if ('invalid' in result) throw refreshInvalid();
    if ('suspended' in result) throw suspendedError(401);
    const session = await this.startSession(result.token.memberId, ctx, result.token.familyId);
    return { member: await this.me(result.token.memberId), session };
  }

  /** Ends the session named by the refresh token and the one of the access token: both stop working at once. */
  async logout(refreshToken: string | undefined, sessionId: string | null): Promise<void> {
    if (refreshToken && refreshToken.length <= 200) {
      const row = await authRepo.revokeByHash(this.db, hashToken(refreshToken));
      if (row) await authRepo.revokeFamily(this.db, row.familyId);
    }
    if (sessionId) await authRepo.revokeFamily(this.db, sessionId);
  }

  /**
   * Changes the signed-in member's password. The current one must be right: a wrong one is 400
   * `auth.wrong_password` and counts as a failed sign-in of the account (the same throttle as login,
   * 429 once too many). On success every other session ends; this one stays signed in.
   */
  async changePassword(
    memberId: string,
    sessionId: string | null,
    current: string,
    next: string,
    ctx: RequestContext,
  ): Promise<{ sessionsEnded: number }> {
    const member = await membersRepo.findById(this.db, memberId);
    if (!member) throw new AppError({ code: ErrorCode.memberNotFound, status: 404, message: 'Member not found' });
    const key = member.email;
    const count = await this.assertNotThrottled(key, 'wrong passwords');
    if (!(await verifyPassword(member.passwordHash, current))) {
      await authRepo.recordFailure(this.db, key, ctx.ip);
      throw new AppError({
        code: ErrorCode.wrongPassword,
        status: 400,
        message: 'Your current password is not right',
        details: { fields: { currentPassword: 'This is not your current password' } },
      });
    }
    assertPasswordPolicy(next, member.email, 'newPassword');
    const passwordHash = await hashPassword(next);
    const ended = await this.db.transaction(async (tx) => {
      await membersRepo.lockById(tx, memberId);
      await membersRepo.update(tx, memberId, { passwordHash });
      return authRepo.revokeOtherFamilies(tx, memberId, sessionId);
    });
    if (count > 0) await authRepo.clearFailures(this.db, key);
    return { sessionsEnded: ended };
  }

  /**
   * Records that the member was seen (at most one write per member every 5 minutes). `known`, the
   * row this request read, skips the statement when it shows the member seen less than 5 minutes ago.
   */
  async touch(memberId: string, known?: Pick<MemberWithRoles, 'lastSeenAt'> | null): Promise<void> {
    if (known?.lastSeenAt && Date.now() - known.lastSeenAt.getTime() < TOUCH_EVERY_MS) return;
    await membersRepo.touchLastSeen(this.db, memberId);
  }

  /** The member as GET /api/me shows it; `known` is its row as this request already read it. */
  async me(memberId: string, known?: MemberSnapshot | null): Promise<MeMember> {
    const [member, levels, badges] = await Promise.all([
      known && known.id === memberId ? known : membersRepo.findById(this.db, memberId),
      this.cache ? levelsRepo.cached(this.db, this.cache) : levelsRepo.list(this.db),
      badgesRepo.ofMember(this.db, memberId),
    ]);
    if (!member) throw new AppError({ code: ErrorCode.memberNotFound, status: 404, message: 'Member not found' });
    return {
      ...toMeMember(member, levels),
      badges: badges.map((b) => ({
        id: b.id,
        name: b.name,
        icon: b.icon,
        art: b.art ?? null,
        imageUrl: b.imageUrl ?? null,
        grantedAt: b.grantedAt.toISOString(),
      })),
    };
  }
}
