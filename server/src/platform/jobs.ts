import type pg from 'pg';
import PgBoss from 'pg-boss';
import type { Database } from '../db/client.js';

export interface WorkerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** An error's message, with its cause's (drizzle reports "Failed query: …" and keeps the reason in `cause`). */
export const errorMessage = (err: unknown): string => {
  if (!(err instanceof Error)) return String(err);
  return err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message;
};

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

/** What every table-backed pg-boss worker is configured with. */
export interface WorkerOptions {
  /** Start the worker with the app. Without it commands still write their rows; nothing works them off. */
  start: boolean;
  /** pg-boss keeps its tables in this schema of the app's database. */
  schema: string;
  /** How often an idle worker asks for jobs; a commit wakes it at once. */
  pollIntervalMs: number;
  /** How often rows without a job are looked for: a crash between a commit and its nudge leaves some. */
  sweepIntervalMs: number;
  /** The sweep leaves rows younger than this to their nudge. */
  sweepGraceMs: number;
  batchSize: number;
}

/**
 * The life of a worker over rows of a table, with pg-boss jobs (the outbox relay, the email queue): it
 * starts with the app without holding it up (retrying while the database cannot take it), fetches
 * batches of jobs and rests when there are none, sweeps for rows that never got their job, and stops
 * after finishing what it holds. Subclasses say which queues to create, how to work a batch and how
 * to sweep.
 */
export abstract class PgBossWorker {
  protected boss: PgBoss | null = null;
  protected stopping = false;
  protected closed = false;
  private worker: Promise<void> | null = null;
  private woken = false;
  private wakeUp: (() => void) | null = null;
  private sweeper: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;
  private retryStart: NodeJS.Timeout | null = null;

  protected constructor(
    protected readonly database: Database,
    protected readonly log: WorkerLog,
    /** Names the worker in its log lines ("outbox", "email"). */
    private readonly label: string,
    private readonly base: WorkerOptions,
    /** Run pg-boss's cron schedules in this instance. */
    private readonly schedule = false,
  ) {}

  /** Creates the queues (and schedules) on a started pg-boss. */
  protected abstract prepare(boss: PgBoss): Promise<void>;
  /** Fetches and works one batch of jobs; returns how many were fetched. */
  protected abstract workBatch(boss: PgBoss): Promise<number>;
  /** Queues jobs for rows at least `graceMs` old that have none. */
  protected abstract sweepOnce(graceMs: number): Promise<void>;
  /**
   * Fetches a batch of `queue`'s jobs (each names a row) and works them: one at a time (`work`), or all
   * at once (`batch`, which answers the error of each row that failed). A job that failed is failed in
   * pg-boss, so it is retried, after `failed` noted the error on its row (`last`: no retry is left).
   */
  protected async workJobs(
    boss: PgBoss,
    queue: string,
    how: { one: (id: string) => Promise<unknown> } | { batch: (ids: string[]) => Promise<Map<string, unknown>> },
    failed: (id: string, error: string, last: boolean) => Promise<void>,
    say: { retry: string; dead: string },
  ): Promise<number> {
    const jobs = await boss.fetch<{ id: string }>(queue, { batchSize: this.base.batchSize, includeMetadata: true });
    if (!jobs?.length) return 0;
    let errors: Map<string, unknown>;
    if ('batch' in how) errors = await how.batch(jobs.map((j) => j.data.id));
    else {
      errors = new Map();
      for (const job of jobs) await how.one(job.data.id).catch((err: unknown) => errors.set(job.data.id, err));
    }
    const done: string[] = [];
    for (const job of jobs) {
      if (!errors.has(job.data.id)) {
        done.push(job.id);
        continue;
      }
      const err = errors.get(job.data.id);
      const last = job.retryCount >= job.retryLimit;
      const fields = { err: { message: errorMessage(err) }, row: job.data.id, attempt: job.retryCount + 1 };
      if (last) this.log.error(fields, `${this.label}: ${say.dead}`);
      else this.log.warn(fields, `${this.label}: ${say.retry}`);
      await failed(job.data.id, errorMessage(err), last).catch(() => {});
      await boss.fail(queue, job.id, { message: errorMessage(err) }).catch(() => {});
    }
    if (done.length) await boss.complete(queue, done);
    return jobs.length;
  }

  /** Before pg-boss stops: let work handed out (queued nudges) finish. */
  protected async settle(): Promise<void> {}

  async start(): Promise<void> {
    if (this.boss || !this.base.start) return;
    const boss = new PgBoss({
      db: poolAdapter(this.database.pool),
      schema: this.base.schema,
      schedule: this.schedule,
      supervise: true,
      migrate: true,
    });
    boss.on('error', (err) => this.log.warn({ err: { message: errorMessage(err) } }, `${this.label}: job queue error`));
    try {
      await boss.start();
      await this.prepare(boss);
    } catch (err) {
      await boss.stop({ graceful: false, wait: false }).catch(() => {});
      throw err;
    }
    if (this.closed) return void (await boss.stop({ graceful: false, wait: true }).catch(() => {}));
    this.boss = boss;
    this.stopping = false;
    this.worker = this.work();
    this.sweeper = setInterval(() => void this.sweep(this.base.sweepGraceMs), this.base.sweepIntervalMs);
    this.sweeper.unref();
    void this.sweep(this.base.sweepGraceMs);
  }

  /**
   * Starts the worker (one attempt awaited), without holding up the hub: while the database cannot take it (down, read-only,
   * a full disk) the hub serves what it can, and the worker tries again every `retryStartMs`. Rows
   * committed meanwhile wait in their table and are worked off once it runs.
   */
  async begin(retryStartMs = 5_000): Promise<void> {
    if (this.closed) return;
    try {
      await this.start();
    } catch (err) {
      if (this.closed) return;
      this.log.warn(
        { err: { message: errorMessage(err) } },
        `${this.label}: worker not started; retrying in ${retryStartMs} ms`,
      );
      this.retryStart = setTimeout(() => void this.begin(retryStartMs), retryStartMs);
      this.retryStart.unref();
    }
  }

  /** Finishes the work in hand and the nudges already made, then stops pg-boss. */
  async stop(): Promise<void> {
    this.closed = true;
    if (this.retryStart) clearTimeout(this.retryStart);
    if (!this.boss) return;
    this.stopping = true;
    if (this.sweeper) clearInterval(this.sweeper);
    this.wake();
    await this.worker;
    await this.settle();
    await this.sweeping;
    await this.boss.stop({ graceful: true, wait: true });
    this.boss = null;
  }

  protected sweep(graceMs: number): Promise<void> {
    this.sweeping ??= this.sweepOnce(graceMs)
      .catch((err: unknown) => this.log.warn({ err: { message: errorMessage(err) } }, `${this.label}: sweep failed`))
      .finally(() => {
        this.sweeping = null;
      });
    return this.sweeping;
  }

  protected wake(): void {
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
      const timer = setTimeout(done, this.base.pollIntervalMs);
      timer.unref();
      this.wakeUp = done;
    });
  }

  /** The worker: fetch a batch of jobs, work each; rest when the queue is empty. */
  private async work(): Promise<void> {
    while (!this.stopping) {
      this.woken = false;
      let fetched = 0;
      try {
        fetched = await this.workBatch(this.boss!);
      } catch (err) {
        this.log.warn({ err: { message: errorMessage(err) } }, `${this.label}: worker could not reach the job queue`);
      }
      if (fetched < this.base.batchSize) await this.idle();
    }
  }
}
