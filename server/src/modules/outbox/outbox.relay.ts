import crypto from 'node:crypto';
import type PgBoss from 'pg-boss';
import type { Database, Tx } from '../../db/client.js';
import { errorMessage as message, PgBossWorker, type WorkerLog, type WorkerOptions } from '../../platform/jobs.js';
import type { DomainEvent, DomainEvents, EventName } from '../../platform/events.js';
import { outboxRepo } from './outbox.repo.js';
import type { OutboxRow } from './outbox.table.js';

/** The pg-boss queue whose jobs deliver outbox rows (job id = row id). */
export const OUTBOX_QUEUE = 'outbox-delivery';

export interface RelayOptions extends WorkerOptions {
  /** Retries of a delivery after its first failure; then the event is set aside (dead). */
  retryLimit: number;
  retryDelaySeconds: number;
  retryBackoff: boolean;
  /** Delivered rows are deleted after this many days. */
  keepDays: number;
}

export const DEFAULT_RELAY_OPTIONS: RelayOptions = {
  start: true,
  schema: 'pgboss',
  pollIntervalMs: 2_000,
  sweepIntervalMs: 30_000,
  sweepGraceMs: 10_000,
  retryLimit: 10,
  retryDelaySeconds: 2,
  retryBackoff: true,
  batchSize: 50,
  keepDays: 7,
};

/** The event being delivered; `afterCommit` runs a step once its delivery has committed (queueing a job). */
export interface DeliveredEvent {
  id: string;
  createdAt: Date;
  afterCommit(step: () => void): void;
}

/**
 * Handles one event inside its delivery transaction. What it writes through `tx` happens exactly once;
 * an effect outside the database (an email, a webhook) should be queued as its own job through `tx`.
 */
export type OutboxHandler<K extends EventName> = (
  tx: Tx,
  payload: DomainEvents[K],
  event: DeliveredEvent,
) => Promise<unknown>;

const PURGE_EVERY_MS = 60 * 60 * 1000;

/**
 * The transactional outbox's relay. Commands write their events (those with a handler) as rows in
 * their own transaction (`record`); after the commit a nudge queues one pg-boss job per row and wakes
 * the worker; the worker delivers each row once (`deliver`), and pg-boss retries a failed delivery
 * with backoff. A periodic sweep queues rows that never got their job (a crash between commit and
 * nudge), so every committed event is delivered.
 */
export class OutboxRelay extends PgBossWorker {
  private readonly opts: RelayOptions;
  private readonly handlers = new Map<EventName, OutboxHandler<EventName>[]>();
  private queued: string[] = [];
  private flushing: Promise<void> | null = null;
  private lastPurge = 0;

  constructor(database: Database, log: WorkerLog, opts: Partial<RelayOptions> = {}) {
    const options = { ...DEFAULT_RELAY_OPTIONS, ...opts };
    super(database, log, 'outbox', options);
    this.opts = options;
  }

  /** Registers a durable handler: events of this type are written to the outbox from now on. */
  on<K extends EventName>(type: K, handler: OutboxHandler<K>): void {
    const list = this.handlers.get(type) ?? [];
    list.push(handler as unknown as OutboxHandler<EventName>);
    this.handlers.set(type, list);
  }

  /** Writes the events that have handlers as outbox rows, inside the command's transaction (one INSERT, none when no event has a handler). */
  async record(tx: Tx, events: readonly DomainEvent[]): Promise<string[]> {
    const rows = events
      .filter((e) => this.handlers.has(e.type))
      .map((e) => ({
        id: crypto.randomUUID(),
        type: e.type,
        payload: e.payload as unknown as Record<string, unknown>,
      }));
    await outboxRepo.insert(tx, rows);
    return rows.map((r) => r.id);
  }

