import { z } from 'zod';
import { PageQuery, Timestamp } from '../common.js';
import { httpUrl } from '../fields.js';

/** Stable error codes of outgoing webhooks (never rename one). */
export const WebhookErrorCode = {
  notFound: 'webhooks.not_found',
  deliveryNotFound: 'webhooks.delivery_not_found',
  /** The URL's host is (or resolves to) a private, loopback, link-local… address not in WEBHOOK_ALLOW_HOSTS. */
  targetRefused: 'webhooks.target_refused',
  endpointDisabled: 'webhooks.endpoint_disabled',
} as const;

/**
 * What an endpoint can subscribe to. Each is sent as `{type, timestamp, data}`, signed per the
 * Standard Webhooks spec (https://www.standardwebhooks.com).
 */
export const WEBHOOK_EVENT_TYPES = [
  'member.joined',
  'completion.approved',
  'completion.rejected',
  'challenge.completed',
  'points.awarded',
  'level.reached',
  'badge.granted',
  'redemption.requested',
  'redemption.changed',
  'referral.advanced',
] as const;
export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

/** Plain words for each event type (the create form, the log). */
export const WEBHOOK_EVENT_LABELS: Record<WebhookEventType, string> = {
  'member.joined': 'A member joined (invite, join code, SSO, SCIM or import)',
  'completion.approved': 'A completion was approved',
  'completion.rejected': 'A completion was rejected',
  'challenge.completed': 'A member finished every stage of a challenge',
  'points.awarded': 'Points were awarded (auto-approved completions, bonuses, adjustments)',
  'level.reached': 'A member reached a level',
  'badge.granted': 'A badge was granted',
  'redemption.requested': 'A reward was requested',
  'redemption.changed': 'A redemption was approved, fulfilled, declined or cancelled',
  'referral.advanced': 'A referral moved to another stage',
};

/** The type of the event "Send test event" sends (never subscribed to: every endpoint can receive it). */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

/** pending: waiting for its (next) attempt; succeeded: a 2xx answer; failed: attempts ran out, a 410, or the endpoint was disabled. */
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export const WebhookDeliveryStatus = z.enum(WEBHOOK_DELIVERY_STATUSES);
export type WebhookDeliveryStatus = z.infer<typeof WebhookDeliveryStatus>;

export const Webhook = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string().nullable(),
  events: z.array(WebhookEventType),
  enabled: z.boolean(),
  /** Why the hub disabled it (a 410 Gone answer), or null. */
  disabledReason: z.string().nullable(),
  disabledAt: Timestamp.nullable(),
  /** `whsec_` and the first characters of the current secret, to tell secrets apart. */
  secretHint: z.string(),
  /** Until then the previous secret still signs too (after a rotation). */
  previousSecretExpiresAt: Timestamp.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  /** The latest delivery, for the list. */
  lastDelivery: z
    .object({ status: WebhookDeliveryStatus, at: Timestamp, httpStatus: z.number().int().nullable() })
    .nullable(),
});
export type Webhook = z.infer<typeof Webhook>;

const events = z.array(WebhookEventType).min(1, 'Choose at least one event').max(WEBHOOK_EVENT_TYPES.length);

export const CreateWebhookBody = z.object({
  url: httpUrl,
  events,
  description: z.string().trim().max(300).optional(),
});
export type CreateWebhookBody = z.infer<typeof CreateWebhookBody>;

export const UpdateWebhookBody = z
  .object({
    url: httpUrl.optional(),
    events: events.optional(),
    description: z.string().trim().max(300).nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Send at least one field to change');
export type UpdateWebhookBody = z.infer<typeof UpdateWebhookBody>;

export const WebhookResponse = z.object({ webhook: Webhook });
export const WebhooksResponse = z.object({ webhooks: z.array(Webhook) });
/** The secret (`whsec_` + base64 of 32 random bytes) is in this answer only. */
export const WebhookSecretResponse = z.object({ webhook: Webhook, secret: z.string() });
export type WebhookSecretResponse = z.infer<typeof WebhookSecretResponse>;

export const WebhookDelivery = z.object({
  id: z.uuid(),
  webhookId: z.uuid(),
  eventType: z.string(),
  /** The `webhook-id` header: the same across retries and replays of one message. */
  msgId: z.string(),
  status: WebhookDeliveryStatus,
  attempts: z.number().int(),
  lastHttpStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  /** The first characters of the receiver's last answer. */
  responseSnippet: z.string().nullable(),
  /** The signed JSON body. */
  body: z.string(),
  nextAttemptAt: Timestamp.nullable(),
  lastAttemptAt: Timestamp.nullable(),
  deliveredAt: Timestamp.nullable(),
  createdAt: Timestamp,
  /** The delivery this one replays, or null. */
  replayOf: z.uuid().nullable(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const WebhookDeliveriesQuery = PageQuery.extend({ status: WebhookDeliveryStatus.optional() });
export const WebhookDeliveriesResponse = z.object({
  deliveries: z.array(WebhookDelivery),
  nextCursor: z.string().nullable(),
});
export type WebhookDeliveriesResponse = z.infer<typeof WebhookDeliveriesResponse>;
export const WebhookDeliveryResponse = z.object({ delivery: WebhookDelivery });
export const WebhookDeliveryParams = z.object({ id: z.uuid(), deliveryId: z.uuid() });
