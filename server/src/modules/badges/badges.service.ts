import { EngineErrorCode, type Badge, type BadgeArt, type BadgeLook, type BadgeRule } from '@advocate-hub/shared';
import type { SQL } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.js';
import { AppError } from '../../platform/errors.js';
import type { Outbox } from '../../platform/events.js';
import type { UnitOfWork } from '../outbox/unit-of-work.js';
import { auditRepo } from '../audit/audit.repo.js';
import type { DefinitionCache } from '../../platform/cache.js';
import { badgesRepo, progressSql, qualifyingSql } from './badges.repo.js';
import type { BadgeRow } from './badges.table.js';

const notFound = () => new AppError({ code: EngineErrorCode.badgeNotFound, status: 404, message: 'Badge not found' });

/** How a badge looks (picture, art, legacy icon), as every badge reference carries it. */
export function badgeLook(b: Pick<BadgeRow, 'icon' | 'art' | 'imageUrl'>): BadgeLook {
  return { icon: b.icon, art: b.art ?? null, imageUrl: b.imageUrl ?? null };
}

type GrantedBadge = { id: string; name: string } & BadgeLook;

export function toBadge(b: BadgeRow, holders: number): Badge {
  return {
    id: b.id,
    name: b.name,
    description: b.description,
    ...badgeLook(b),
    rule: b.rule,
    archived: b.archivedAt !== null,
    holders,
    createdAt: b.createdAt.toISOString(),
  };
}

/** What just happened to a member, so only the rules it can affect are checked. */
export interface BadgeTrigger {
  approvedCompletion?: boolean;
  completedChallenge?: { challengeId: string; badgeId: string | null; title: string };
  levelReached?: boolean;
}

export class BadgesService {
  constructor(
    private readonly db: Db,
    private readonly uow: UnitOfWork,
    private readonly timezone: string,
    private readonly cache: DefinitionCache,
  ) {}

  /** Grants, inside the caller's transaction, every badge the trigger makes the member qualify for. */
  /** Active badges (cached). Load them before opening a transaction, never inside one. */
  active(): Promise<BadgeRow[]> {
    return this.cache.get('badges:active', async () => (await badgesRepo.list(this.db, true)).map((x) => x.badge));
  }

  async evaluate(
    tx: Executor,
    outbox: Outbox,
    memberId: string,
    t: BadgeTrigger,
    all: BadgeRow[],
  ): Promise<GrantedBadge[]> {
    const granted: GrantedBadge[] = [];
    if (!all.length) return granted;
    const note = (b: BadgeRow) => {
      const badge = { id: b.id, name: b.name, ...badgeLook(b) };
      granted.push(badge);
      outbox.add('badge.granted', { memberId, badge });
    };
    if (t.completedChallenge?.badgeId) {
      const b = all.find((x) => x.id === t.completedChallenge!.badgeId);
      if (b && (await badgesRepo.grantOne(tx, b.id, memberId, `Completed ${t.completedChallenge.title}`, null)))
        note(b);
    }
    // Every rule this trigger can affect, checked and granted in one statement; a rule whose badge
    // the member already holds (or once held) is not evaluated at all.
    const rules: { badgeId: string; qualifies: SQL }[] = [];
    for (const b of all) {
      const r = b.rule;
      const relevant =
        (r.type === 'challenge_done' && t.completedChallenge?.challengeId === r.challengeId) ||
        ((r.type === 'completions_count' || r.type === 'weekly_streak') && t.approvedCompletion) ||
        (r.type === 'level_reached' && t.levelReached);
      const q = relevant ? qualifyingSql(r, this.timezone, memberId) : null;
      if (q && !granted.some((g) => g.id === b.id)) rules.push({ badgeId: b.id, qualifies: q });
    }
    for (const id of await badgesRepo.grantQualifying(tx, memberId, rules, 'Rule met'))
      note(all.find((x) => x.id === id)!);
    return granted;
  }

  async list(): Promise<Badge[]> {
    return (await badgesRepo.list(this.db)).map((x) => toBadge(x.badge, x.holders));
  }

  /** How many members would qualify for a rule right now (before saving it). */
  async preview(rule: BadgeRule): Promise<number> {
    const q = qualifyingSql(rule, this.timezone);
    return q ? badgesRepo.count(this.db, q) : 0;
  }

