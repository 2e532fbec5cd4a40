import crypto from 'node:crypto';
import {
  IntegrationErrorCode as E,
  type EventBody,
  type IntegrationEvent,
  type IntegrationEventType,
} from '@advocate-hub/shared';
import type { Db, Tx } from '../../db/client.js';
import { AppError } from '../../platform/errors.js';
import type { UnitOfWork } from '../outbox/unit-of-work.js';
import type { CompletionsService, PreparedSubmission } from '../completions/completions.service.js';
import type { LedgerService } from '../ledger/ledger.service.js';
import { membersRepo, type MemberWithRoles } from '../members/members.repo.js';
import { eventsRepo } from './events.repo.js';
import type { IntegrationEventRow } from './events.table.js';
import { Outbox } from '../../platform/events.js';

/** Who sends an event: an integration's API key, or an admin's CSV import. */
export interface EventCaller {
  source: 'api' | 'import';
  /** The API key's id, or `import`: idempotency keys are unique within one scope. */
  keyScope: string;
  apiKeyId: string | null;
  apiKeyName: string | null;
  /** The admin who imported (null for API calls). */
  createdBy: string | null;
}

export interface EventOutcome {
  replay: boolean;
  event: IntegrationEvent;
}

/** The canonical request an idempotency key stands for. */
export function requestHash(body: EventBody): string {
  const canonical = JSON.stringify([
    body.type,
    body.email.toLowerCase(),
    body.points ?? null,
    body.challengeId ?? null,
    body.stageId ?? null,
    body.reason,
  ]);
  return crypto.createHash('sha256').update(canonical).digest('hex');
}

export const memberNotFound = (email: string) =>
  new AppError({ code: E.memberNotFound, status: 404, message: `No member has the email ${email}` });
export const memberSuspended = () =>
  new AppError({ code: E.memberSuspended, status: 422, message: 'This member is suspended' });
const conflict = () =>
  new AppError({
    code: E.idempotencyConflict,
    status: 409,
    message: 'This Idempotency-Key was already used for a different event',
  });

/** Raised inside the transaction when another request holds the key: the transaction ends, the first answer is replayed. */
class Replay {
  constructor(readonly row: IntegrationEventRow) {}
}

/**
 * Events from other systems: points awarded and stages completed on a member's behalf, each applied
 * exactly once per idempotency key. One transaction per event: the key is claimed first (unique index,
 * ON CONFLICT DO NOTHING, so racing requests wait for the first and then replay its answer), then the
 * ledger or the completions engine does the work, and the answer is stored with the claim.
 */
export class EventsService {
  constructor(
    private readonly db: Db,
    private readonly uow: UnitOfWork,
    private readonly ledger: LedgerService,
    private readonly completions: CompletionsService,
  ) {}

  /** Where a member stands for events: 404 unknown, 422 suspended. */
  static assertMember(member: MemberWithRoles | null, email: string): MemberWithRoles {
    if (!member) throw memberNotFound(email);
    if (member.status === 'suspended') throw memberSuspended();
    return member;
  }

  /** What a stage.complete reads before its transaction (404 for an unknown or closed challenge or stage). */
  prepareStage(body: EventBody): Promise<PreparedSubmission> {
    return this.completions.prepare(body.challengeId!, { stageId: body.stageId });
  }

  async apply(caller: EventCaller, body: EventBody, key: string): Promise<EventOutcome> {
    const hash = requestHash(body);
    // A replay answers from the stored event, even when the challenge has closed since.
    const earlier = await eventsRepo.holder(this.db, caller.keyScope, key);
    if (earlier) return this.replay(earlier, hash, caller);
    try {
      const prepared = body.type === 'stage.complete' ? await this.prepareStage(body) : null;
      const defs = body.type === 'points.award' ? await this.ledger.definitions() : null;
      return await this.uow.run((tx, outbox) => this.applyIn(tx, outbox, caller, body, key, prepared, defs));
    } catch (err) {
      if (err instanceof Replay) return this.replay(err.row, hash, caller);
      if (err instanceof AppError && err.statusCode < 500 && err.code !== E.idempotencyConflict)
        await this.recordFailure(caller, body, key, err);
      throw err;
    }
  }

