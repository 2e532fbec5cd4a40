import crypto from 'node:crypto';
import {
  EmailErrorCode,
  NotificationPrefs,
  type EmailKind,
  type EmailMessage,
  type EmailMessageSummary,
  type EmailStatus,
  type UnsubscribeParams,
  type UnsubscribeTopic,
} from '@advocate-hub/shared';
import type { Db, Executor } from '../../db/client.js';
import { AppError } from '../../platform/errors.js';
import { programRepo } from '../program/program.repo.js';
import { membersRepo } from '../members/members.repo.js';
import { emailRepo, type NewEmailRow } from './email.repo.js';
import type { EmailMessageRow } from './email.table.js';
import type { EmailQueue, QueuedEmail } from './email.queue.js';
import { oneLine, type Brand, type Footer, type Rendered } from './email.templates.js';

/** One logical email to queue. */
export interface EmailSpec {
  kind: EmailKind;
  to: string;
  memberId: string | null;
  /** Names the logical email: the same key is never queued twice. */
  dedupeKey: string;
  render: (brand: Brand, footer: Footer) => Rendered;
  /** Non-transactional emails carry a one-click unsubscribe link for this member and topic. */
  unsubscribe?: { memberId: string; topic: UnsubscribeTopic };
}

const TOPIC_WORDS: Record<UnsubscribeTopic, string> = {
  points: 'emails about your points',
  reviews: 'emails about reviews of your submissions',
  redemptions: 'emails about your redemptions',
  levels: 'emails about your levels',
  badges: 'emails about your badges',
  community: 'emails about the community',
  references: 'emails about reference requests',
  digest: 'the weekly digest',
};

const unsubscribeInvalid = () =>
  new AppError({
    code: EmailErrorCode.unsubscribeInvalid,
    status: 400,
    message: 'This unsubscribe link is not valid; change your email preferences in your profile instead',
  });
const notFound = () =>
  new AppError({ code: EmailErrorCode.messageNotFound, status: 404, message: 'Message not found' });

function summary(r: Omit<EmailMessageRow, 'text' | 'html' | 'headers' | 'dedupeKey' | 'round' | 'lockedUntil'>) {
  return {
    id: r.id,
    kind: r.kind,
    to: r.to,
    memberId: r.memberId,
    subject: r.subject,
    status: r.status as EmailStatus,
    attempts: r.attempts,
    lastError: r.lastError,
    createdAt: r.createdAt.toISOString(),
    sentAt: r.sentAt?.toISOString() ?? null,
  } satisfies EmailMessageSummary;
}

/**
 * Composes and queues the hub's emails (in the caller's transaction), signs and honours unsubscribe
 * links, keeps notification preferences, and shows the outbox to admins.
 */
export class EmailService {
  private readonly unsubscribeKey: Buffer;
  private readonly host: string;

  constructor(
    private readonly db: Db,
    readonly queue: EmailQueue,
    private readonly settings: { publicUrl: string; mailFrom: string | undefined; secret: string },
  ) {
    // A key of its own, derived from the app's secret: an unsubscribe signature is no JWT signature.
    this.unsubscribeKey = crypto
      .createHmac('sha256', settings.secret)
      .update('advocate-hub email unsubscribe v1')
      .digest();
    this.host = new URL(settings.publicUrl).hostname || 'localhost';
  }

  get publicUrl(): string {
    return this.settings.publicUrl;
  }

  async brand(ex: Executor): Promise<Brand> {
    const p = await programRepo.get(ex);
    return { name: p.name, accentColor: p.accentColor, logoUrl: p.logoUrl, publicUrl: this.settings.publicUrl };
  }

