import crypto from 'node:crypto';
import { DateTime } from 'luxon';
import type { Role } from '@advocate-hub/shared';
import type { Db } from '../../db/client.js';
import { membersRepo } from '../members/members.repo.js';
import { challengesRepo } from '../challenges/challenges.repo.js';
import type { CompletionsService } from '../completions/completions.service.js';
import type { LeaderboardsService } from '../leaderboards/leaderboards.service.js';
import type { EmailService } from './email.service.js';
import { templates } from './email.templates.js';

const WEEK_MS = 7 * 24 * 3600 * 1000;

/**
 * The weekly digest: for each active advocate who wants it, the challenges published in the last seven
 * days that they can see, and their rank on this month's leaderboard. One email per member and week
 * (the scheduled run); an admin's "send now" always sends.
 */
export class DigestService {
  constructor(
    private readonly db: Db,
    private readonly email: EmailService,
    private readonly completions: CompletionsService,
    private readonly leaderboards: () => LeaderboardsService,
    private readonly timezone: string,
    private readonly clock: () => Date,
  ) {}

  /** Queues the digest; returns how many emails were queued. */
  async run(opts: { memberId?: string; manual?: boolean } = {}): Promise<number> {
    const now = this.clock();
    const week = DateTime.fromJSDate(now).setZone(this.timezone).toFormat("kkkk-'W'WW");
    const since = now.getTime() - WEEK_MS;
    const recent = new Map(
      (await challengesRepo.listLive(this.db, now))
        .filter((c) => (c.publishAt ?? c.createdAt).getTime() >= since)
        .map((c) => [c.id, c]),
    );
    const recipients = await membersRepo.digestRecipients(this.db, opts.memberId);
    let queued = 0;
    for (const m of recipients) {
      const visible = recent.size ? await this.completions.feed(m.id) : [];
      const challenges = visible
        .filter((c) => recent.has(c.id))
        .map((c) => ({ title: c.title, points: c.totalPoints, url: `${this.email.publicUrl}/challenges/${c.id}` }));
      const standing = await this.standing(m);
      const key = opts.manual ? `digest:${m.id}:now:${crypto.randomUUID()}` : `digest:${m.id}:${week}`;
      const rows = await this.db.transaction((tx) =>
        this.email.compose(tx, [
          {
            kind: 'digest',
            to: m.email,
            memberId: m.id,
            dedupeKey: key,
            unsubscribe: { memberId: m.id, topic: 'digest' },
            render: (brand, footer) =>
              templates.digest(
                brand,
                { name: m.name, challenges, ...standing, url: `${this.email.publicUrl}/challenges` },
                footer,
              ),
          },
        ]),
      );
      this.email.sendLater(rows);
      queued += rows.length;
    }
    return queued;
  }

  /** Rank this month (the leaderboards' own answer); without one, the member's lifetime points. */
  private async standing(m: { id: string; roles: Role[] }) {
    const member = await membersRepo.findById(this.db, m.id);
    const points = member?.lifetime ?? 0;
    try {
      const board = await this.leaderboards().leaderboard({ id: m.id, roles: m.roles }, 'global', 'month', 1);
      return { rank: board.me?.rank ?? null, points };
    } catch {
      return { rank: null, points };
    }
  }
}
