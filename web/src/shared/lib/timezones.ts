export interface TimeZoneOption {
  /** IANA name, e.g. `America/New_York` (what the API stores). */
  value: string;
  /** `America/New York (GMT-5)`: readable, with today's offset. */
  label: string;
}

function offsetOf(zone: string, at: Date): string {
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'shortOffset' }).formatToParts(at);
    return parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
  } catch {
    return '';
  }
}

let cached: TimeZoneOption[] | null = null;

/** Every IANA time zone the browser knows (plus UTC), sorted by name; built once. */
export function timeZoneOptions(): TimeZoneOption[] {
  if (cached) return cached;
  const names = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const now = new Date();
  cached = [...new Set(['UTC', ...names])]
    .sort((a, b) => (a === 'UTC' ? -1 : b === 'UTC' ? 1 : a.localeCompare(b)))
    .map((value) => {
      const offset = offsetOf(value, now);
      const name = value.replaceAll('_', ' ');
      return { value, label: offset && value !== 'UTC' ? `${name} (${offset})` : name };
    });
  return cached;
}

/** The options, with `current` added when the browser does not list it (an older alias, say). */
export function timeZoneOptionsWith(current: string | null): TimeZoneOption[] {
  const all = timeZoneOptions();
  if (!current || all.some((o) => o.value === current)) return all;
  return [{ value: current, label: current.replaceAll('_', ' ') }, ...all];
}
