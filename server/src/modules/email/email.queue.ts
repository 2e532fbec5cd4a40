import crypto from 'node:crypto';
import type PgBoss from 'pg-boss';
import type { Database } from '../../db/client.js';
import { errorMessage, PgBossWorker, type WorkerLog, type WorkerOptions } from '../../platform/jobs.js';
import { emailRepo } from './email.repo.js';
import type { EmailTransport } from './email.transport.js';

/** The pg-boss queue whose jobs send email rows, and the one the weekly digest's schedule fills. */
export const EMAIL_QUEUE = 'email-send';
export const DIGEST_QUEUE = 'email-digest';

export interface EmailQueueOptions extends WorkerOptions {
  /** Retries of a send after its first failure; then the message is `failed` (an admin may retry it). */
  retryLimit: number;
  retryDelaySeconds: number;
  retryBackoff: boolean;
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
export class EmailQueue extends PgBossWorker {
  private readonly opts: EmailQueueOptions;
  private readonly pending = new Set<Promise<unknown>>();
  private digestHandler: (() => Promise<void>) | null = null;

  constructor(
    database: Database,
    log: WorkerLog,
    private readonly transport: EmailTransport | null,
    opts: Partial<EmailQueueOptions> = {},
  ) {
    const options = { ...DEFAULT_EMAIL_QUEUE_OPTIONS, ...opts };
    super(database, log, 'email', options, options.digestCron !== null);
    this.opts = options;
  }

  /** What the weekly digest's scheduled job runs. */
  onDigest(handler: () => Promise<void>): void {
    this.digestHandler = handler;
  }

  /** After a commit: queue the rows' jobs, off the request's path. Never throws. */
  nudge(rows: QueuedEmail[]): void {
    if (!rows.length || !this.boss || this.stopping) return;
    setImmediate(() => this.track(this.enqueue(rows)));
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

  protected async prepare(boss: PgBoss): Promise<void> {
    await boss.createQueue(EMAIL_QUEUE);
    if (this.opts.digestCron) {
      await boss.createQueue(DIGEST_QUEUE);
      await boss.schedule(DIGEST_QUEUE, this.opts.digestCron, {}, { tz: this.opts.timezone });
    }
  }

  protected override async settle(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  override async stop(): Promise<void> {
    if (!this.boss) await this.settle();
    await super.stop();
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

  protected async sweepOnce(graceMs: number): Promise<void> {
    await this.enqueue(await emailRepo.waiting(this.database.db, graceMs, 1000));
  }

  private async workDigest(boss: PgBoss): Promise<void> {
    if (!this.digestHandler || !this.opts.digestCron) return;
    const [job] = await boss.fetch<object>(DIGEST_QUEUE);
    if (!job) return;
    try {
      await this.digestHandler();
      await boss.complete(DIGEST_QUEUE, job.id);
    } catch (err) {
      this.log.error({ err: { message: errorMessage(err) } }, 'email: the weekly digest failed');
      await boss.fail(DIGEST_QUEUE, job.id, { message: errorMessage(err) }).catch(() => {});
    }
  }

  /** Sends each job's row (then runs the digest when its schedule fired). */
  protected async workBatch(boss: PgBoss): Promise<number> {
    await this.workDigest(boss);
    return this.workJobs(
      boss,
      EMAIL_QUEUE,
      { one: (id) => this.send(id) },
      (id, error, last) => emailRepo.noteFailure(this.database.db, id, error, last),
      { retry: 'sending failed; it will be retried', dead: 'sending failed for good; the message is marked failed' },
    );
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
