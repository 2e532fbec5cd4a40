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

const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

/** "5 minutes ago", "in 3 hours", "yesterday". */
export function formatRelative(value: string | Date | null | undefined, now = Date.now(), empty = '—'): string {
  const d = toDate(value);
  if (!d) return empty;
  let amount = (d.getTime() - now) / 1000;
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(amount) < size) {
      if (unit === 'second') return relativeFormat.format(Math.round(amount / 60), 'minute');
      return relativeFormat.format(Math.round(amount), unit);
    }
    amount /= size;
  }
  return dateFormat.format(d);
}

/** "+50" / "−20" with a real minus sign, for ledger amounts. */
export function formatSignedNumber(n: number): string {
  if (n > 0) return `+${numberFormat.format(n)}`;
  if (n < 0) return `\u2212${numberFormat.format(Math.abs(n))}`;
  return '0';
}

/** "12.34 USD" in the reader's locale, as money: `$12.34`. */
export function formatMoney(amount: number, currency: string, digits?: number): string {
  try {
    return new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency,
      ...(digits !== undefined ? { minimumFractionDigits: digits, maximumFractionDigits: digits } : {}),
    }).format(amount);
  } catch {
    return `${formatNumber(amount)} ${currency}`;
  }
}
