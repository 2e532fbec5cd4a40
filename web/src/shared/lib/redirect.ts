/**
 * Only same-site paths are followed after sign-in: must start with a single "/",
 * never "//" or "/\" (protocol-relative) and never carry a scheme.
 */
export function safeRedirect(value: unknown): string | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2000) return null;
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return null;
  if ([...raw].some((c) => c.charCodeAt(0) < 0x20 || c === '\u007f')) return null;
  return raw;
}