  private from(brand: Brand): string {
    if (this.settings.mailFrom) return oneLine(this.settings.mailFrom, 320);
    const name = oneLine(brand.name, 100).replace(/["\\<>]/g, '');
    return `"${name}" <hub@${this.host}>`;
  }

  /** Writes the messages in the caller's transaction; returns those written (a taken dedupe key writes none). */
  async compose(tx: Executor, specs: EmailSpec[]): Promise<QueuedEmail[]> {
    if (!specs.length) return [];
    const brand = await this.brand(tx);
    const from = this.from(brand);
    const rows: NewEmailRow[] = specs.map((spec) => {
      const id = crypto.randomUUID();
      const headers: Record<string, string> = { From: from, 'Message-ID': `<${id}@${this.host}>` };
      const footer: Footer = {};
      if (spec.unsubscribe) {
        const url = this.unsubscribeUrl(spec.unsubscribe.memberId, spec.unsubscribe.topic);
        footer.unsubscribeUrl = url;
        footer.unsubscribeWhat = TOPIC_WORDS[spec.unsubscribe.topic];
        headers['List-Unsubscribe'] = `<${url}>`;
        headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
      }
      const r = spec.render(brand, footer);
      return {
        id,
        kind: spec.kind,
        to: spec.to,
        memberId: spec.memberId,
        subject: r.subject,
        text: r.text,
        html: r.html,
        headers,
        dedupeKey: spec.dedupeKey,
      };
    });
    return emailRepo.insert(tx, rows);
  }

  /** After the commit of the transaction that composed them: off to the queue. */
  sendLater(rows: QueuedEmail[]): void {
    this.queue.nudge(rows);
  }

  // ——— Unsubscribe ———

  private signature(memberId: string, topic: UnsubscribeTopic): string {
    return crypto.createHmac('sha256', this.unsubscribeKey).update(`${memberId}:${topic}`).digest('base64url');
  }

  unsubscribeUrl(memberId: string, topic: UnsubscribeTopic): string {
    const q = new URLSearchParams({ m: memberId, t: topic, s: this.signature(memberId, topic) });
    return `${this.settings.publicUrl}/unsubscribe?${q.toString()}`;
  }

  /** One click: turns the topic's emails (or the digest) off. Forged or foreign links → 400. */
  async unsubscribe(p: UnsubscribeParams): Promise<UnsubscribeTopic> {
    const expected = Buffer.from(this.signature(p.m, p.t));
    const given = Buffer.from(p.s);
    if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) throw unsubscribeInvalid();
    await this.db.transaction(async (tx) => {
      await membersRepo.lockById(tx, p.m);
      const member = await membersRepo.findById(tx, p.m);
      if (!member) throw unsubscribeInvalid();
      const prefs = NotificationPrefs.parse(member.notificationPrefs ?? {});
      if (p.t === 'digest') prefs.digest = false;
      else prefs.topics[p.t] = { ...prefs.topics[p.t], email: false };
      await membersRepo.update(tx, p.m, { notificationPrefs: prefs });
    });
    return p.t;
  }

  // ——— Preferences ———

  async preferences(memberId: string): Promise<NotificationPrefs> {
    const member = await membersRepo.findById(this.db, memberId);
    return NotificationPrefs.parse(member?.notificationPrefs ?? {});
  }

  async setPreferences(memberId: string, prefs: NotificationPrefs): Promise<NotificationPrefs> {
    const clean = NotificationPrefs.parse(prefs);
    await membersRepo.update(this.db, memberId, { notificationPrefs: clean });
    return clean;
  }

  // ——— The admin's outbox ———

  async list(q: { status?: EmailStatus; q?: string; limit: number; cursor?: string }) {
    const { rows, nextCursor } = await emailRepo.list(this.db, q);
    return { messages: rows.map(summary), nextCursor };
  }

  async one(id: string): Promise<EmailMessage> {
    const r = await emailRepo.byId(this.db, id);
    if (!r) throw notFound();
    return { ...summary(r), text: r.text, html: r.html, headers: r.headers };
  }

  /** Queues a failed message again (409 `email.not_failed` for any other). */
  async retry(id: string): Promise<EmailMessage> {
    const row = await emailRepo.requeue(this.db, id);
    if (!row) {
      if (!(await emailRepo.byId(this.db, id))) throw notFound();
      throw new AppError({
        code: EmailErrorCode.notFailed,
        status: 409,
        message: 'Only a failed message can be retried',
      });
    }
    this.sendLater([row]);
    return this.one(id);
  }
}
