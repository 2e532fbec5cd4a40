/**
 * Segment rules, evaluated two ways: compiled to SQL over `members` (counts, member lists, audience
 * of a challenge) and in memory for one member (feed, submit). Both start from the same resolved
 * form, where dates and levels are already turned into instants and point bounds, so the two paths
 * share every computed parameter; a property test checks they agree on the rest.
 */
import { sql, type SQL } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { SegmentCondition, SegmentRule, SegmentTextField } from '@advocate-hub/shared';
import { members } from '../members/members.table.js';

type TextCol = SegmentTextField;
type ListCol = 'products' | 'tags';

export type Predicate =
  | { t: 'text'; col: TextCol; op: 'is' | 'is_not' | 'contains'; values: string[] }
  | { t: 'set'; col: TextCol; set: boolean }
  | { t: 'list'; col: ListCol; op: 'has_any' | 'has_all' | 'has_none'; values: string[] }
  | { t: 'range'; col: 'lifetime' | 'lastNps'; min: number | null; max: number | null }
  | { t: 'npsUnanswered' }
  | { t: 'groups'; any: boolean; groupIds: string[] }
  | { t: 'joined'; from: Date | null; before: Date | null }
  | { t: 'const'; value: boolean };

export interface RuleContext {
  /** Levels sorted by threshold. */
  levels: { id: string; threshold: number }[];
  now: Date;
  timezone: string;
}

/** What the in-memory evaluator needs of a member. */
export interface SegmentSubject {
  company: string | null;
  title: string | null;
  industry: string | null;
  region: string | null;
  persona: string | null;
  products: string[];
  tags: string[];
  lifetime: number;
  lastNps: number | null;
  joinedAt: Date | null;
  groupIds: ReadonlySet<string>;
}

const lower = (v: string[]) => [...new Set(v.map((x) => x.toLowerCase()))];

export function resolveCondition(c: SegmentCondition, ctx: RuleContext): Predicate {
  switch (c.field) {
    case 'products':
    case 'tags':
      return { t: 'list', col: c.field, op: c.op, values: [...new Set(c.values)] };
    case 'level': {
      const i = ctx.levels.findIndex((l) => l.id === c.levelId);
      if (i < 0) return { t: 'const', value: false };
      const min = ctx.levels[i]!.threshold;
      const next = ctx.levels[i + 1]?.threshold;
      const max = next === undefined ? null : next - 1;
      if (c.op === 'at_least') return { t: 'range', col: 'lifetime', min, max: null };
      if (c.op === 'at_most') return { t: 'range', col: 'lifetime', min: null, max };
      return { t: 'range', col: 'lifetime', min, max };
    }
    case 'lifetime':
      return c.op === 'at_least'
        ? { t: 'range', col: 'lifetime', min: c.value, max: null }
        : { t: 'range', col: 'lifetime', min: null, max: c.value };
    case 'groups':
      return { t: 'groups', any: c.op === 'in_any', groupIds: [...new Set(c.groupIds)] };
    case 'joined': {
      if ('date' in c) {
        const day = DateTime.fromISO(c.date, { zone: ctx.timezone }).startOf('day').toJSDate();
        return c.op === 'before' ? { t: 'joined', from: null, before: day } : { t: 'joined', from: day, before: null };
      }
      const edge = DateTime.fromJSDate(ctx.now).minus({ days: c.days }).toJSDate();
      return c.op === 'within_days'
        ? { t: 'joined', from: edge, before: null }
        : { t: 'joined', from: null, before: edge };
    }
    case 'last_nps':
      switch (c.op) {
        case 'promoter':
          return { t: 'range', col: 'lastNps', min: 9, max: 10 };
        case 'passive':
          return { t: 'range', col: 'lastNps', min: 7, max: 8 };
        case 'detractor':
          return { t: 'range', col: 'lastNps', min: 0, max: 6 };
        case 'unanswered':
          return { t: 'npsUnanswered' };
        case 'at_least':
          return { t: 'range', col: 'lastNps', min: c.value, max: null };
        case 'at_most':
          return { t: 'range', col: 'lastNps', min: null, max: c.value };
      }
      break;
    default:
      if (!('values' in c)) return { t: 'set', col: c.field, set: c.op === 'is_set' };
      return { t: 'text', col: c.field, op: c.op, values: lower(c.values) };
  }
  return { t: 'const', value: false };
}

// ------------------------------------------------------------------ in memory

