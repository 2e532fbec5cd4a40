import { parse } from 'csv-parse/sync';
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, IntegrationErrorCode as E } from '@advocate-hub/shared';
import { AppError } from '../../platform/errors.js';

/** One data row of a CSV file: its line in the file (the header is line 1) and its cells by column. */
export interface CsvRecord {
  row: number;
  cells: Record<string, string>;
}

const badCsv = (message: string) => new AppError({ code: E.badCsv, status: 400, message });

/** Cells a spreadsheet would run as a formula were written with a leading apostrophe (CSV injection). */
const unsafe = (v: string) => (/^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v);

/**
 * Reads a CSV file with a header row (names are matched case-insensitively, spaces as underscores).
 * Refused with 400 when it is too large, malformed, lacks a required column or has over 10 000 rows.
 */
export function readCsv(text: string, required: readonly string[], known: readonly string[]): CsvRecord[] {
  if (Buffer.byteLength(text) > IMPORT_MAX_BYTES)
    throw badCsv(`The file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB`);
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  } catch (err) {
    throw badCsv(`This is not a CSV file we can read: ${(err as Error).message}`);
  }
  const [header, ...data] = rows;
  if (!header) throw badCsv('The file is empty');
  const names = header.map((h) => h.trim().toLowerCase().replace(/\s+/g, '_'));
  const missing = required.filter((c) => !names.includes(c));
  if (missing.length)
    throw badCsv(`Missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')} (columns: ${known.join(',')})`);
  if (data.length > IMPORT_MAX_ROWS)
    throw new AppError({
      code: E.tooManyRows,
      status: 400,
      message: `At most ${IMPORT_MAX_ROWS} rows per file (this one has ${data.length})`,
    });
  return data.map((cells, i) => {
    const byName: Record<string, string> = {};
    names.forEach((n, j) => {
      if (known.includes(n)) byName[n] = unsafe(cells[j] ?? '');
    });
    return { row: i + 2, cells: byName };
  });
}

/** A multi-value cell: values separated by `;` or `|`, trimmed, without empties or repeats. */
export function listCell(v: string | undefined): string[] | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  return [
    ...new Set(
      v
        .split(/[;|]/)
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  ];
}

/** A cell, or undefined when it is empty (an empty cell changes nothing). */
export const cell = (v: string | undefined): string | undefined => (v === undefined || v === '' ? undefined : v);
