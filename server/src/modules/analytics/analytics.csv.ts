import { stringify } from 'csv-stringify/sync';
import type { AnalyticsOverview } from '@advocate-hub/shared';

/** Cells a spreadsheet would run as a formula (= + - @, tab, CR) get a leading apostrophe (CSV injection). */
export function safeCell(v: unknown): string | number {
  if (typeof v === 'number') return v;
  const s = v === null || v === undefined ? '' : String(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

const money = (cents: number) => (cents / 100).toFixed(2);

/** Each table of the dashboard as CSV rows (header first). */
export function overviewTable(o: AnalyticsOverview, table: string): (string | number)[][] {
  switch (table) {
    case 'members':
      return [
        ['metric', 'count'],
        ['population', o.members.population],
        ['invited', o.members.invited],
        ['joined', o.members.joined],
        ['active_7d', o.members.active.d7],
        ['active_30d', o.members.active.d30],
        ['active_90d', o.members.active.d90],
        ['engaged_7d', o.members.engaged.d7],
        ['engaged_30d', o.members.engaged.d30],
        ['engaged_90d', o.members.engaged.d90],
        ['steps_approved', o.completions.steps],
        ['challenges_completed', o.completions.challenges],
      ];
    case 'acts':
      return [
        ['type', 'label', 'count', `value_${o.currency}`, `total_${o.currency}`],
        ...o.acts.byType.map((a) => [a.type, a.label, a.count, money(a.valueCents), money(a.totalCents)]),
      ];
    case 'points':
      return [
        ['day', 'issued', 'redeemed'],
        ...o.points.byDay.map((d) => [d.day, d.issued, d.redeemed]),
        ['total', o.points.issued, o.points.redeemed],
        ['outstanding_now', o.points.outstanding, ''],
        [`outstanding_${o.currency}`, money(o.points.outstandingCents), ''],
      ];
    case 'funnel':
      return [['step', 'label', 'count'], ...o.funnel.map((f) => [f.step, f.label, f.count])];
    case 'retention': {
      const width = Math.max(0, ...o.retention.map((r) => r.shares.length));
      return [
        ['cohort', 'size', ...Array.from({ length: width }, (_, k) => `month_${k}`)],
        ...o.retention.map((r) => [r.cohort, r.size, ...r.shares.map((s) => s.toFixed(3))]),
      ];
    }
    case 'top_challenges':
      return [
        ['challenge_id', 'title', 'completions', 'members'],
        ...o.topChallenges.map((c) => [c.id, c.title, c.completions, c.members]),
      ];
    case 'turnaround':
      return [
        ['what', 'decided', 'median_hours', 'p90_hours'],
        [
          'review',
          o.turnaround.review.decided,
          o.turnaround.review.medianHours ?? '',
          o.turnaround.review.p90Hours ?? '',
        ],
        [
          'redemption',
          o.turnaround.redemption.decided,
          o.turnaround.redemption.medianHours ?? '',
          o.turnaround.redemption.p90Hours ?? '',
        ],
      ];
    default:
      return [];
  }
}

export function toCsv(rows: (string | number)[][]): string {
  return stringify(rows.map((r) => r.map(safeCell)));
}
