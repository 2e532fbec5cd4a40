/** Keyset paging on (created_at, id) and ILIKE terms, shared by the repos that list things. */
import { encodeKeysetCursor, parseKeysetCursor, parseSerialCursor, parseCursorTime } from '@advocate-hub/shared';

/** An opaque cursor for the row a page ended on. */
export const encodeCursor = encodeKeysetCursor;

/**
 * The row a cursor names. Route schemas refuse malformed cursors with a 400 before a repo runs; the
 * null here only covers internal callers that pass none.
 */
export function decodeCursor(cursor: string | undefined): { createdAt: Date; id: string } | null {
  return cursor ? parseKeysetCursor(cursor) : null;
}
export function decodeSerialCursor(cursor: string | undefined): number | null {
  return cursor ? parseSerialCursor(cursor) : null;
}
export function decodeTimeCursor(cursor: string | undefined): Date | null {
  return cursor ? parseCursorTime(cursor) : null;
}

/** `%term%` for ILIKE, with the pattern characters in the user's text taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