  /**
   * Many events (the rows of an import), in order, with the effect of `apply` on each: a savepoint
   * per row inside short transactions, so a refused row undoes only itself and a thousand rows cost
   * a few dozen commits, not a thousand. A transaction ends after `maxRows` rows or `maxMs`, so the
   * members and keys it holds are never held long (an API event for the same member, or a second
   * upload of the same file, waits a fraction of a second, well inside the statement timeout).
   * Answers per item its outcome, or the AppError that refused it. A transaction that fails as a
   * whole (a deadlock with another import, say) has its rows applied again one by one.
   */
  async applyMany(
    caller: EventCaller,
    items: { body: EventBody; key: string }[],
    limits: { maxRows?: number; maxMs?: number } = {},
  ): Promise<(EventOutcome | AppError)[]> {
    const maxRows = limits.maxRows ?? 100;
    const maxMs = limits.maxMs ?? 400;
    const results: (EventOutcome | AppError)[] = new Array(items.length);
    const defs = items.some((i) => i.body.type === 'points.award') ? await this.ledger.definitions() : null;
    const stages = new Map<string, Promise<PreparedSubmission>>();
    const prepare = (body: EventBody) => {
      const id = `${body.challengeId}:${body.stageId ?? ''}`;
      if (!stages.has(id)) stages.set(id, this.prepareStage(body));
      return stages.get(id)!;
    };
    const refuse = (err: unknown): AppError => {
      if (err instanceof AppError && err.statusCode < 500) return err;
      throw err;
    };
    const replayOrRefuse = (row: IntegrationEventRow, body: EventBody): EventOutcome | AppError => {
      try {
        return this.replay(row, requestHash(body), caller);
      } catch (err) {
        return refuse(err);
      }
    };
    for (let from = 0; from < items.length; from += maxRows) {
      const batch = items.slice(from, from + maxRows).map((item, i) => ({ ...item, at: from + i }));
      const earlier = new Map(
        (
          await eventsRepo.holders(
            this.db,
            caller.keyScope,
            batch.map((c) => c.key),
          )
        ).map((h) => [h.idempotencyKey, h]),
      );
      // What each row reads before a transaction: a replay's stored answer, a stage's definition.
      let pending: ((typeof batch)[number] & { prepared: PreparedSubmission | null })[] = [];
      for (const c of batch) {
        const held = earlier.get(c.key);
        try {
          if (held) results[c.at] = replayOrRefuse(held, c.body);
          else pending.push({ ...c, prepared: c.body.type === 'stage.complete' ? await prepare(c.body) : null });
        } catch (err) {
          results[c.at] = refuse(err);
        }
      }
      while (pending.length) {
        let attempted = 0;
        try {
          await this.uow.run(async (tx, outbox) => {
            const started = Date.now();
            for (const c of pending) {
              if (attempted > 0 && Date.now() - started > maxMs) break;
              attempted++;
              const own = new Outbox();
              try {
                results[c.at] = await tx.transaction((sp) =>
                  this.applyIn(sp, own, caller, c.body, c.key, c.prepared, defs),
                );
                outbox.events.push(...own.events);
              } catch (err) {
                results[c.at] = err instanceof Replay ? replayOrRefuse(err.row, c.body) : refuse(err);
              }
            }
          });
        } catch {
          // The transaction as a whole failed: its rows one by one, as the API applies them.
          for (const c of pending.slice(0, attempted)) {
            try {
              results[c.at] = await this.apply(caller, c.body, c.key);
            } catch (err) {
              results[c.at] = refuse(err);
            }
          }
          pending = pending.slice(attempted);
          continue;
        }
        for (const c of pending.slice(0, attempted)) {
          const r = results[c.at];
          if (r instanceof AppError && r.code !== E.idempotencyConflict)
            await this.recordFailure(caller, c.body, c.key, r);
        }
        pending = pending.slice(attempted);
      }
    }
    return results;
  }

