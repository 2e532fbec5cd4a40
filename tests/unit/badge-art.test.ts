import { describe, expect, it } from 'vitest';
import {
  BADGE_DESIGNS,
  BADGE_TIERS,
  BadgeArt,
  accentPaints,
  badgeArtElements,
  badgeArtSvg,
} from '@advocate-hub/shared';
import { sharp } from '../../server/src/db/kit.js';

/** Rasterises an SVG with libvips (librsvg): throws on an SVG that does not parse. */
async function render(svg: string) {
  const { data, info } = await sharp(Buffer.from(svg)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  let opaque = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i]! > 200) opaque++;
  return { width: info.width, height: info.height, coverage: opaque / (info.width * info.height) };
}

describe('built-in badge art', () => {
  it('offers a dozen designs in five tiers', () => {
    expect(BADGE_DESIGNS.length).toBeGreaterThanOrEqual(10);
    expect([...BADGE_TIERS]).toEqual(['bronze', 'silver', 'gold', 'platinum', 'accent']);
    expect(BadgeArt.safeParse({ design: 'rocket', tier: 'gold' }).success).toBe(true);
    expect(BadgeArt.safeParse({ design: 'unicorn', tier: 'gold' }).success).toBe(false);
  });

  it('every design renders as valid SVG at 32 and 128 px, a solid shape, in every tier', async () => {
    for (const design of BADGE_DESIGNS) {
      for (const tier of BADGE_TIERS) {
        for (const size of [32, 128]) {
          const svg = badgeArtSvg({ design, tier }, { size, accent: '#0f766e', title: `${design} badge` });
          expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 64 64"[^>]*>.*<\/svg>$/);
          expect(svg).toContain(`<title>${design} badge</title>`);
          const out = await render(svg);
          expect(out, `${design} ${tier} ${size}`).toMatchObject({ width: size, height: size });
          // A bold shape fills a good part of its square, readable even at 32 px.
          expect(out.coverage, `${design} ${tier} ${size}`).toBeGreaterThan(0.35);
        }
      }
    }
  });

  it('every design has a frame and an emblem, drawn with nothing but paths, circles and rects (no text)', () => {
    for (const design of BADGE_DESIGNS) {
      const elements = badgeArtElements(design);
      expect(elements.length, design).toBeGreaterThanOrEqual(3);
      expect(
        elements.every((e) => ['path', 'circle', 'rect'].includes(e.tag)),
        design,
      ).toBe(true);
      expect(badgeArtSvg({ design, tier: 'gold' }, { size: 64 })).not.toMatch(/<text|<image|<script|href=/);
    }
  });

  it('the accent tier follows the program colour, darker for the frame and lighter for highlights', () => {
    const paints = accentPaints('#4f46e5');
    expect(paints.base).toBe('#4f46e5');
    expect(parseInt(paints.shade.slice(1, 3), 16)).toBeLessThan(0x4f);
    expect(parseInt(paints.light.slice(1, 3), 16)).toBeGreaterThan(0x4f);
    expect(accentPaints('not a colour').base).toBe('#4f46e5');
  });

  it('a title is escaped, so a badge name cannot break out of the SVG', () => {
    const svg = badgeArtSvg({ design: 'star', tier: 'gold' }, { size: 32, title: '<script>alert(1)</script>' });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
  });
});