  /** Creates a badge and backfills it to everyone who already qualifies. */
  async create(
    actorId: string,
    body: {
      name: string;
      description?: string | null;
      icon?: string | null;
      art?: BadgeArt | null;
      imageUrl?: string | null;
      rule: BadgeRule;
    },
    ip: string | null,
  ) {
    return this.uow.run(async (tx, outbox) => {
      const b = await badgesRepo.insert(tx, {
        name: body.name,
        description: body.description ?? null,
        icon: body.icon ?? null,
        art: body.art ?? null,
        imageUrl: body.imageUrl ?? null,
        rule: body.rule,
        createdBy: actorId,
      });
      const q = qualifyingSql(body.rule, this.timezone);
      const got = q ? await badgesRepo.grantTo(tx, b.id, q, 'Backfill: rule already met') : [];
      for (const memberId of got)
        outbox.add('badge.granted', { memberId, badge: { id: b.id, name: b.name, ...badgeLook(b) } });
      await auditRepo.record(tx, {
        actorId,
        action: 'badge.created',
        targetType: 'badge',
        targetId: b.id,
        data: { name: b.name, rule: body.rule, backfilled: got.length },
        ip,
      });
      this.cache.clear();
      return { badge: toBadge(b, got.length), backfilled: got.length };
    });
  }

  async update(
    actorId: string,
    id: string,
    patch: {
      name?: string;
      description?: string | null;
      icon?: string | null;
      art?: BadgeArt | null;
      imageUrl?: string | null;
      archived?: boolean;
    },
    ip: string | null,
  ) {
    return this.db.transaction(async (tx) => {
      const { archived, ...rest } = patch;
      const b = await badgesRepo.update(tx, id, {
        ...rest,
        ...(archived === undefined ? {} : { archivedAt: archived ? new Date() : null }),
      });
      if (!b) throw notFound();
      await auditRepo.record(tx, {
        actorId,
        action: 'badge.updated',
        targetType: 'badge',
        targetId: id,
        data: patch,
        ip,
      });
      const holders = (await badgesRepo.list(tx)).find((x) => x.badge.id === id)?.holders ?? 0;
      this.cache.clear();
      return toBadge(b, holders);
    });
  }

  async award(actorId: string, badgeId: string, memberId: string, reason: string, ip: string | null) {
    await this.uow.run(async (tx, outbox) => {
      const b = await badgesRepo.findById(tx, badgeId);
      if (!b) throw notFound();
      const ok =
        (await badgesRepo.grantOne(tx, badgeId, memberId, reason, actorId)) ||
        (await badgesRepo.regrant(tx, badgeId, memberId, reason, actorId));
      if (!ok)
        throw new AppError({
          code: EngineErrorCode.badgeAlreadyHeld,
          status: 409,
          message: 'The member already holds this badge',
        });
      await auditRepo.record(tx, {
        actorId,
        action: 'badge.awarded',
        targetType: 'member',
        targetId: memberId,
        data: { badgeId, reason },
        ip,
      });
      outbox.add('badge.granted', { memberId, badge: { id: b.id, name: b.name, ...badgeLook(b) } });
    });
  }

  async revoke(actorId: string, badgeId: string, memberId: string, reason: string, ip: string | null) {
    await this.db.transaction(async (tx) => {
      if (!(await badgesRepo.findById(tx, badgeId))) throw notFound();
      if (!(await badgesRepo.revoke(tx, badgeId, memberId, reason, actorId)))
        throw new AppError({
          code: EngineErrorCode.badgeNotHeld,
          status: 409,
          message: 'The member does not hold this badge',
        });
      await auditRepo.record(tx, {
        actorId,
        action: 'badge.revoked',
        targetType: 'member',
        targetId: memberId,
        data: { badgeId, reason },
        ip,
      });
    });
  }

  async holders(badgeId: string) {
    if (!(await badgesRepo.findById(this.db, badgeId))) throw notFound();
    return (await badgesRepo.holders(this.db, badgeId)).map((h) => ({
      ...h,
      grantedAt: h.grantedAt.toISOString(),
      revokedAt: h.revokedAt?.toISOString() ?? null,
    }));
  }

  /** Every active badge with the member's state: earned, or progress towards it. */
  async mine(memberId: string) {
    const [all, held] = await Promise.all([badgesRepo.list(this.db, true), badgesRepo.ofMember(this.db, memberId)]);
    return Promise.all(
      all.map(async ({ badge }) => {
        const earned = held.find((h) => h.id === badge.id);
        let progress: { current: number; target: number } | null = null;
        const q = earned ? null : progressSql(badge.rule, this.timezone, memberId);
        if (q) {
          const target =
            badge.rule.type === 'completions_count'
              ? badge.rule.count
              : badge.rule.type === 'weekly_streak'
                ? badge.rule.weeks
                : badge.rule.type === 'level_reached'
                  ? badge.rule.rank
                  : 0;
          progress = { current: Math.min(await badgesRepo.progress(this.db, q), target), target };
        }
        return {
          id: badge.id,
          name: badge.name,
          description: badge.description,
          ...badgeLook(badge),
          earnedAt: earned?.grantedAt.toISOString() ?? null,
          progress,
        };
      }),
    );
  }

  async ofMember(memberId: string) {
    return (await badgesRepo.ofMember(this.db, memberId)).map((b) => ({
      id: b.id,
      name: b.name,
      ...badgeLook(b),
      grantedAt: b.grantedAt.toISOString(),
    }));
  }
}
