import type { SegmentCondition, SegmentErrorCode, SegmentRule } from '@advocate-hub/shared';
import { formatDate, formatNumber } from '@/shared/lib/format';

/**
 * The segment rule builder's vocabulary and form model: the fields and operators with their
 * labels, which input each operator needs, and the conversions between a row of the form and a
 * condition of the shared contract. Checked here without zod (the contract is imported as types
 * only, so the main bundle stays free of it).
 */

/** Codes of the segment endpoints the web switches on (same values as shared's `SegmentErrorCode`). */
export const SegmentCodes = {
  notFound: 'segments.not_found',
  nameTaken: 'segments.name_taken',
  inUse: 'segments.in_use',
  unknownReference: 'segments.unknown_reference',
} as const satisfies typeof SegmentErrorCode;

export type SegmentField = SegmentCondition['field'];
/** The kind of input an operator needs. */
export type ValueInput = 'none' | 'values' | 'level' | 'points' | 'groups' | 'date' | 'days' | 'score';

export interface OperatorDef {
  op: string;
  label: string;
  input: ValueInput;
}

export interface FieldDef {
  field: SegmentField;
  label: string;
  ops: readonly OperatorDef[];
}

const TEXT_OPS: readonly OperatorDef[] = [
  { op: 'is', label: 'is', input: 'values' },
  { op: 'is_not', label: 'is not', input: 'values' },
  { op: 'contains', label: 'contains', input: 'values' },
  { op: 'is_set', label: 'is set', input: 'none' },
  { op: 'is_not_set', label: 'is empty', input: 'none' },
];
const LIST_OPS: readonly OperatorDef[] = [
  { op: 'has_any', label: 'has any of', input: 'values' },
  { op: 'has_all', label: 'has all of', input: 'values' },
  { op: 'has_none', label: 'has none of', input: 'values' },
];

export const SEGMENT_FIELDS: readonly FieldDef[] = [
  { field: 'company', label: 'Company', ops: TEXT_OPS },
  { field: 'title', label: 'Job title', ops: TEXT_OPS },
  { field: 'industry', label: 'Industry', ops: TEXT_OPS },
  { field: 'region', label: 'Region', ops: TEXT_OPS },
  { field: 'persona', label: 'Persona', ops: TEXT_OPS },
  { field: 'products', label: 'Products', ops: LIST_OPS },
  { field: 'tags', label: 'Tags', ops: LIST_OPS },
  {
    field: 'level',
    label: 'Level',
    ops: [
      { op: 'at_least', label: 'at least', input: 'level' },
      { op: 'at_most', label: 'at most', input: 'level' },
      { op: 'is', label: 'is exactly', input: 'level' },
    ],
  },
  {
    field: 'lifetime',
    label: 'Points earned',
    ops: [
      { op: 'at_least', label: 'at least', input: 'points' },
      { op: 'at_most', label: 'at most', input: 'points' },
    ],
  },
  {
    field: 'groups',
    label: 'Groups',
    ops: [
      { op: 'in_any', label: 'in any of', input: 'groups' },
      { op: 'in_none', label: 'in none of', input: 'groups' },
    ],
  },
  {
    field: 'joined',
    label: 'Joined',
    ops: [
      { op: 'before', label: 'before', input: 'date' },
      { op: 'after', label: 'on or after', input: 'date' },
      { op: 'within_days', label: 'within the last N days', input: 'days' },
      { op: 'over_days', label: 'more than N days ago', input: 'days' },
    ],
  },
  {
    field: 'last_nps',
    label: 'Last NPS',
    ops: [
      { op: 'promoter', label: 'promoter (9–10)', input: 'none' },
      { op: 'passive', label: 'passive (7–8)', input: 'none' },
      { op: 'detractor', label: 'detractor (0–6)', input: 'none' },
      { op: 'unanswered', label: 'not answered', input: 'none' },
      { op: 'at_least', label: 'at least', input: 'score' },
      { op: 'at_most', label: 'at most', input: 'score' },
    ],
  },
];

