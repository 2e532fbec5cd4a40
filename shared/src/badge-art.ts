/**
 * Built-in badge art: bold shapes drawn on a 64×64 grid, readable from 32 px to 128 px (no text,
 * no fine lines). A design is a frame and an emblem; a tier gives its colours. The same drawing is
 * rendered by the web (`BadgeArt.vue`) and as an SVG string (`badgeArtSvg`, for tests and exports).
 * No zod here (the web imports it at run time from `@advocate-hub/shared/badge-art`); the schema of
 * a badge's art is in `contracts/badges.ts`.
 */

/** The colours an element is painted with: the tier's shade (frame), base (body) or white (emblem). */
export type ArtPaint = 'shade' | 'base' | 'light' | 'ink';

export interface ArtElement {
  tag: 'path' | 'circle' | 'rect';
  attrs: Record<string, string | number>;
  fill?: ArtPaint;
  /** Drawn as a line (no fill) of this paint. */
  stroke?: ArtPaint;
}

const path = (d: string, fill: ArtPaint = 'ink'): ArtElement => ({ tag: 'path', attrs: { d }, fill });
const line = (d: string, width: number, stroke: ArtPaint = 'ink'): ArtElement => ({
  tag: 'path',
  attrs: { d, 'stroke-width': width, 'stroke-linecap': 'round', 'stroke-linejoin': 'round' },
  stroke,
});
const circle = (cx: number, cy: number, r: number, fill: ArtPaint): ArtElement => ({
  tag: 'circle',
  attrs: { cx, cy, r },
  fill,
});

const frames = {
  circle: [circle(32, 32, 30, 'shade'), circle(32, 32, 25, 'base')],
  shield: [
    path('M32 2 L59 11 V30 C59 46 47 56 32 62 C17 56 5 46 5 30 V11 Z', 'shade'),
    path('M32 8 L53 15 V30 C53 43 44 51 32 56 C20 51 11 43 11 30 V15 Z', 'base'),
  ],
  hexagon: [path('M32 2 L58 17 V47 L32 62 L6 47 V17 Z', 'shade'), path('M32 8 L53 20 V44 L32 56 L11 44 V20 Z', 'base')],
  diamond: [path('M32 1 L63 32 L32 63 L1 32 Z', 'shade'), path('M32 8 L56 32 L32 56 L8 32 Z', 'base')],
  rosette: [
    path('M19 38 L10 62 L20 57 L25 63 L32 44 Z', 'shade'),
    path('M45 38 L54 62 L44 57 L39 63 L32 44 Z', 'shade'),
    circle(32, 27, 25, 'shade'),
    circle(32, 27, 20, 'base'),
  ],
} satisfies Record<string, ArtElement[]>;

/** Emblems, centred on (32, 32) about 28 units wide; `dy` moves one for the rosette's higher centre. */
const emblems = {
  star: [path('M32 16 L36.7 26.6 L48 27.6 L39.4 35.2 L42 46.4 L32 40.4 L22 46.4 L24.6 35.2 L16 27.6 L27.3 26.6 Z')],
  check: [line('M21 33 L29 41 L44 24', 7)],
  bolt: [path('M36 14 L21 36 H31 L27 50 L43 27 H33 Z')],
  heart: [
    path(
      'M32 47 C19 38 17 32 17 27 C17 21.5 21 18 26 18 C29 18 31 20 32 22 C33 20 35 18 38 18 C43 18 47 21.5 47 27 C47 32 45 38 32 47 Z',
    ),
  ],
  trophy: [
    path('M21 17 H43 V27 C43 33.5 38 38 32 38 C26 38 21 33.5 21 27 Z'),
    path('M28.5 37 H35.5 V42 H28.5 Z'),
    path('M23 42 H41 V47 H23 Z'),
    line('M21 21 H16 V24 C16 28 18.5 30 22 30.5', 3),
    line('M43 21 H48 V24 C48 28 45.5 30 42 30.5', 3),
  ],
  rocket: [
    path('M32 13 C39 19 41 28 40 38 H24 C23 28 25 19 32 13 Z'),
    circle(32, 26, 4, 'base'),
    path('M24 31 L17 41 H24.5 Z'),
    path('M40 31 L47 41 H39.5 Z'),
    path('M27 40 H37 L32 50 Z'),
  ],
  crown: [path('M17 41 L15 20 L24.5 29 L32 17 L39.5 29 L49 20 L47 41 Z'), path('M17 43 H47 V48 H17 Z')],
  flame: [
    path(
      'M32 13 C35 21 44 25 44 35 C44 42.5 38.5 48 32 48 C25.5 48 20 42.5 20 35 C20 29 24 26 26.5 21 C28.5 26 30.5 27 32 13 Z',
    ),
    path('M32 30 C34 34 38 36 38 40.5 C38 44 35.5 46 32 46 C28.5 46 26 44 26 40.5 C26 37 29 35 32 30 Z', 'base'),
  ],
  bubble: [
    path(
      'M19 18 H45 C47 18 48 19 48 21 V37 C48 39 47 40 45 40 H31 L22 47 V40 H19 C17 40 16 39 16 37 V21 C16 19 17 18 19 18 Z',
    ),
    circle(24.5, 29, 2.8, 'base'),
    circle(32, 29, 2.8, 'base'),
    circle(39.5, 29, 2.8, 'base'),
  ],
  megaphone: [path('M16 27 H24 L42 17 V47 L24 37 H16 Z'), path('M24 38 L27 48 H33 L30 38 Z'), line('M47 26 V38', 4)],
  gem: [path('M23 18 H41 L48 28 L32 47 L16 28 Z'), line('M16 28 H48 M27 18 L32 28 L37 18', 2.5, 'base')],
  summit: [path('M14 46 L28 23 L35 34 L39 29 L50 46 Z'), line('M28 23 V13 L36 16.5 L28 20', 3)],
} satisfies Record<string, ArtElement[]>;

