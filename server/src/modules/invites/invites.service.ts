import {
  BULK_INVITE_MAX,
  ErrorCode,
  InviteBody as InviteBodySchema,
  type BulkInviteBody,
  type BulkInviteResponse,
  type BulkInviteResult,
  type InviteBody,
  type Role,
} from '@advocate-hub/shared';
import type { Db, Tx } from '../../db/client.js';
import { AppError } from '../../platform/errors.js';
import { membersRepo, emailTaken } from '../members/members.repo.js';
import { auditRepo } from '../audit/audit.repo.js';
import { hashToken, newOpaqueToken } from '../auth/tokens.js';
import { assertPasswordPolicy, hashPassword } from '../auth/passwords.js';
import type { EmailService } from '../email/email.service.js';
import type { QueuedEmail } from '../email/email.queue.js';
import { templates } from '../email/email.templates.js';
import type { Outbox } from '../../platform/events.js';
import type { UnitOfWork } from '../outbox/unit-of-work.js';
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

type InviteRow = NonNullable<Awaited<ReturnType<typeof invitesRepo.findByHash>>>;
interface InviteInput {
  email: string;
  name?: string | undefined;
  roles?: Role[] | undefined;
}

const inviteExpiry = () => new Date(Date.now() + INVITE_TTL_DAYS * 24 * 3600 * 1000);
const emailField = InviteBodySchema.shape.email;
const looksLikeEmail = (v: string) => emailField.safeParse(v).success;

/**
 * Pasted lines of a bulk invite: one address per line, or several separated by commas or semicolons;
 * a line may also be `email, name` or `Name <email>`.
 */