function test(p: Predicate, m: SegmentSubject): boolean {
  switch (p.t) {
    case 'const':
      return p.value;
    case 'set': {
      const v = m[p.col];
      return (v !== null && v !== '') === p.set;
    }
    case 'text': {
      const v = m[p.col]?.toLowerCase() ?? null;
      if (p.op === 'is') return v !== null && p.values.includes(v);
      if (p.op === 'is_not') return v === null || !p.values.includes(v);
      return v !== null && p.values.some((x) => v.includes(x));
    }
    case 'list': {
      const have = new Set(m[p.col]);
      if (p.op === 'has_any') return p.values.some((x) => have.has(x));
      if (p.op === 'has_all') return p.values.every((x) => have.has(x));
      return !p.values.some((x) => have.has(x));
    }
    case 'range': {
      const v = m[p.col];
      return v !== null && (p.min === null || v >= p.min) && (p.max === null || v <= p.max);
    }
    case 'npsUnanswered':
      return m.lastNps === null;
    case 'groups': {
      const inAny = p.groupIds.some((g) => m.groupIds.has(g));
      return p.any ? inAny : !inAny;
    }
    case 'joined': {
      const t = m.joinedAt?.getTime();
      if (t === undefined) return false;
      return (p.from === null || t >= p.from.getTime()) && (p.before === null || t < p.before.getTime());
    }
  }
}

export function matchesRule(rule: SegmentRule, m: SegmentSubject, ctx: RuleContext): boolean {
  if (!rule.conditions.length) return true;
  const preds = rule.conditions.map((c) => resolveCondition(c, ctx));
  return rule.match === 'all' ? preds.every((p) => test(p, m)) : preds.some((p) => test(p, m));
}

// ------------------------------------------------------------------ SQL

const textArray = (v: string[]) =>
  sql`array[${sql.join(
    v.map((x) => sql`${x}`),
    sql`, `,
  )}]::text[]`;
const uuidArray = (v: string[]) =>
  sql`array[${sql.join(
    v.map((x) => sql`${x}`),
    sql`, `,
  )}]::uuid[]`;
const textCols = {
  company: members.company,
  title: members.title,
  industry: members.industry,
  region: members.region,
  persona: members.persona,
};

function toSql(p: Predicate): SQL {
  switch (p.t) {
    case 'const':
      return p.value ? sql`true` : sql`false`;
    case 'set': {
      const col = textCols[p.col];
      return p.set ? sql`(${col} is not null and ${col} <> '')` : sql`(${col} is null or ${col} = '')`;
    }
    case 'text': {
      const col = textCols[p.col];
      if (p.op === 'is') return sql`(lower(${col}) = any(${textArray(p.values)}))`;
      if (p.op === 'is_not') return sql`(${col} is null or not (lower(${col}) = any(${textArray(p.values)})))`;
      return sql`(${col} is not null and exists (select 1 from unnest(${textArray(p.values)}) v where strpos(lower(${col}), v) > 0))`;
    }
    case 'list': {
      const col = p.col === 'products' ? members.products : members.tags;
      if (p.op === 'has_any') return sql`(${col} && ${textArray(p.values)})`;
      if (p.op === 'has_all') return sql`(${col} @> ${textArray(p.values)})`;
      return sql`(not (${col} && ${textArray(p.values)}))`;
    }
    case 'range': {
      const col = p.col === 'lifetime' ? members.lifetime : members.lastNps;
      const parts = [sql`${col} is not null`];
      if (p.min !== null) parts.push(sql`${col} >= ${p.min}`);
      if (p.max !== null) parts.push(sql`${col} <= ${p.max}`);
      return sql`(${sql.join(parts, sql` and `)})`;
    }
    case 'npsUnanswered':
      return sql`(${members.lastNps} is null)`;
    case 'groups': {
      const inAny = sql`exists (select 1 from group_members gm where gm.member_id = ${members.id} and gm.group_id = any(${uuidArray(p.groupIds)}))`;
      return p.any ? inAny : sql`(not ${inAny})`;
    }
    case 'joined': {
      const parts = [sql`${members.joinedAt} is not null`];
      if (p.from) parts.push(sql`${members.joinedAt} >= ${p.from.toISOString()}::timestamptz`);
      if (p.before) parts.push(sql`${members.joinedAt} < ${p.before.toISOString()}::timestamptz`);
      return sql`(${sql.join(parts, sql` and `)})`;
    }
  }
}

/** The rule as a boolean SQL expression over the `members` table. */
export function ruleSql(rule: SegmentRule, ctx: RuleContext): SQL {
  if (!rule.conditions.length) return sql`true`;
  const parts = rule.conditions.map((c) => toSql(resolveCondition(c, ctx)));
  return sql`(${sql.join(parts, rule.match === 'all' ? sql` and ` : sql` or `)})`;
}

/** Level and group ids a rule refers to, for validation on save. */
export function ruleReferences(rule: SegmentRule): { levelIds: string[]; groupIds: string[] } {
  const levelIds = new Set<string>();
  const groupIds = new Set<string>();
  for (const c of rule.conditions) {
    if (c.field === 'level') levelIds.add(c.levelId);
    if (c.field === 'groups') c.groupIds.forEach((g) => groupIds.add(g));
  }
  return { levelIds: [...levelIds], groupIds: [...groupIds] };
}
