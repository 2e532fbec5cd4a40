import { z } from 'zod';
import { Timestamp } from '../common.js';

/** A number for this week so far, and for last week up to the same moment (a fair trend). */
export const WeekMetric = z.object({
  thisWeek: z.number().int(),
  lastWeek: z.number().int().describe('Last week, from its start to the same time of the week as now'),
});
export type WeekMetric = z.infer<typeof WeekMetric>;

export const AdminOverview = z.object({
  weekStart: Timestamp.describe('Monday 00:00 of this week in the program time zone'),
  activeAdvocates: WeekMetric.describe('Advocates who submitted a challenge step or posted in the community'),
  completions: WeekMetric.describe('Challenge rounds completed'),
  pointsAwarded: WeekMetric.describe('Points earned plus points added by admins'),
  pendingReviews: z.number().int().describe('Submitted steps waiting for a reviewer'),
  pendingRedemptions: z.number().int().describe('Redemptions waiting for approval'),
  members: z.object({ total: z.number().int(), invited: z.number().int(), suspended: z.number().int() }),
  activeJoinCodes: z.number().int().describe('Enabled, not expired, not used up'),
});
export type AdminOverview = z.infer<typeof AdminOverview>;
export const AdminOverviewResponse = z.object({ overview: AdminOverview });
