import crypto from 'node:crypto';
import type pg from 'pg';
import PgBoss from 'pg-boss';
import type { Database, Tx } from '../../db/client.js';
import type { DomainEvent, DomainEvents, EventName } from '../../platform/events.js';
import { outboxRepo } from './outbox.repo.js';

/** The pg-boss queue whose jobs deliver outbox rows (job id = row id). */
export const OUTBOX_QUEUE = 'outbox-delivery';

export interface RelayOptions {
  /** Start the worker with the app. Without it commands still write their events; nothing delivers them. */
  start: boolean;
  /** pg-boss keeps its tables in this schema of the app's database. */
  schema: string;
  /** How often an idle worker asks for jobs; a commit wakes it at once. */
  pollIntervalMs: number;
  /** How often undelivered rows are looked for: a crash between a commit and its nudge leaves some. */
  sweepIntervalMs: number;
  /** The sweep leaves rows younger than this to their nudge. */
  sweepGraceMs: number;
  /** Retries of a delivery after its first failure; then the event is set aside (dead). */
  retryLimit: number;
  retryDelaySeconds: number;
  retryBackoff: boolean;
  batchSize: number;
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

/**
 * Handles one event inside its delivery transaction. What it writes through `tx` happens exactly once;
 * an effect outside the database (an email, a webhook) should be queued as its own job through `tx`.
 */
export type OutboxHandler<K extends EventName> = (
  tx: Tx,
  payload: DomainEvents[K],
  event: { id: string; createdAt: Date },
) => Promise<unknown>;

interface Log {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** An error's message, with its cause's (drizzle reports "Failed query: …" and keeps the reason in `cause`). */
const message = (err: unknown): string => {
  if (!(err instanceof Error)) return String(err);
  return err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message;
};
export { message as errorMessage };
const PURGE_EVERY_MS = 60 * 60 * 1000;

/**
 * pg-boss on the app's pool (whose clients have error listeners, invariant 6). A pg-boss command that
 * fails inside its own BEGIN would leave the connection in an aborted transaction: roll it back
 * before the connection goes back to the pool, or drop the connection.
 */
export function poolAdapter(pool: pg.Pool) {
  return {
    async executeSql(text: string, values?: unknown[]) {
      const client = await pool.connect();
      let broken = false;
      try {
        return await client.query(text, values);
      } catch (err) {
        broken = await client.query('ROLLBACK').then(
          () => false,
          () => true,
        );
        throw err;
      } finally {
        client.release(broken);
      }
    },
  };
}

/**
 * The transactional outbox's relay. Commands write their events (those with a handler) as rows in
 * their own transaction (`record`); after the commit a nudge queues one pg-boss job per row and wakes
 * the worker; the worker delivers each row once (`deliver`), and pg-boss retries a failed delivery
 * with backoff. A periodic sweep queues rows that never got their job (a crash between commit and
 * nudge), so every committed event is delivered.
 */
export class OutboxRelay {
  private readonly opts: RelayOptions;
  private readonly handlers = new Map<EventName, OutboxHandler<EventName>[]>();
  private boss: PgBoss | null = null;
  private stopping = false;
  private worker: Promise<void> | null = null;
  private woken = false;
  private wakeUp: (() => void) | null = null;
  private queued: string[] = [];
  private flushing: Promise<void> | null = null;
  private sweeping: Promise<void> | null = null;
  private sweeper: NodeJS.Timeout | null = null;
  private retryStart: NodeJS.Timeout | null = null;
  private closed = false;
  private lastPurge = 0;

  constructor(
    private readonly database: Database,
    private readonly log: Log,
    opts: Partial<RelayOptions> = {},
  ) {
    this.opts = { ...DEFAULT_RELAY_OPTIONS, ...opts };
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
    return this.database.db.transaction(async (tx) => {
      const row = await outboxRepo.claim(tx, id);
      if (!row) return false;
      const event = { id: row.id, createdAt: row.createdAt };
      for (const handler of this.handlers.get(row.type as EventName) ?? [])
        await handler(tx, row.payload as never, event);
      return true;
    });
  }

