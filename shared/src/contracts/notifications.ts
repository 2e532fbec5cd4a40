import { z } from 'zod';
import { Timestamp } from '../common.js';

export const Notification = z.object({
  id: z.uuid(),
  kind: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  link: z.string().nullable(),
  readAt: Timestamp.nullable(),
  createdAt: Timestamp,
});
export type Notification = z.infer<typeof Notification>;
export const NotificationsResponse = z.object({
  notifications: z.array(Notification),
  unread: z.number().int(),
  nextCursor: z.string().nullable(),
});
