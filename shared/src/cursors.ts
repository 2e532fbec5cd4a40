/**
 * Page cursors. Clients treat them as opaque strings handed back from `nextCursor`; the server checks
 * them here, in the query schema, so a forged or mangled cursor is a 400 `validation.failed`, never a
 * database error. Three shapes exist, one per kind of list:
 * - keyset: base64url of `<ISO timestamp>|<uuid>` (lists ordered by creation time and id)
 * - serial: a positive integer id (append-only lists: the ledger, the audit log)
 * - time:   an ISO timestamp (notifications)
 */
import { z } from 'zod';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A canonical 8-4-4-4-12 hex UUID (what PostgreSQL's uuid type will take). */
export const isUuid = (text: string): boolean => UUID.test(text);
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
/** Timestamps PostgreSQL and every list can hold: years 1970 to 9999. */
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59);
const NOT_A_CURSOR = 'Not a cursor from this list; start again without one';

/** An ISO-8601 UTC timestamp within the range the database holds, else null. */
export function parseCursorTime(text: string): Date | null {
  if (!ISO_UTC.test(text)) return null;
  const t = Date.parse(text);
  return Number.isNaN(t) || t < EARLIEST || t > LATEST ? null : new Date(t);
}

function fromBase64Url(text: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return null;
  try {
    return atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return null;
  }
}

export function encodeKeysetCursor(row: { createdAt: Date; id: string }): string {
  return btoa(`${row.createdAt.toISOString()}|${row.id}`).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The row a keyset cursor names, or null when the text is not one. */
export function parseKeysetCursor(text: string): { createdAt: Date; id: string } | null {
  const decoded = fromBase64Url(text);
  if (decoded === null) return null;
  const [ts, id, ...rest] = decoded.split('|');
  if (rest.length || !ts || !id || !isUuid(id)) return null;
  const createdAt = parseCursorTime(ts);
  return createdAt ? { createdAt, id } : null;
}

/** The id a serial cursor names (a positive safe integer), or null. */
export function parseSerialCursor(text: string): number | null {
  if (!/^[1-9]\d{0,15}$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}

export const keysetCursor = z
  .string()
  .max(200)
  .refine((v) => parseKeysetCursor(v) !== null, NOT_A_CURSOR)
  .describe('Opaque cursor from `nextCursor`');
export const serialCursor = z
  .string()
  .max(20)
  .refine((v) => parseSerialCursor(v) !== null, NOT_A_CURSOR)
  .describe('Opaque cursor from `nextCursor`');
export const timeCursor = z
  .string()
  .max(40)
  .refine((v) => parseCursorTime(v) !== null, NOT_A_CURSOR)
  .describe('Opaque cursor from `nextCursor`');