  async start(): Promise<void> {
    if (this.boss || !this.opts.start) return;
    const boss = new PgBoss({
      db: poolAdapter(this.database.pool),
      schema: this.opts.schema,
      schedule: false,
      supervise: true,
      migrate: true,
    });
    boss.on('error', (err) => this.log.warn({ err: { message: message(err) } }, 'outbox: job queue error'));
    try {
      await boss.start();
      await boss.createQueue(OUTBOX_QUEUE);
    } catch (err) {
      await boss.stop({ graceful: false, wait: false }).catch(() => {});
      throw err;
    }
    if (this.closed) return void (await boss.stop({ graceful: false, wait: true }).catch(() => {}));
    this.boss = boss;
    this.stopping = false;
    this.worker = this.work();
    this.sweeper = setInterval(() => void this.sweep(this.opts.sweepGraceMs), this.opts.sweepIntervalMs);
    this.sweeper.unref();
    void this.sweep(this.opts.sweepGraceMs);
  }

  /**
   * Starts the worker (one attempt awaited), without holding up the hub: while the database cannot take it (down, read-only,
   * a full disk) the hub serves what it can, and the worker tries again every `retryStartMs`. Events
   * committed meanwhile wait in the outbox table and are delivered once it runs.
   */
  async begin(retryStartMs = 5_000): Promise<void> {
    if (this.closed) return;
    try {
      await this.start();
    } catch (err) {
      if (this.closed) return;
      this.log.warn({ err: { message: message(err) } }, `outbox: worker not started; retrying in ${retryStartMs} ms`);
      this.retryStart = setTimeout(() => void this.begin(retryStartMs), retryStartMs);
      this.retryStart.unref();
    }
  }

  /** Finishes the deliveries in hand and the nudges already made, then stops pg-boss. */
  async stop(): Promise<void> {
    this.closed = true;
    if (this.retryStart) clearTimeout(this.retryStart);
    if (!this.boss) return;
    this.stopping = true;
    if (this.sweeper) clearInterval(this.sweeper);
    this.wake();
    await this.worker;
    await this.flushing;
    await this.sweeping;
    await this.boss.stop({ graceful: true, wait: true });
    this.boss = null;
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

  private sweep(graceMs: number): Promise<void> {
    this.sweeping ??= (async () => {
      try {
        await this.enqueue(await outboxRepo.waiting(this.database.db, graceMs, 1000));
        if (Date.now() - this.lastPurge > PURGE_EVERY_MS) {
          this.lastPurge = Date.now();
          await outboxRepo.purgeDelivered(this.database.db, this.opts.keepDays);
        }
      } catch (err) {
        this.log.warn({ err: { message: message(err) } }, 'outbox: sweep failed');
      }
    })().finally(() => {
      this.sweeping = null;
    });
    return this.sweeping;
  }

  private wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  private idle(): Promise<void> {
    if (this.woken || this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, this.opts.pollIntervalMs);
      timer.unref();
      this.wakeUp = done;
    });
  }

  /** The worker: fetch a batch of jobs, deliver each, complete or fail it; rest when the queue is empty. */
  private async work(): Promise<void> {
    while (!this.stopping) {
      this.woken = false;
      let fetched = 0;
      try {
        fetched = await this.workBatch();
      } catch (err) {
        this.log.warn({ err: { message: message(err) } }, 'outbox: worker could not reach the job queue');
      }
      if (fetched < this.opts.batchSize) await this.idle();
    }
  }

  private async workBatch(): Promise<number> {
    const boss = this.boss!;
    const jobs = await boss.fetch<{ id: string }>(OUTBOX_QUEUE, {
      batchSize: this.opts.batchSize,
      includeMetadata: true,
    });
    if (!jobs?.length) return 0;
    const done: string[] = [];
    for (const job of jobs) {
      try {
        await this.deliver(job.data.id);
        done.push(job.id);
      } catch (err) {
        const last = job.retryCount >= job.retryLimit;
        const fields = { err: { message: message(err) }, event: job.data.id, attempt: job.retryCount + 1 };
        if (last) this.log.error(fields, 'outbox: delivery failed for good; the event is set aside');
        else this.log.warn(fields, 'outbox: delivery failed; it will be retried');
        // Best effort: if these fail too, the job expires in its active state and pg-boss retries it.
        await outboxRepo.noteFailure(this.database.db, job.data.id, message(err), last).catch(() => {});
        await boss.fail(OUTBOX_QUEUE, job.id, { message: message(err) }).catch(() => {});
      }
    }
    if (done.length) await boss.complete(OUTBOX_QUEUE, done);
    return jobs.length;
  }
}
