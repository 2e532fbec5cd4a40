import { z } from 'zod';
import { Timestamp } from '../common.js';
import { LeaderboardVisibility } from './leaderboards.js';
import { RewardType } from './rewards.js';

/** Why a challenge is among "do this next". */
export const NextReason = z.enum(['levels_up', 'expires_soon', 'closer', 'recommended']);
export type NextReason = z.infer<typeof NextReason>;

export const HomeNextChallenge = z.object({
  id: z.uuid(),
  title: z.string(),
  category: z.string(),
  imageUrl: z.string().nullable(),
  totalPoints: z.number().int(),
  expireAt: Timestamp.nullable(),
  myStatus: z.enum(['available', 'in_progress']),
  reason: NextReason,
});
export type HomeNextChallenge = z.infer<typeof HomeNextChallenge>;

export const HomeStanding = z.object({
  /** Rank on the all-time board; null while unranked (no points yet, hidden, or not an advocate). */
  rank: z.number().int().nullable(),
  points: z.number().int(),
  visibility: LeaderboardVisibility,
  /** The nearest member above, as the board shows them (an alias when anonymous; hidden ones are skipped). */
  toPass: z.object({ name: z.string(), points: z.number().int() }).nullable(),
  total: z.number().int(),
});

export const HomeUnlock = z.object({
  kind: z.enum(['challenge', 'reward']),
  id: z.uuid(),
  name: z.string(),
});

export const HomeLevelProgress = z.object({
  current: z.object({ id: z.uuid(), name: z.string(), rank: z.number().int(), threshold: z.number().int() }).nullable(),
  next: z.object({ id: z.uuid(), name: z.string(), rank: z.number().int(), threshold: z.number().int() }).nullable(),
  lifetime: z.number().int(),
  /** Points still needed for the next level (null at the top level). */
  pointsToNext: z.number().int().nullable(),
  /** 0–100 along the way from the current level to the next. */
  percent: z.number().int(),
  /** What the next level opens: challenges and rewards whose minimum level it is. */
  unlocks: z.array(HomeUnlock),
});

export const HomeReward = z.object({
  id: z.uuid(),
  name: z.string(),
  type: RewardType,
  cost: z.number().int(),
  imageUrl: z.string().nullable(),
});

export const HomeStreak = z.object({
  /** Consecutive program weeks with at least one approved completion (this week counts once it has one). */
  weeks: z.number().int(),
  /** Whether this week already has an approved completion (else the streak ends last week). */
  thisWeek: z.boolean(),
});

export const HomeAchievement = z.object({
  id: z.string(),
  kind: z.enum(['badge', 'level', 'challenge']),
  /** The member as leaderboards show them: their name, or their alias when anonymous. */
  name: z.string(),
  anonymous: z.boolean(),
  text: z.string(),
  at: Timestamp,
});
export type HomeAchievement = z.infer<typeof HomeAchievement>;

/** GET /api/me/home — the advocate home dashboard in one read. */
export const HomeResponse = z.object({
  balance: z.number().int(),
  next: z.array(HomeNextChallenge),
  standing: HomeStanding.nullable(),
  level: HomeLevelProgress,
  affordable: z.array(HomeReward),
  streak: HomeStreak,
  feed: z.array(HomeAchievement),
  /** Show the "how it works" explainer (new members who have not put it away). */
  showIntro: z.boolean(),
});
export type HomeResponse = z.infer<typeof HomeResponse>;