/** The built-in designs: a frame and an emblem each. Names are stable (stored in `badges.art`). */
const designs = {
  star: { frame: 'circle', emblem: 'star', label: 'Star' },
  shield: { frame: 'shield', emblem: 'check', label: 'Shield' },
  bolt: { frame: 'hexagon', emblem: 'bolt', label: 'Bolt' },
  heart: { frame: 'rosette', emblem: 'heart', label: 'Heart rosette' },
  trophy: { frame: 'circle', emblem: 'trophy', label: 'Trophy' },
  rocket: { frame: 'hexagon', emblem: 'rocket', label: 'Rocket' },
  crown: { frame: 'shield', emblem: 'crown', label: 'Crown' },
  flame: { frame: 'diamond', emblem: 'flame', label: 'Flame' },
  bubble: { frame: 'circle', emblem: 'bubble', label: 'Conversation' },
  megaphone: { frame: 'hexagon', emblem: 'megaphone', label: 'Megaphone' },
  gem: { frame: 'diamond', emblem: 'gem', label: 'Gem' },
  summit: { frame: 'rosette', emblem: 'summit', label: 'Summit' },
} as const satisfies Record<string, { frame: keyof typeof frames; emblem: keyof typeof emblems; label: string }>;

export type BadgeDesign = keyof typeof designs;
export const BADGE_DESIGNS = Object.keys(designs) as [BadgeDesign, ...BadgeDesign[]];
export const badgeDesignLabel = (d: BadgeDesign): string => designs[d].label;

export const BADGE_TIERS = ['bronze', 'silver', 'gold', 'platinum', 'accent'] as const;
export type BadgeTier = (typeof BADGE_TIERS)[number];

/** A badge's built-in art: a design in a tier's colours. */
export interface BadgeArtChoice {
  design: BadgeDesign;
  tier: BadgeTier;
}

export type TierPaints = Record<ArtPaint, string>;
/** The metal tiers' colours; `accent` follows the program's accent colour (see `accentPaints`). */
export const TIER_PAINTS: Record<Exclude<BadgeTier, 'accent'>, TierPaints> = {
  bronze: { shade: '#7a4419', base: '#c27a3e', light: '#f0c49a', ink: '#ffffff' },
  silver: { shade: '#56616e', base: '#9aa6b4', light: '#e3e8ee', ink: '#ffffff' },
  gold: { shade: '#8f5a00', base: '#e0a31a', light: '#ffe08a', ink: '#ffffff' },
  platinum: { shade: '#3f6475', base: '#79a9bd', light: '#dff0f6', ink: '#ffffff' },
};

/** Paints for the accent tier from the program's accent colour (a #rrggbb hex). */
export function accentPaints(accent: string): TierPaints {
  const hex = /^#[0-9a-f]{6}$/i.test(accent) ? accent : '#4f46e5';
  const mix = (to: number, amount: number) =>
    '#' +
    [1, 3, 5]
      .map((i) => {
        const c = parseInt(hex.slice(i, i + 2), 16);
        return Math.round(c + (to - c) * amount)
          .toString(16)
          .padStart(2, '0');
      })
      .join('');
  return { shade: mix(0, 0.35), base: hex, light: mix(255, 0.7), ink: '#ffffff' };
}

export function paintsOf(tier: BadgeTier, accent: string): TierPaints {
  return tier === 'accent' ? accentPaints(accent) : TIER_PAINTS[tier];
}

/** The elements of a design, in drawing order (frame, then emblem). */
export function badgeArtElements(design: BadgeDesign): ArtElement[] {
  const d = designs[design];
  // The rosette's medal sits higher and is smaller: its emblem follows.
  const fit = d.frame === 'rosette' ? 'translate(32 27) scale(0.85) translate(-32 -32)' : null;
  const emblem: ArtElement[] = emblems[d.emblem].map((e) =>
    fit ? { ...e, attrs: { ...e.attrs, transform: fit } } : e,
  );
  return [...frames[d.frame], ...emblem];
}

/** Resolved SVG attributes of one element (fill, stroke) in the given paints. */
export function artAttrs(e: ArtElement, paints: TierPaints): Record<string, string | number> {
  return {
    ...e.attrs,
    fill: e.fill ? paints[e.fill] : 'none',
    ...(e.stroke ? { stroke: paints[e.stroke] } : {}),
  };
}

const escapeXml = (s: string) =>
  s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** The art as a standalone SVG document of `size` pixels, titled for assistive technology. */
export function badgeArtSvg(art: BadgeArtChoice, opts: { size: number; accent?: string; title?: string }): string {
  const paints = paintsOf(art.tier, opts.accent ?? '#4f46e5');
  const body = badgeArtElements(art.design)
    .map((e) => {
      const attrs = Object.entries(artAttrs(e, paints))
        .map(([k, v]) => `${k}="${escapeXml(String(v))}"`)
        .join(' ');
      return `<${e.tag} ${attrs}/>`;
    })
    .join('');
  const title = opts.title ? `<title>${escapeXml(opts.title)}</title>` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="${opts.size}" height="${opts.size}" role="img">${title}${body}</svg>`;
}
