import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { MEDIA_PURPOSES } from '@advocate-hub/shared';
import { members } from '../members/members.table.js';

export const MEDIA_STORAGES = ['local', 's3'] as const;

/**
 * One uploaded file. Images are kept only as re-encoded WebP variants (size → object key), never as
 * the bytes that were sent; PDFs (proofs only) are kept as sent, under the `original` variant.
 */
export const media = pgTable(
  'media',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: uuid('owner_id').references(() => members.id, { onDelete: 'set null' }),
    purpose: text('purpose', { enum: MEDIA_PURPOSES }).notNull(),
    /** Private files (proofs) are served only to their owner and admins, through the API. */
    private: boolean('private').notNull(),
    /** SHA-256 of the bytes sent (hex): public file names start with its first 32 characters. */
    contentHash: text('content_hash').notNull(),
    /** What the upload was, by its content (image/jpeg, image/png, image/webp, image/gif, application/pdf). */
    sourceMime: text('source_mime').notNull(),
    /** What is served: image/webp or application/pdf. */
    mime: text('mime').notNull(),
    bytes: integer('bytes').notNull(),
    width: integer('width'),
    height: integer('height'),
    /** Size ('64', '256', '1024', or 'original' for a PDF) → the object's key in the store. */
    variants: jsonb('variants').$type<Record<string, string>>().notNull(),
    storage: text('storage', { enum: MEDIA_STORAGES }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('media_owner_idx').on(t.ownerId),
    check('media_bytes_positive', sql`${t.bytes} > 0`),
    check('media_private_proofs', sql`(${t.purpose} = 'proof') = ${t.private}`),
  ],
);
export type MediaRow = typeof media.$inferSelect;
export type NewMediaRow = typeof media.$inferInsert;
