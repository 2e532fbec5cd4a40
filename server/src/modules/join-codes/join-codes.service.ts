import crypto from 'node:crypto';
import { ErrorCode, type CreateJoinCodeBody, type JoinBody, type JoinCode } from '@advocate-hub/shared';
import type { Db, Tx } from '../../db/client.js';
import type { Outbox } from '../../platform/events.js';
import type { UnitOfWork } from '../outbox/unit-of-work.js';
import { AppError, notFound } from '../../platform/errors.js';
import { auditRepo } from '../audit/audit.repo.js';
import { membersRepo } from '../members/members.repo.js';
import { assertPasswordPolicy, hashPassword } from '../auth/passwords.js';
import { joinCodesRepo, type JoinCodeRow } from './join-codes.repo.js';

const invalid = () =>
  new AppError({ code: ErrorCode.joinCodeInvalid, status: 404, message: 'This join code is not valid' });
const expired = () =>
  new AppError({ code: ErrorCode.joinCodeExpired, status: 410, message: 'This join code has expired' });
const exhausted = () =>
  new AppError({
    code: ErrorCode.joinCodeExhausted,
    status: 409,
    message: 'This join code has been used as many times as allowed',
  });

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export function generateCode(): string {
  const bytes = crypto.randomBytes(8);
  const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

function liveProblem(row: JoinCodeRow | null): AppError | null {
  if (!row || row.disabledAt) return invalid();
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) return expired();
  if (row.maxUses !== null && row.uses >= row.maxUses) return exhausted();
  return null;
}

export class JoinCodesService {
  constructor(
    private readonly db: Db,
    private readonly publicUrl: string,
    /** Raises `member.joined` for the outbox (webhooks); without it a join only commits. */
    private readonly uow?: UnitOfWork,
  ) {}

  view(row: JoinCodeRow): JoinCode {
    return {
      id: row.id,
      code: row.code,
      label: row.label,
      maxUses: row.maxUses,
      uses: row.uses,
      expiresAt: row.expiresAt?.toISOString() ?? null,
      disabled: row.disabledAt !== null,
      createdAt: row.createdAt.toISOString(),
      joinUrl: `${this.publicUrl}/join?code=${encodeURIComponent(row.code)}`,
    };
  }

  async list(): Promise<JoinCode[]> {
    return (await joinCodesRepo.list(this.db)).map((r) => this.view(r));
  }

  async create(actorId: string, body: CreateJoinCodeBody, ip: string | null): Promise<JoinCode> {
    const row = await this.db.transaction(async (tx) => {
      const created = await joinCodesRepo.insert(tx, {
        code: (body.code ?? generateCode()).toUpperCase(),
        label: body.label,
        maxUses: body.maxUses ?? null,
        expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
        createdBy: actorId,
      });
      await auditRepo.record(tx, {
        actorId,
        action: 'join_code.created',
        targetType: 'join_code',
        targetId: created.id,
        data: { code: created.code, label: created.label, maxUses: created.maxUses, expiresAt: body.expiresAt ?? null },
        ip,
      });
      return created;
    });
    return this.view(row);
  }

  async setDisabled(actorId: string, id: string, disabled: boolean, ip: string | null): Promise<JoinCode> {
    const row = await this.db.transaction(async (tx) => {
      const updated = await joinCodesRepo.setDisabled(tx, id, disabled);
      if (!updated) throw notFound('Join code', 'join_codes.not_found');
      await auditRepo.record(tx, {
        actorId,
        action: disabled ? 'join_code.disabled' : 'join_code.enabled',
        targetType: 'join_code',
        targetId: id,
        data: { code: updated.code },
        ip,
      });
      return updated;
    });
    return this.view(row);
  }

  async lookup(code: string) {
    const row = await joinCodesRepo.findByCode(this.db, code);
    const problem = liveProblem(row);
    if (problem) throw problem;
    return { code: row!.code, label: row!.label };
  }

  /**
   * Self sign-up: takes one use of the code and creates an active, untrusted advocate in one
   * transaction, so a taken email gives the use back.
   */
  async join(body: JoinBody, ip: string | null): Promise<string> {
    assertPasswordPolicy(body.password, body.email);
    const precheck = liveProblem(await joinCodesRepo.findByCode(this.db, body.code));
    if (precheck) throw precheck;
    const passwordHash = await hashPassword(body.password);
    const work = async (tx: Tx, events?: Outbox) => {
      const code = await joinCodesRepo.claim(tx, body.code);
      if (!code) throw liveProblem(await joinCodesRepo.findByCode(tx, body.code)) ?? exhausted();
      const member = await membersRepo.insert(
        tx,
        {
          email: body.email,
          name: body.name,
          passwordHash,
          status: 'active',
          trusted: false,
          joinCodeId: code.id,
          joinedAt: new Date(),
        },
        ['advocate'],
      );
      await auditRepo.record(tx, {
        actorId: member.id,
        action: 'member.joined',
        targetType: 'member',
        targetId: member.id,
        data: { joinCode: code.code },
        ip,
      });
      events?.add('member.joined', { memberId: member.id, email: member.email, name: member.name, via: 'join_code' });
      return member.id;
    };
    return this.uow ? this.uow.run(work) : this.db.transaction((tx) => work(tx));
  }
}