/** Fields whose values the server suggests (GET /api/admin/segments/values). */
export type SuggestedField = 'company' | 'title' | 'industry' | 'region' | 'persona' | 'products' | 'tags';
export const SUGGESTED_FIELDS: readonly SuggestedField[] = [
  'company',
  'title',
  'industry',
  'region',
  'persona',
  'products',
  'tags',
];

const FIELD_BY_KEY = new Map(SEGMENT_FIELDS.map((f) => [f.field, f]));

export function fieldDef(field: SegmentField): FieldDef {
  return FIELD_BY_KEY.get(field) ?? SEGMENT_FIELDS[0]!;
}

export function operatorDef(field: SegmentField, op: string): OperatorDef {
  const def = fieldDef(field);
  return def.ops.find((o) => o.op === op) ?? def.ops[0]!;
}

export function isSuggestedField(field: SegmentField): field is SuggestedField {
  return (SUGGESTED_FIELDS as readonly string[]).includes(field);
}

/** Text fields match values ignoring case; products and tags match exactly. */
export function ignoresCase(field: SegmentField): boolean {
  return field !== 'products' && field !== 'tags';
}

// ——— The form model ———

let seq = 0;

/** One condition row: every kind of value is kept, so switching operators back and forth loses nothing. */
export interface ConditionDraft {
  key: string;
  field: SegmentField;
  op: string;
  values: string[];
  levelId: string | null;
  points: number | null;
  groupIds: string[];
  date: string;
  days: number | null;
  score: number | null;
}

export function newCondition(field: SegmentField = 'company'): ConditionDraft {
  seq += 1;
  return {
    key: `c${seq}`,
    field,
    op: fieldDef(field).ops[0]!.op,
    values: [],
    levelId: null,
    points: null,
    groupIds: [],
    date: '',
    days: null,
    score: null,
  };
}

/** Change a row's field: the first operator of the new field, values cleared (they meant something else). */
export function setField(row: ConditionDraft, field: SegmentField): void {
  if (row.field === field) return;
  const fresh = newCondition(field);
  Object.assign(row, { ...fresh, key: row.key });
}

export function setOperator(row: ConditionDraft, op: string): void {
  row.op = operatorDef(row.field, op).op;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}

function isInt(n: number | null, min: number, max: number): n is number {
  return n !== null && Number.isInteger(n) && n >= min && n <= max;
}

/** What is missing from a row before it can be sent, in words; null when it is complete. */
export function conditionProblem(row: ConditionDraft): string | null {
  switch (operatorDef(row.field, row.op).input) {
    case 'none':
      return null;
    case 'values':
      if (row.values.length === 0) return 'Add at least one value.';
      if (row.values.length > 50) return 'Use at most 50 values.';
      return null;
    case 'level':
      return row.levelId ? null : 'Choose a level.';
    case 'points':
      return isInt(row.points, 0, 1_000_000_000) ? null : 'Enter a number of points.';
    case 'groups':
      if (row.groupIds.length === 0) return 'Choose at least one group.';
      return row.groupIds.length > 50 ? 'Use at most 50 groups.' : null;
    case 'date':
      return validDate(row.date) ? null : 'Pick a date.';
    case 'days':
      return isInt(row.days, 1, 3650) ? null : 'Enter a number of days from 1 to 3650.';
    case 'score':
      return isInt(row.score, 0, 10) ? null : 'Enter a score from 0 to 10.';
  }
}

/** The contract's condition for a complete row; null while something is missing. */
export function toCondition(row: ConditionDraft): SegmentCondition | null {
  if (conditionProblem(row)) return null;
  const { field, op } = row;
  switch (operatorDef(field, op).input) {
    case 'none':
      return { field, op } as SegmentCondition;
    case 'values':
      return { field, op, values: row.values.map((v) => v.trim()).filter(Boolean) } as SegmentCondition;
    case 'level':
      return { field, op, levelId: row.levelId } as SegmentCondition;
    case 'points':
      return { field, op, value: row.points } as SegmentCondition;
    case 'groups':
      return { field, op, groupIds: [...row.groupIds] } as SegmentCondition;
    case 'date':
      return { field, op, date: row.date } as SegmentCondition;
    case 'days':
      return { field, op, days: row.days } as SegmentCondition;
    case 'score':
      return { field, op, value: row.score } as SegmentCondition;
  }
}

