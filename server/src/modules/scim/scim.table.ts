import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { groups } from '../groups/groups.table.js';
import { members } from '../members/members.table.js';

/** What SCIM knows of a member beyond the member row: the IdP's `externalId`, and when SCIM last changed it. */
export const scimUsers = pgTable(
  'scim_users',
  {
    memberId: uuid('member_id')
      .primaryKey()
      .references(() => members.id, { onDelete: 'cascade' }),
    externalId: text('external_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('scim_users_external_id_idx').on(t.externalId)],
);
export type ScimUserRow = typeof scimUsers.$inferSelect;

/** What SCIM knows of a group: the IdP's `externalId`, and when SCIM last changed it. */
export const scimGroups = pgTable(
  'scim_groups',
  {
    groupId: uuid('group_id')
      .primaryKey()
      .references(() => groups.id, { onDelete: 'cascade' }),
    externalId: text('external_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('scim_groups_external_id_idx').on(t.externalId)],
);
export type ScimGroupRow = typeof scimGroups.$inferSelect;