  /** One event's work inside a transaction (or a savepoint): claim the key, apply, store the answer. */
  private async applyIn(
    tx: Tx,
    outbox: Outbox,
    caller: EventCaller,
    body: EventBody,
    key: string,
    prepared: PreparedSubmission | null,
    defs: Awaited<ReturnType<LedgerService['definitions']>> | null,
  ): Promise<EventOutcome> {
    const claimed = await eventsRepo.claim(tx, {
      ...this.base(caller, body, key),
      status: 'applied',
      httpStatus: 201,
      response: {},
    });
    if (!claimed) throw new Replay((await eventsRepo.holder(tx, caller.keyScope, key))!);
    const member = EventsService.assertMember(await membersRepo.findByEmail(tx, body.email), body.email);
    let pointsAwarded = 0;
    let completion: { id: string; status: string } | null = null;
    if (body.type === 'points.award') {
      await membersRepo.lockById(tx, member.id);
      const r = await this.ledger.awardIn(tx, outbox, defs!, {
        memberId: member.id,
        points: body.points!,
        reason: body.reason,
        sourceId: claimed.id,
        createdBy: caller.createdBy,
      });
      pointsAwarded = r.posted ? body.points! : 0;
    } else {
      const { result } = await this.completions.submitIn(
        tx,
        outbox,
        prepared!,
        member.id,
        { stageId: prepared!.stage.id },
        `event:${claimed.id}`,
      );
      pointsAwarded = result.pointsAwarded + result.bonusAwarded;
      completion = { id: result.id, status: result.status };
    }
    const event = this.view(claimed, caller, body, {
      memberId: member.id,
      pointsAwarded,
      completionId: completion?.id ?? null,
      completionStatus: completion?.status ?? null,
      stageId: prepared?.stage.id ?? body.stageId ?? null,
      idempotencyKey: key,
    });
    await eventsRepo.setResponse(tx, claimed.id, event as unknown as Record<string, unknown>, member.id);
    return { replay: false, event };
  }

  /** The columns every event row of this request has. */
  private base(caller: EventCaller, body: EventBody, key: string) {
    return {
      source: caller.source,
      keyScope: caller.keyScope,
      apiKeyId: caller.apiKeyId,
      idempotencyKey: key,
      requestHash: requestHash(body),
      type: body.type,
      email: body.email,
      createdBy: caller.createdBy,
    };
  }

  private replay(row: IntegrationEventRow, hash: string, _caller: EventCaller): EventOutcome {
    if (row.requestHash !== hash) throw conflict();
    return { replay: true, event: row.response as unknown as IntegrationEvent };
  }

  /** A refused event goes into the log (without holding its key). */
  private async recordFailure(caller: EventCaller, body: EventBody, key: string, err: AppError) {
    const base = this.base(caller, body, key);
    const id = crypto.randomUUID();
    const member = await membersRepo.findByEmail(this.db, body.email).catch(() => null);
    const event = this.view({ id, createdAt: new Date() }, caller, body, {
      memberId: member?.id ?? null,
      pointsAwarded: 0,
      completionId: null,
      completionStatus: null,
      stageId: body.stageId ?? null,
      status: 'failed',
      idempotencyKey: base.idempotencyKey,
      error: { code: err.code, message: err.message },
    });
    await eventsRepo
      .insertFailed(this.db, {
        ...base,
        id,
        memberId: member?.id ?? null,
        httpStatus: err.statusCode,
        response: event as unknown as Record<string, unknown>,
      })
      .catch(() => {});
  }

  private view(
    row: { id: string; createdAt: Date },
    caller: EventCaller,
    body: EventBody,
    x: {
      memberId: string | null;
      pointsAwarded: number;
      completionId: string | null;
      completionStatus: string | null;
      stageId: string | null;
      status?: 'applied' | 'failed';
      idempotencyKey?: string | null;
      error?: { code: string; message: string };
    },
  ): IntegrationEvent {
    return {
      id: row.id,
      type: body.type as IntegrationEventType,
      status: x.status ?? 'applied',
      source: caller.source,
      apiKeyId: caller.apiKeyId,
      apiKeyName: caller.apiKeyName,
      idempotencyKey: x.idempotencyKey ?? null,
      email: body.email,
      memberId: x.memberId,
      points: body.points ?? null,
      challengeId: body.challengeId ?? null,
      stageId: x.stageId,
      reason: body.reason,
      pointsAwarded: x.pointsAwarded,
      completionId: x.completionId,
      completionStatus: x.completionStatus,
      error: x.error ?? null,
      createdAt: row.createdAt.toISOString(),
    };
  }

  /** The log of events, newest first (the admin's Integrations page). */
  async log(q: { limit: number; cursor?: string | undefined }) {
    const { rows, nextCursor } = await eventsRepo.list(this.db, q);
    return {
      events: rows.map(({ row, keyName }) => ({
        ...(row.response as unknown as IntegrationEvent),
        id: row.id,
        status: row.status,
        apiKeyName: keyName,
        idempotencyKey: row.idempotencyKey,
        createdAt: row.createdAt.toISOString(),
      })),
      nextCursor,
    };
  }

  /** The applied events holding these keys (a CSV dry run tells which rows would replay). */
  holders(tx: Tx | Db, keyScope: string, keys: string[]) {
    return eventsRepo.holders(tx, keyScope, keys);
  }
}