/** The rule to send, or null while any row is incomplete (an invalid rule is never sent). */
export function toRule(match: SegmentRule['match'], rows: readonly ConditionDraft[]): SegmentRule | null {
  const conditions: SegmentCondition[] = [];
  for (const row of rows) {
    const c = toCondition(row);
    if (!c) return null;
    conditions.push(c);
  }
  return { match, conditions };
}

export function fromCondition(c: SegmentCondition): ConditionDraft {
  const row = newCondition(c.field);
  row.op = c.op;
  if ('values' in c) row.values = [...c.values];
  if ('levelId' in c) row.levelId = c.levelId;
  if ('groupIds' in c) row.groupIds = [...c.groupIds];
  if ('date' in c) row.date = c.date;
  if ('days' in c) row.days = c.days;
  if ('value' in c) {
    if (c.field === 'lifetime') row.points = c.value;
    else row.score = c.value;
  }
  return row;
}

// ——— Words ———

export interface RuleNames {
  levels: ReadonlyMap<string, string>;
  groups: ReadonlyMap<string, string>;
}

function list(items: readonly string[], joiner: 'or' | 'and'): string {
  const quoted = items.map((v) => `“${v}”`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} ${joiner} ${quoted.at(-1)}`;
}

/** "Industry is “Technology” or “Retail”", "Joined within the last 30 days", "Level at least Gold". */
export function describeCondition(c: SegmentCondition, names: RuleNames): string {
  const field = fieldDef(c.field).label;
  const op = operatorDef(c.field, c.op);
  switch (op.input) {
    case 'none':
      return `${field} ${op.label}`;
    case 'values': {
      const values = 'values' in c ? c.values : [];
      return `${field} ${op.label} ${list(values, c.op === 'has_all' ? 'and' : 'or')}`;
    }
    case 'level': {
      const id = 'levelId' in c ? c.levelId : '';
      return `${field} ${op.label} ${names.levels.get(id) ?? 'a removed level'}`;
    }
    case 'points':
      return `${field} ${op.label} ${formatNumber('value' in c ? c.value : 0)}`;
    case 'groups': {
      const ids = 'groupIds' in c ? c.groupIds : [];
      return `${field}: ${op.label} ${list(
        ids.map((g) => names.groups.get(g) ?? 'a removed group'),
        'or',
      )}`;
    }
    case 'date': {
      const date = 'date' in c ? c.date : '';
      return `${field} ${op.label} ${formatDate(`${date}T12:00:00`)}`;
    }
    case 'days': {
      const days = 'days' in c ? c.days : 0;
      const unit = days === 1 ? 'day' : 'days';
      return c.op === 'within_days'
        ? `${field} within the last ${formatNumber(days)} ${unit}`
        : `${field} more than ${formatNumber(days)} ${unit} ago`;
    }
    case 'score':
      return `${field} ${op.label} ${'value' in c ? c.value : 0}`;
  }
}

/** The whole rule in one line; an empty rule is everyone. */
export function describeRule(rule: SegmentRule, names: RuleNames, max = 3): string {
  if (rule.conditions.length === 0) return 'Everyone: no conditions';
  const joiner = rule.match === 'all' ? ' and ' : ' or ';
  const shown = rule.conditions.slice(0, max).map((c) => describeCondition(c, names));
  const rest = rule.conditions.length - shown.length;
  return shown.join(joiner) + (rest > 0 ? ` (+${rest} more)` : '');
}

/** "12 of 40 members match". */
export function matchText(count: number, total: number): string {
  if (total === 1) return `${formatNumber(count)} of 1 member matches`;
  return `${formatNumber(count)} of ${formatNumber(total)} members match`;
}
