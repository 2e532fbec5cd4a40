import { z } from 'zod';

/**
 * What a member can be told about, grouped the way the profile's preferences show them. A notification
 * kind (`completion.approved`, `redemption.fulfilled`, `community.mentioned`, …) belongs to one topic.
 */
export const NOTIFICATION_TOPICS = [
  'points',
  'reviews',
  'redemptions',
  'levels',
  'badges',
  'community',
  'references',
] as const;
export type NotificationTopic = (typeof NOTIFICATION_TOPICS)[number];
export const NOTIFICATION_CHANNELS = ['inApp', 'email'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export const TopicPrefs = z.object({ inApp: z.boolean().optional(), email: z.boolean().optional() });
/** Stored on the member; a missing entry means "on" (in-app and email), the digest is on unless `digest: false`. */
export const NotificationPrefs = z.object({
  topics: z.partialRecord(z.enum(NOTIFICATION_TOPICS), TopicPrefs).default({}),
  digest: z.boolean().optional(),
});
export type NotificationPrefs = z.infer<typeof NotificationPrefs>;

const TOPIC_OF_PREFIX: [string, NotificationTopic][] = [
  ['completion.', 'reviews'],
  ['points.', 'points'],
  ['redemption.', 'redemptions'],
  ['level.', 'levels'],
  ['badge.', 'badges'],
  ['community.', 'community'],
  ['reference.', 'references'],
];

/** The topic a notification kind belongs to (kinds outside every topic, e.g. account notices, are always sent). */
export function topicOf(kind: string): NotificationTopic | null {
  return TOPIC_OF_PREFIX.find(([prefix]) => kind.startsWith(prefix))?.[1] ?? null;
}

/** Whether a member with these preferences wants `kind` on `channel`. */
export function prefersChannel(
  prefs: Partial<NotificationPrefs> | null | undefined,
  kind: string,
  channel: NotificationChannel,
): boolean {
  const topic = topicOf(kind);
  if (!topic) return true;
  return prefs?.topics?.[topic]?.[channel] !== false;
}

/** Whether the member wants the weekly digest email. */
export const wantsDigest = (prefs: Partial<NotificationPrefs> | null | undefined) => prefs?.digest !== false;
