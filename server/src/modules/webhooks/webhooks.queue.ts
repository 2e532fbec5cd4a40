import crypto from 'node:crypto';
import type PgBoss from 'pg-boss';
import type { Database } from '../../db/client.js';
import { errorMessage, PgBossWorker, type WorkerLog, type WorkerOptions } from '../../platform/jobs.js';
import { auditRepo } from '../audit/audit.repo.js';
import { webhooksRepo, type QueuedDelivery } from './webhooks.repo.js';
import { post, signedHeaders, type PostOutcome } from './webhooks.sender.js';
import { checkTarget } from './webhooks.target.js';
import type { WebhookDeliveryRow, WebhookEndpointRow } from './webhooks.table.js';

/** The pg-boss queue whose jobs send webhook deliveries (one job per attempt). */
export const WEBHOOK_QUEUE = 'webhook-delivery';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
/** The Standard Webhooks / Svix schedule: the delay before each attempt (8 in all), then failed for good. */
export const DEFAULT_WEBHOOK_SCHEDULE = [0, 5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 10 * H];

export interface WebhookQueueOptions extends WorkerOptions {
  /** Delay before each attempt, in ms; its length is the number of attempts. */
  schedule: number[];
  /** One attempt's time limit (connect, send, answer). */
  timeoutMs: number;
  /** `host[:port]` targets allowed although private (WEBHOOK_ALLOW_HOSTS). */
  allowHosts: string[];
  /** Finished deliveries are kept in the log this many days. */
  keepDays: number;
}

const PURGE_EVERY_MS = 60 * 60 * 1000;

export const DEFAULT_WEBHOOK_QUEUE_OPTIONS: WebhookQueueOptions = {
  start: true,
  schema: 'pgboss',
  pollIntervalMs: 2_000,
  sweepIntervalMs: 10_000,
  sweepGraceMs: 5_000,
  batchSize: 20,
  schedule: DEFAULT_WEBHOOK_SCHEDULE,
  timeoutMs: 10_000,
  allowHosts: [],
  keepDays: 30,
};

