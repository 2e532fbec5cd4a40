function isChange(value: unknown): value is { from: unknown; to: unknown } {
  return typeof value === 'object' && value !== null && 'from' in value && 'to' in value;
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (isChange(value)) return `${formatValue(value.from)} → ${formatValue(value.to)}`;
  if (Array.isArray(value)) return value.map(formatValue).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Flat "key: value" pairs of an audit entry's data, for display. */
export function auditDetails(data: Record<string, unknown> | null | undefined): { key: string; value: string }[] {
  if (!data) return [];
  return Object.entries(data).map(([key, value]) => ({ key, value: formatValue(value) }));
}

/** "community_thread" → "community thread". */
export function targetLabel(targetType: string): string {
  return targetType.replace(/_/g, ' ');
}
