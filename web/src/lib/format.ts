const numberFormat = new Intl.NumberFormat();
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatNumber(n: number): string {
  return numberFormat.format(n);
}

export function formatPoints(n: number): string {
  return `${numberFormat.format(n)} ${Math.abs(n) === 1 ? 'point' : 'points'}`;
}

function toDate(value: string | Date | null | undefined): Date | null {
  if (!value) return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function formatDate(value: string | Date | null | undefined, empty = '—'): string {
  const d = toDate(value);
  return d ? dateFormat.format(d) : empty;
}

export function formatDateTime(value: string | Date | null | undefined, empty = '—'): string {
  const d = toDate(value);
  return d ? dateTimeFormat.format(d) : empty;
}

export function isPast(value: string | null | undefined, now = Date.now()): boolean {
  const d = toDate(value);
  return d !== null && d.getTime() <= now;
}

export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : parts;
  return letters
    .map((p) => [...(p ?? '')][0] ?? '')
    .join('')
    .toUpperCase();
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
