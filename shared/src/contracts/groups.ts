import { z } from 'zod';
import { Timestamp } from '../common.js';

export const Group = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  memberCount: z.number().int(),
  createdAt: Timestamp,
});
export type Group = z.infer<typeof Group>;
export const GroupsResponse = z.object({ groups: z.array(Group) });
export const GroupResponse = z.object({ group: Group });
export const GroupBody = z.object({
  name: z.string().trim().min(1).max(80),
  description: z.string().trim().max(500).nullable().optional(),
});
export const GroupMembersBody = z.object({ memberIds: z.array(z.uuid()).min(1).max(1000) });
export const GroupMembersResponse = z.object({
  members: z.array(z.object({ id: z.uuid(), name: z.string(), email: z.string(), addedAt: Timestamp })),
});