/** The job of one attempt of a delivery: a name-based UUID, so queueing it twice keeps one job. */
export function jobIdOf(d: { id: string; attempts: number }): string {
  const h = crypto.createHash('sha256').update(`${d.id}:${d.attempts}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Sends webhook deliveries. Rows are written in the transaction that delivers an outbox event (or of
 * an admin's test or replay); after the commit a nudge queues a pg-boss job for the row's next attempt
 * (start after its due time). The worker claims the row (holding it for the attempt's time limit and
 * a margin), checks the target again, POSTs the signed message outside any transaction and records the
 * outcome: 2xx succeeded; 410 Gone disables the endpoint; otherwise the next attempt is scheduled by
 * the Standard Webhooks schedule, or the delivery fails for good. A hub killed mid-send leaves the row
 * pending: once its hold runs out the sweep queues it again (same `webhook-id`; receivers dedupe).
 */
export class WebhookQueue extends PgBossWorker {
  readonly opts: WebhookQueueOptions;
  private readonly pending = new Set<Promise<unknown>>();
  private lastPurge = 0;

  constructor(database: Database, log: WorkerLog, opts: Partial<WebhookQueueOptions> = {}) {
    const options = { ...DEFAULT_WEBHOOK_QUEUE_OPTIONS, ...opts };
    super(database, log, 'webhooks', options);
    this.opts = options;
  }

  /** How long a worker holds a delivery it is sending. */
  get leaseMs(): number {
    return this.opts.timeoutMs + 2_000;
  }

  /** After a commit: queue the rows' jobs, off the request's path. Never throws. */
  nudge(rows: QueuedDelivery[]): void {
    if (!rows.length || !this.boss || this.stopping) return;
    setImmediate(() => this.track(this.enqueue(rows)));
  }

  private track(work: Promise<unknown>): void {
    const p = work
      .catch((err: unknown) =>
        this.log.warn({ err: { message: errorMessage(err) } }, 'webhooks: could not queue; the sweep will'),
      )
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  protected async prepare(boss: PgBoss): Promise<void> {
    await boss.createQueue(WEBHOOK_QUEUE);
  }

  protected override async settle(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  override async stop(): Promise<void> {
    if (!this.boss) await this.settle();
    await super.stop();
  }

  /**
   * Waits until these deliveries (every pending one when none are named) are no longer pending
   * (tests, tools). Throws when some still are after `timeoutMs`.
   */
  async drain(timeoutMs = 15_000, only?: string[]): Promise<void> {
    if (!this.boss) throw new Error('webhooks: the queue is not running');
    await Promise.all([...this.pending]);
    let ids = only ?? (await webhooksRepo.due(this.database.db, -24 * 3600 * 1000, 10_000)).map((r) => r.id);
    const deadline = Date.now() + timeoutMs;
    while (ids.length) {
      if (Date.now() > deadline)
        throw new Error(`webhooks: ${ids.length} deliveries still pending after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
      ids = await webhooksRepo.stillPending(this.database.db, ids);
    }
  }

  /** One job per attempt, starting when it is due; an attempt that already has its job keeps it. */
  private async enqueue(rows: QueuedDelivery[]): Promise<void> {
    if (!rows.length || !this.boss) return;
    const expireInSeconds = Math.ceil(this.leaseMs / 1000) + 5;
    await this.boss.insert(
      rows.map((r) => ({
        id: jobIdOf(r),
        name: WEBHOOK_QUEUE,
        data: { id: r.id },
        startAfter: (r.nextAttemptAt ?? new Date()).toISOString(),
        retryLimit: 3,
        retryDelay: 5,
        expireInSeconds,
      })),
    );
    this.wake();
    // A retry due soon: wake the worker then rather than at its next poll.
    for (const r of rows) {
      const wait = (r.nextAttemptAt?.getTime() ?? 0) - Date.now();
      if (wait > 0 && wait < this.opts.sweepIntervalMs) setTimeout(() => this.wake(), wait + 5).unref();
    }
  }

  protected async sweepOnce(graceMs: number): Promise<void> {
    await this.enqueue(await webhooksRepo.due(this.database.db, graceMs, 1000));
    if (Date.now() - this.lastPurge > PURGE_EVERY_MS) {
      this.lastPurge = Date.now();
      await webhooksRepo.purgeFinished(this.database.db, this.opts.keepDays);
    }
  }

  protected async workBatch(boss: PgBoss): Promise<number> {
    return this.workJobs(boss, WEBHOOK_QUEUE, { one: (id) => this.send(id) }, async () => {}, {
      retry: 'sending failed; it will be retried',
      dead: 'sending failed; the sweep will try again',
    });
  }

  /** One attempt of one delivery. HTTP failures are outcomes, not errors: only a database failure throws. */
  private async send(id: string): Promise<void> {
    const db = this.database.db;
    const claimed = await webhooksRepo.claim(db, id, this.leaseMs);
    if (claimed === 'missing') throw new Error('the delivery is not there (yet)');
    if (claimed === 'done') return;
    const { row, endpoint } = claimed;
    if (!endpoint.enabled) {
      await webhooksRepo.settle(db, id, {
        status: 'failed',
        httpStatus: null,
        error: 'The endpoint is disabled',
        snippet: null,
        next: null,
      });
      return;
    }
    const outcome = await this.attempt(endpoint, row);
    if (outcome.httpStatus !== null && outcome.httpStatus >= 200 && outcome.httpStatus < 300) {
      await webhooksRepo.settle(db, id, { status: 'succeeded', ...outcome, next: null });
      return;
    }
    if (outcome.httpStatus === 410) {
      const reason = 'The receiver answered 410 Gone: it no longer wants these messages';
      await db.transaction(async (tx) => {
        await webhooksRepo.settle(tx, id, { status: 'failed', ...outcome, next: null });
        if (await webhooksRepo.disableGone(tx, endpoint.id, reason)) {
          await webhooksRepo.failPending(tx, endpoint.id, 'The endpoint was disabled (410 Gone)');
          await auditRepo.record(tx, {
            actorId: null,
            action: 'webhook.disabled',
            targetType: 'webhook',
            targetId: endpoint.id,
            data: { name: endpoint.url, reason },
          });
        }
      });
      this.log.warn({ webhook: { id: endpoint.id } }, 'webhooks: the receiver answered 410 Gone; endpoint disabled');
      return;
    }
    const delay = this.opts.schedule[row.attempts];
    const next = delay === undefined ? null : new Date(Date.now() + delay);
    const queued = await webhooksRepo.settle(db, id, { status: next ? 'pending' : 'failed', ...outcome, next });
    if (queued && next) await this.enqueue([queued]);
  }

  /** Checks the target again (DNS may have changed) and POSTs the signed message to the checked address. */
  private async attempt(endpoint: WebhookEndpointRow, row: WebhookDeliveryRow): Promise<PostOutcome> {
    let target;
    try {
      target = await checkTarget(endpoint.url, this.opts.allowHosts);
    } catch (err) {
      return { httpStatus: null, error: errorMessage(err), snippet: null };
    }
    const secrets = [endpoint.secret];
    if (endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > new Date())
      secrets.push(endpoint.previousSecret);
    return post(target, signedHeaders(secrets, row.msgId, row.body), row.body, this.opts.timeoutMs);
  }
}