export function parseInviteLines(text: string): { email: string; name?: string }[] {
  const out: { email: string; name?: string }[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const angled = /^(.*?)<([^<>]+)>\s*$/.exec(line);
    if (angled) {
      const name = angled[1]!.replace(/["',;]/g, '').trim();
      out.push({ email: angled[2]!.trim(), ...(name ? { name } : {}) });
      continue;
    }
    const parts = line
      .split(/[,;\t]/)
      .map((p) => p.trim())
      .filter(Boolean);
    if (parts.length > 1 && parts.every(looksLikeEmail)) parts.forEach((email) => out.push({ email }));
    else out.push({ email: parts[0] ?? line, ...(parts[1] ? { name: parts.slice(1).join(' ') } : {}) });
  }
  return out;
}

export class InvitesService {
  constructor(
    private readonly db: Db,
    private readonly publicUrl: string,
    private readonly email: EmailService,
    /** Raises `member.joined` for the outbox (webhooks); without it an acceptance only commits. */
    private readonly uow?: UnitOfWork,
  ) {}

  private view(row: InviteRow, token: string) {
    return {
      invite: { id: row.id, email: row.email, roles: row.roles as Role[], expiresAt: row.expiresAt.toISOString() },
      inviteUrl: `${this.publicUrl}/invite/${token}`,
    };
  }

  /** Queues the invite email of this round (one per invite and send) and counts the send. */
  private async queueEmail(tx: Tx, row: InviteRow, token: string, name: string | null, invitedBy: string | null) {
    const round = await invitesRepo.markSent(tx, row.id);
    return this.email.compose(tx, [
      {
        kind: 'invite',
        to: row.email,
        memberId: row.memberId,
        dedupeKey: `invite:${row.id}:${round}`,
        render: (brand) =>
          templates.invite(brand, { name, url: this.view(row, token).inviteUrl, expiresAt: row.expiresAt, invitedBy }),
      },
    ]);
  }

  private async actorName(tx: Tx, actorId: string | null): Promise<string | null> {
    if (!actorId) return null;
    return (await membersRepo.findById(tx, actorId))?.name ?? null;
  }

  /**
   * Invites one address in the caller's transaction: a new member, or one who has not accepted yet
   * (earlier links stop working). `null` when the address belongs to a member already.
   */
  private async inviteIn(tx: Tx, actorId: string | null, input: InviteInput, ip: string | null) {
    const roles: Role[] = input.roles?.length ? [...new Set(input.roles)] : ['advocate'];
    let member = await membersRepo.findByEmail(tx, input.email);
    if (member && member.status !== 'invited') return null;
    if (!member) {
      member = await membersRepo.insert(
        tx,
        { email: input.email, name: input.name ?? input.email.split('@')[0]!, status: 'invited', trusted: true },
        roles,
      );
    } else {
      await membersRepo.lockById(tx, member.id);
      if (input.name) await membersRepo.update(tx, member.id, { name: input.name });
      await membersRepo.setRoles(tx, member.id, roles);
      await invitesRepo.revokeOpenForMember(tx, member.id);
    }
    const token = newOpaqueToken();
    const row = await invitesRepo.insert(tx, {
      memberId: member.id,
      email: input.email,
      tokenHash: hashToken(token),
      roles,
      expiresAt: inviteExpiry(),
      createdBy: actorId,
    });
    await auditRepo.record(tx, {
      actorId,
      action: 'member.invited',
      targetType: 'member',
      targetId: member.id,
      data: { email: input.email, roles, inviteId: row.id },
      ip,
    });
    return { row, token, name: input.name ?? null };
  }

  /** Invites a new member, or re-invites one who has not accepted yet; emails the link unless `sendEmail: false`. */
  async invite(actorId: string, body: InviteBody, ip: string | null) {
    let queued: QueuedEmail[] = [];
    const result = await this.db.transaction(async (tx) => {
      const made = await this.inviteIn(tx, actorId, body, ip);
      if (!made) throw emailTaken();
      if (body.sendEmail !== false)
        queued = await this.queueEmail(tx, made.row, made.token, made.name, await this.actorName(tx, actorId));
      return this.view(made.row, made.token);
    });
    this.email.sendLater(queued);
    return result;
  }

  /** Many invites in one action, one email each; per row: created, skipped (a member already, a repeat) or invalid. */
  /** `actorId` null: an integration (API key with `members:write`) invites. */
  async inviteMany(actorId: string | null, body: BulkInviteBody, ip: string | null): Promise<BulkInviteResponse> {
    const rows: InviteInput[] =
      body.invites ??
      (Array.isArray(body.emails) ? body.emails.map((email) => ({ email })) : parseInviteLines(body.emails ?? ''));
    if (rows.length > BULK_INVITE_MAX)
      throw new AppError({
        code: ErrorCode.validation,
        status: 400,
        message: `At most ${BULK_INVITE_MAX} invites at once (got ${rows.length})`,
      });
    const results: BulkInviteResult[] = [];
    const queued: QueuedEmail[] = [];
    await this.db.transaction(async (tx) => {
      const invitedBy = await this.actorName(tx, actorId);
      const seen = new Set<string>();
      for (const input of rows) {
        const parsed = emailField.safeParse(input.email);
        if (!parsed.success) {
          results.push({ email: input.email, status: 'invalid', reason: 'invalid_email', outcome: 'invalid' });
          continue;
        }
        const email = parsed.data;
        if (seen.has(email)) {
          results.push({ email, status: 'skipped', reason: 'duplicate', outcome: 'already_invited' });
          continue;
        }
        seen.add(email);
        // An address whose invite still works is not invited again (resend that invite instead).
        const known = await membersRepo.findByEmail(tx, email);
        if (known?.status === 'invited' && (await invitesRepo.hasOpen(tx, known.id))) {
          results.push({ email, status: 'skipped', reason: 'already_invited', outcome: 'already_invited' });
          continue;
        }
        const made = await this.inviteIn(tx, actorId, { ...input, email, roles: input.roles ?? body.roles }, ip);
        if (!made) {
          results.push({ email, status: 'skipped', reason: 'already_member', outcome: 'already_member' });
          continue;
        }
        queued.push(...(await this.queueEmail(tx, made.row, made.token, made.name, invitedBy)));
        results.push({ email, status: 'created', inviteId: made.row.id, outcome: 'invited' });
      }
    });
    this.email.sendLater(queued);
    const count = (s: BulkInviteResult['status']) => results.filter((r) => r.status === s).length;
    return { results, created: count('created'), skipped: count('skipped'), invalid: count('invalid') };
  }

  /** A new link for an open invite, emailed again; the old link stops working. */
  async resend(actorId: string, inviteId: string, ip: string | null) {
    const token = newOpaqueToken();
    let queued: QueuedEmail[] = [];
    const result = await this.db.transaction(async (tx) => {
      const current = await invitesRepo.findById(tx, inviteId);
      if (!current || current.revokedAt) throw invalid();
      if (current.usedAt) throw used();
      const member = await membersRepo.findById(tx, current.memberId);
      if (!member || member.status !== 'invited') throw used();
      const row = await invitesRepo.rotate(tx, inviteId, hashToken(token), inviteExpiry());
      if (!row) throw used();
      queued = await this.queueEmail(tx, row, token, member.name, await this.actorName(tx, actorId));
      await auditRepo.record(tx, {
        actorId,
        action: 'member.invite_resent',
        targetType: 'member',
        targetId: member.id,
        data: { email: row.email, inviteId: row.id },
        ip,
      });
      return this.view(row, token);
    });
    this.email.sendLater(queued);
    return result;
  }

  async listOpen(q: { q?: string | undefined }) {
    const rows = await invitesRepo.listOpen(this.db, { q: q.q, limit: 500 });
    return {
      invites: rows.map((r) => ({
        id: r.id,
        email: r.email,
        roles: r.roles as Role[],
        expiresAt: r.expiresAt.toISOString(),
        createdAt: r.createdAt.toISOString(),
        lastSentAt: r.lastSentAt?.toISOString() ?? null,
        sendCount: r.sendCount,
      })),
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
    const work = async (tx: Tx, events?: Outbox) => {
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
      events?.add('member.joined', { memberId: row.memberId, email: row.email, name: body.name, via: 'invite' });
      return row.memberId;
    };
    return this.uow ? this.uow.run(work) : this.db.transaction((tx) => work(tx));
  }
}
