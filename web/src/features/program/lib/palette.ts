/**
 * Pure colour helpers: turn one brand hex colour into the 50…950 palette PrimeVue's
 * primary tokens expect, and pick a readable text colour to put on top of it.
 */
export const PALETTE_STEPS = [50, 100, 200, 300, 400, 500, 600, 700, 800, 900, 950] as const;
export type PaletteStep = (typeof PALETTE_STEPS)[number];
export type Palette = Record<PaletteStep, string>;

export const DEFAULT_ACCENT = '#4f46e5';

const HEX_RE = /^#?([0-9a-f]{6}|[0-9a-f]{3})$/i;

/** Mix towards white (positive) or black (negative); 500 is the brand colour itself. */
const MIX: Record<PaletteStep, number> = {
  50: 0.95,
  100: 0.88,
  200: 0.74,
  300: 0.56,
  400: 0.3,
  500: 0,
  600: -0.14,
  700: -0.3,
  800: -0.45,
  900: -0.58,
  950: -0.72,
};

type Rgb = [number, number, number];

export function isHexColour(value: string): boolean {
  return HEX_RE.test(value.trim());
}

/** `#abc`, `abc`, `#AABBCC` → `#aabbcc`; null when it is not a hex colour. */
export function normaliseHex(value: string): string | null {
  const match = HEX_RE.exec(value.trim());
  if (!match?.[1]) return null;
  let hex = match[1].toLowerCase();
  if (hex.length === 3) hex = [...hex].map((c) => c + c).join('');
  return `#${hex}`;
}

function toRgb(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b]
    .map((c) =>
      Math.round(Math.min(255, Math.max(0, c)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

function mix(rgb: Rgb, amount: number): Rgb {
  const target = amount >= 0 ? 255 : 0;
  const t = Math.abs(amount);
  return [rgb[0] + (target - rgb[0]) * t, rgb[1] + (target - rgb[1]) * t, rgb[2] + (target - rgb[2]) * t];
}

/** A 50…950 palette around `hex` (falls back to the default accent when `hex` is not a colour). */
export function paletteFromHex(hex: string): Palette {
  const base = toRgb(normaliseHex(hex) ?? DEFAULT_ACCENT);
  const palette = {} as Palette;
  for (const step of PALETTE_STEPS) palette[step] = toHex(mix(base, MIX[step]));
  return palette;
}

/** WCAG relative luminance of a hex colour. */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = toRgb(normaliseHex(hex) ?? DEFAULT_ACCENT).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** White or near-black, whichever reads better on `hex`. */
export function contrastTextFor(hex: string): string {
  const dark = '#0f172a';
  return contrastRatio(hex, '#ffffff') >= contrastRatio(hex, dark) ? '#ffffff' : dark;
}

/**
 * The lightest shade, from the brand colour itself down, that reads as text (4.5:1) on white
 * and on the palette's own pale tints (100), where active navigation items sit.
 */
export function readableShade(palette: Palette): string {
  for (const step of [500, 600, 700, 800, 900, 950] as const) {
    if (contrastRatio(palette[step], palette[100]) >= 4.5) return palette[step];
  }
  return palette[950];
}
