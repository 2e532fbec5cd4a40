import crypto from 'node:crypto';
import PgBoss from 'pg-boss';
import type { Database } from '../../db/client.js';
import { errorMessage, poolAdapter } from '../outbox/outbox.relay.js';
import { emailRepo } from './email.repo.js';
import type { EmailTransport } from './email.transport.js';

/** The pg-boss queue whose jobs send email rows, and the one the weekly digest's schedule fills. */
export const EMAIL_QUEUE = 'email-send';
export const DIGEST_QUEUE = 'email-digest';

export interface EmailQueueOptions {
  /** Start the worker with the app. Without it commands still write their emails; nothing sends them. */
  start: boolean;
  /** pg-boss keeps its tables in this schema (the outbox relay's). */
  schema: string;
  pollIntervalMs: number;
  /** How often queued rows without a job are looked for (a crash between a commit and its nudge). */
  sweepIntervalMs: number;
  /** The sweep leaves rows younger than this to their nudge. */
  sweepGraceMs: number;
  /** Retries of a send after its first failure; then the message is `failed` (an admin may retry it). */
  retryLimit: number;
  retryDelaySeconds: number;
  retryBackoff: boolean;
  batchSize: number;
  /** How long a worker holds a message it is sending. */
  leaseMs: number;
  /** The weekly digest: a cron line in the program's time zone (null: no schedule). */
  digestCron: string | null;
  timezone: string;
}

export const DEFAULT_EMAIL_QUEUE_OPTIONS: EmailQueueOptions = {
  start: true,
  schema: 'pgboss',
  pollIntervalMs: 2_000,
  sweepIntervalMs: 30_000,
  sweepGraceMs: 10_000,
  // With backoff from 30 s, ten retries span about eight hours of SMTP outage.
  retryLimit: 10,
  retryDelaySeconds: 30,
  retryBackoff: true,
  batchSize: 50,
  leaseMs: 120_000,
  digestCron: '0 9 * * 1',
  timezone: 'UTC',
};

interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface QueuedEmail {
  id: string;
  round: number;
}

