import { aliasName, ErrorCode, type HomeAchievement, type HomeResponse } from '@advocate-hub/shared';
import type { Db } from '../../db/client.js';
import type { AuthMember } from '../../platform/access.js';
import { AppError } from '../../platform/errors.js';
import type { DefinitionCache } from '../../platform/cache.js';
import type { CompletionsService } from '../completions/completions.service.js';
import type { LeaderboardsService } from '../leaderboards/leaderboards.service.js';
import { levelFor, levelsRepo } from '../levels/levels.repo.js';
import { membersRepo } from '../members/members.repo.js';
import type { RewardsService } from '../rewards/rewards.service.js';
import { homeRepo, type FeedRow } from './home.repo.js';
import { currentStreak, levelPercent, rankNext, showIntro } from './home.rules.js';

const FEED_SIZE = 8;
const AFFORDABLE_SIZE = 4;
const UNLOCKS_SIZE = 6;

/**
 * The advocate home dashboard in one read. Every part comes from the module that owns its rules:
 * challenges as the challenges feed shows them (targeting, prerequisites, repeat caps), rewards as
 * the catalog decides them (stock, balance, level, limits), standing from the leaderboards.
 */
export class HomeService {
  constructor(
    private readonly db: Db,
    private readonly cache: DefinitionCache,
    private readonly completions: CompletionsService,
    private readonly rewards: RewardsService,
    private readonly leaderboards: LeaderboardsService,
    private readonly timezone: string,
    private readonly clock: () => Date,
  ) {}

  async home(caller: AuthMember): Promise<HomeResponse> {
    const now = this.clock();
    const [member, levels, challenges, catalog, weeks, feed, standing] = await Promise.all([
      membersRepo.findById(this.db, caller.id),
      levelsRepo.cached(this.db, this.cache),
      this.completions.feed(caller.id),
      this.rewards.catalog(caller.id),
      homeRepo.approvedWeeks(this.db, caller.id, this.timezone),
      homeRepo.feed(this.db, caller.id, FEED_SIZE),
      // The board may still be loading on a node that just started: the rest of the page does not wait for it.
      this.leaderboards.standing(caller).catch(() => null),
    ]);
    if (!member) throw new AppError({ code: ErrorCode.memberNotFound, status: 404, message: 'Member not found' });
    const { current, next } = levelFor(levels, member.lifetime);
    const pointsToNext = next ? next.threshold - member.lifetime : null;
    const unlocks = next
      ? [
          ...challenges
            .filter((c) => c.minLevelRank === next.rank)
            .map((c) => ({ kind: 'challenge' as const, id: c.id, name: c.title })),
          ...catalog.rewards
            .filter((r) => r.minLevel?.rank === next.rank)
            .map((r) => ({ kind: 'reward' as const, id: r.id, name: r.name })),
        ].slice(0, UNLOCKS_SIZE)
      : [];
    const affordable = catalog.rewards
      .filter((r) => r.blocked === null)
      .sort((a, b) => Number(b.featured) - Number(a.featured) || b.cost - a.cost || a.name.localeCompare(b.name))
      .slice(0, AFFORDABLE_SIZE)
      .map((r) => ({ id: r.id, name: r.name, type: r.type, cost: r.cost, imageUrl: r.imageUrl }));
    const lvl = (l: typeof current) => (l ? { id: l.id, name: l.name, rank: l.rank, threshold: l.threshold } : null);
    return {
      balance: member.balance,
      next: rankNext(challenges, pointsToNext, now),
      standing: standing
        ? {
            rank: standing.rank,
            points: standing.points,
            visibility: standing.visibility,
            toPass: standing.toPass,
            total: standing.total,
          }
        : null,
      level: {
        current: lvl(current),
        next: lvl(next),
        lifetime: member.lifetime,
        pointsToNext,
        percent: levelPercent(member.lifetime, current?.threshold ?? 0, next?.threshold ?? null),
        unlocks,
      },
      affordable,
      streak: currentStreak(weeks, now, this.timezone),
      feed: feed.map(achievementView),
      showIntro: showIntro(member, now),
    };
  }
}

function achievementView(r: FeedRow): HomeAchievement {
  const anonymous = r.visibility !== 'named';
  const text =
    r.kind === 'badge'
      ? `earned the ${r.label} badge`
      : r.kind === 'level'
        ? `reached ${r.label}`
        : r.restricted
          ? 'completed a challenge'
          : `completed ${r.label}`;
  return {
    id: r.id,
    kind: r.kind,
    name: anonymous ? aliasName(r.aliasNumber) : r.name,
    anonymous,
    text,
    at: r.at.toISOString(),
  };
}