  /** After a commit: queue the rows' jobs and wake the worker, off the request's path. Never throws. */
  nudge(ids: string[]): void {
    if (!ids.length || !this.boss || this.stopping) return;
    this.queued.push(...ids);
    this.flushing ??= new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.flush())
      .finally(() => {
        this.flushing = null;
      });
  }

  /** Runs the handlers of one row in the transaction that marks it delivered; false when it already was. */
  async deliver(id: string): Promise<boolean> {
    const after: (() => void)[] = [];
    const delivered = await this.database.db.transaction((tx) => this.deliverIn(tx, id, after));
    runAll(after);
    return delivered;
  }

  private async deliverIn(tx: Tx, id: string, after: (() => void)[]): Promise<boolean> {
    const row = await outboxRepo.claim(tx, id);
    if (!row) return false;
    await this.handle(tx, row, after);
    return true;
  }

  private async handle(tx: Tx, row: OutboxRow, after: (() => void)[]): Promise<void> {
    const event: DeliveredEvent = { id: row.id, createdAt: row.createdAt, afterCommit: (step) => after.push(step) };
    for (const handler of this.handlers.get(row.type as EventName) ?? [])
      await handler(tx, row.payload as never, event);
  }

  /**
   * Delivers a batch of rows in one transaction: one claim, the handlers of each row, one commit (not
   * three round trips and a commit per row). When a handler fails, the batch is undone, that row's job
   * fails (it is retried later, its error noted) and the rest go again; a failed claim or commit
   * fails every job of the batch.
   */
  private async deliverBatch(ids: string[]): Promise<Map<string, unknown>> {
    const failures = new Map<string, unknown>();
    let left = ids;
    while (left.length) {
      let failing: { id: string; err: unknown } | null = null;
      const after: (() => void)[] = [];
      try {
        await this.database.db.transaction(async (tx) => {
          for (const row of await outboxRepo.claimMany(tx, left)) {
            try {
              await this.handle(tx, row, after);
            } catch (err) {
              failing = { id: row.id, err };
              throw err;
            }
          }
        });
      } catch (err) {
        const f = failing as { id: string; err: unknown } | null;
        if (!f) {
          for (const id of left) failures.set(id, err);
          return failures;
        }
        failures.set(f.id, f.err);
        left = left.filter((id) => id !== f.id);
        continue;
      }
      runAll(after);
      return failures;
    }
    return failures;
  }

  protected async prepare(boss: PgBoss): Promise<void> {
    await boss.createQueue(OUTBOX_QUEUE);
  }

  protected override async settle(): Promise<void> {
    await this.flushing;
  }

  /**
   * Delivers every event waiting now and resolves once each is delivered or set aside (tests, tools).
   * Throws when some are still waiting after `timeoutMs`.
   */
  async drain(timeoutMs = 15_000): Promise<void> {
    if (!this.boss) throw new Error('outbox: the relay is not running');
    await this.flushing;
    let ids = await outboxRepo.waiting(this.database.db, 0, 10_000);
    await this.enqueue(ids);
    const deadline = Date.now() + timeoutMs;
    while (ids.length) {
      if (Date.now() > deadline)
        throw new Error(`outbox: ${ids.length} events still undelivered after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
      ids = await outboxRepo.stillWaiting(this.database.db, ids);
    }
  }

  private async flush(): Promise<void> {
    while (this.queued.length) {
      const ids = this.queued.splice(0, 500);
      try {
        await this.enqueue(ids);
      } catch (err) {
        this.log.warn({ err: { message: message(err) } }, 'outbox: could not queue deliveries; the sweep will');
      }
    }
  }

  /** One job per row; a row that already has its job keeps it (the job id is the row id). */
  private async enqueue(ids: string[]): Promise<void> {
    if (!ids.length || !this.boss) return;
    const { retryLimit, retryDelaySeconds: retryDelay, retryBackoff } = this.opts;
    await this.boss.insert(
      ids.map((id) => ({
        id,
        name: OUTBOX_QUEUE,
        data: { id },
        retryLimit,
        retryDelay,
        retryBackoff,
        expireInSeconds: 60,
      })),
    );
    this.wake();
  }

  protected async sweepOnce(graceMs: number): Promise<void> {
    await this.enqueue(await outboxRepo.waiting(this.database.db, graceMs, 1000));
    if (Date.now() - this.lastPurge > PURGE_EVERY_MS) {
      this.lastPurge = Date.now();
      await outboxRepo.purgeDelivered(this.database.db, this.opts.keepDays);
    }
  }

  /** Delivers each job's row; completes or fails the job. */
  protected async workBatch(boss: PgBoss): Promise<number> {
    return this.workJobs(
      boss,
      OUTBOX_QUEUE,
      { batch: (ids) => this.deliverBatch(ids) },
      (id, error, last) => outboxRepo.noteFailure(this.database.db, id, error, last),
      { retry: 'delivery failed; it will be retried', dead: 'delivery failed for good; the event is set aside' },
    );
  }
}

function runAll(steps: (() => void)[]): void {
  for (const step of steps) {
    try {
      step();
    } catch {
      // an after-commit step only queues work, which its own sweep makes up for
    }
  }
}