/** The job of a row's round: the row id for the first, a name-based UUID for an admin's retries. */
export function jobIdOf(e: QueuedEmail): string {
  if (e.round === 0) return e.id;
  const h = crypto.createHash('sha256').update(`${e.id}:${e.round}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Sends the email rows. Commands write rows in their transaction; after the commit a nudge queues one
 * pg-boss job per row; the worker claims the row (holding it so no other worker sends it), sends it
 * outside any transaction, and marks it sent once. A failed send stays queued and pg-boss retries it
 * with backoff; a periodic sweep queues rows that never got their job. Without a transport (no
 * SMTP_URL) a row is marked `stored` and logged instead.
 */
export class EmailQueue {
  private readonly opts: EmailQueueOptions;
  private boss: PgBoss | null = null;
  private stopping = false;
  private closed = false;
  private worker: Promise<void> | null = null;
  private woken = false;
  private wakeUp: (() => void) | null = null;
  private sweeper: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;
  private retryStart: NodeJS.Timeout | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly pending = new Set<Promise<unknown>>();
  private digestHandler: (() => Promise<void>) | null = null;

  constructor(
    private readonly database: Database,
    private readonly log: Log,
    private readonly transport: EmailTransport | null,
    opts: Partial<EmailQueueOptions> = {},
  ) {
    this.opts = { ...DEFAULT_EMAIL_QUEUE_OPTIONS, ...opts };
  }

  get sending(): boolean {
    return this.transport !== null;
  }

  /** What the weekly digest's scheduled job runs. */
  onDigest(handler: () => Promise<void>): void {
    this.digestHandler = handler;
  }

  /**
   * After a commit: queue the rows' jobs, off the request's path. Never throws. `delayMs`: rows written in a
   * transaction that has not committed yet (an outbox delivery's) are queued a little later; a job
   * that still finds no row is retried.
   */
  nudge(rows: QueuedEmail[], delayMs = 0): void {
    if (!rows.length || !this.boss || this.stopping) return;
    const run = () => this.track(this.enqueue(rows));
    if (delayMs <= 0) return void setImmediate(run);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, delayMs);
    this.timers.add(timer);
  }

  /** Runs work off the request's path; `stop` waits for it. */
  track(work: Promise<unknown>): void {
    const p = work
      .catch((err: unknown) =>
        this.log.warn({ err: { message: errorMessage(err) } }, 'email: background work failed; the sweep will retry'),
      )
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  async start(): Promise<void> {
    if (this.boss || !this.opts.start) return;
    const boss = new PgBoss({
      db: poolAdapter(this.database.pool),
      schema: this.opts.schema,
      schedule: this.opts.digestCron !== null,
      supervise: true,
      migrate: true,
    });
    boss.on('error', (err) => this.log.warn({ err: { message: errorMessage(err) } }, 'email: job queue error'));
    try {
      await boss.start();
      await boss.createQueue(EMAIL_QUEUE);
      if (this.opts.digestCron) {
        await boss.createQueue(DIGEST_QUEUE);
        await boss.schedule(DIGEST_QUEUE, this.opts.digestCron, {}, { tz: this.opts.timezone });
      }
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

  /** Starts the worker without holding up the hub; while the database cannot take it, tries again. */
  async begin(retryStartMs = 5_000): Promise<void> {
    if (this.closed) return;
    try {
      await this.start();
    } catch (err) {
      if (this.closed) return;
      this.log.warn(
        { err: { message: errorMessage(err) } },
        `email: worker not started; retrying in ${retryStartMs} ms`,
      );
      this.retryStart = setTimeout(() => void this.begin(retryStartMs), retryStartMs);
      this.retryStart.unref();
    }
  }

  async stop(): Promise<void> {
    this.closed = true;
    if (this.retryStart) clearTimeout(this.retryStart);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await Promise.all([...this.pending]);
    if (this.boss) {
      this.stopping = true;
      if (this.sweeper) clearInterval(this.sweeper);
      this.wake();
      await this.worker;
      await this.sweeping;
      await this.boss.stop({ graceful: true, wait: true });
      this.boss = null;
    }
    this.transport?.close();
  }

  /**
   * Sends every queued message now and resolves once none is queued (tests, tools). Throws when some are
   * still queued after `timeoutMs`.
   */
  async drain(timeoutMs = 15_000): Promise<void> {
    if (!this.boss) throw new Error('email: the queue is not running');
    await Promise.all([...this.pending]);
    const rows = await emailRepo.waiting(this.database.db, 0, 10_000);
    await this.enqueue(rows);
    let ids = rows.map((r) => r.id);
    const deadline = Date.now() + timeoutMs;
    while (ids.length) {
      if (Date.now() > deadline) throw new Error(`email: ${ids.length} messages still queued after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
      ids = await emailRepo.stillQueued(this.database.db, ids);
    }
  }

  /** One job per row and round; a round that already has its job keeps it. */
  private async enqueue(rows: QueuedEmail[]): Promise<void> {
    if (!rows.length || !this.boss) return;
    const { retryLimit, retryDelaySeconds: retryDelay, retryBackoff } = this.opts;
    for (let i = 0; i < rows.length; i += 500) {
      await this.boss.insert(
        rows.slice(i, i + 500).map((r) => ({
          id: jobIdOf(r),
          name: EMAIL_QUEUE,
          data: { id: r.id },
          retryLimit,
          retryDelay,
          retryBackoff,
          expireInSeconds: Math.ceil(this.opts.leaseMs / 1000),
        })),
      );
    }
    this.wake();
  }

  private sweep(graceMs: number): Promise<void> {
    this.sweeping ??= (async () => {
      try {
        await this.enqueue(await emailRepo.waiting(this.database.db, graceMs, 1000));
      } catch (err) {
        this.log.warn({ err: { message: errorMessage(err) } }, 'email: sweep failed');
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

  private async work(): Promise<void> {
    while (!this.stopping) {
      this.woken = false;
      let fetched = 0;
      try {
        fetched = await this.workBatch();
        if (this.digestHandler && this.opts.digestCron) await this.workDigest();
      } catch (err) {
        this.log.warn({ err: { message: errorMessage(err) } }, 'email: worker could not reach the job queue');
      }
      if (fetched < this.opts.batchSize) await this.idle();
    }
  }

  private async workDigest(): Promise<void> {
    const boss = this.boss!;
    const [job] = await boss.fetch<object>(DIGEST_QUEUE);
    if (!job) return;
    try {
      await this.digestHandler!();
      await boss.complete(DIGEST_QUEUE, job.id);
    } catch (err) {
      this.log.error({ err: { message: errorMessage(err) } }, 'email: the weekly digest failed');
      await boss.fail(DIGEST_QUEUE, job.id, { message: errorMessage(err) }).catch(() => {});
    }
  }

  private async workBatch(): Promise<number> {
    const boss = this.boss!;
    const jobs = await boss.fetch<{ id: string }>(EMAIL_QUEUE, {
      batchSize: this.opts.batchSize,
      includeMetadata: true,
    });
    if (!jobs?.length) return 0;
    const done: string[] = [];
    for (const job of jobs) {
      if (this.stopping) {
        // Handed back at once: another worker (or this one after a restart) sends it.
        await boss.fail(EMAIL_QUEUE, job.id, { message: 'worker stopping' }).catch(() => {});
        continue;
      }
      try {
        await this.send(job.data.id);
        done.push(job.id);
      } catch (err) {
        const last = job.retryCount >= job.retryLimit;
        const fields = { err: { message: errorMessage(err) }, email: job.data.id, attempt: job.retryCount + 1 };
        if (last) this.log.error(fields, 'email: sending failed for good; the message is marked failed');
        else this.log.warn(fields, 'email: sending failed; it will be retried');
        await emailRepo.noteFailure(this.database.db, job.data.id, errorMessage(err), last).catch(() => {});
        await boss.fail(EMAIL_QUEUE, job.id, { message: errorMessage(err) }).catch(() => {});
      }
    }
    if (done.length) await boss.complete(EMAIL_QUEUE, done);
    return jobs.length;
  }

  /** Sends one row (or keeps it, without SMTP); a row already sent, or being sent elsewhere, is left alone. */
  private async send(id: string): Promise<void> {
    const row = await emailRepo.claim(this.database.db, id, this.opts.leaseMs);
    if (row === 'missing') throw new Error('the message is not there (yet)');
    if (row === 'done') return;
    if (!this.transport) {
      await emailRepo.finish(this.database.db, id, 'stored');
      this.log.info(
        { email: { id: row.id, kind: row.kind, to: row.to, subject: row.subject } },
        'email: SMTP_URL is not set; the message is kept in the outbox (status stored), not sent',
      );
      return;
    }
    await this.transport.send(row);
    await emailRepo.finish(this.database.db, id, 'sent');
  }
}
