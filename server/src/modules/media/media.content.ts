import type sharpModule from 'sharp';
import { MEDIA_SIZES } from '@advocate-hub/shared';

export type SniffedType = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/gif' | 'application/pdf';

/** Enough leading bytes to recognise every accepted type. */
export const SNIFF_BYTES = 16;

/**
 * The type of a file by its first bytes (its magic number), never by its name or declared type.
 * Anything else (SVG, HTML, executables, archives …) is null.
 */
export function sniff(head: Buffer): SniffedType | null {
  const starts = (bytes: number[], at = 0) => bytes.every((b, i) => head[at + i] === b);
  const ascii = (s: string, at = 0) => head.length >= at + s.length && head.toString('latin1', at, at + s.length) === s;
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (ascii('GIF87a') || ascii('GIF89a')) return 'image/gif';
  if (ascii('RIFF') && ascii('WEBP', 8)) return 'image/webp';
  if (ascii('%PDF-')) return 'application/pdf';
  return null;
}

export interface Rendition {
  size: number;
  body: Buffer;
  width: number;
  height: number;
}

export interface DecodedImage {
  width: number;
  height: number;
  renditions: Rendition[];
}

let loading: Promise<typeof sharpModule> | null = null;
/** libvips is loaded with the first picture, not at start-up (it takes seconds to load on a small machine). */
function loadSharp(): Promise<typeof sharpModule> {
  return (loading ??= import('sharp').then(({ default: sharp }) => {
    // Files pass through once; libvips' operation cache would only hold on to their memory.
    sharp.cache(false);
    return sharp;
  }));
}

/** Pictures of more pixels than this are refused before decoding (decompression bombs). */
const MAX_INPUT_PIXELS = 50_000_000;

/**
 * Decodes an image and encodes it again as WebP at every size (longest side, never enlarged):
 * turned upright by its EXIF orientation, all metadata (EXIF, GPS, ICC, XMP, comments) dropped.
 * Only the pixels survive, so whatever else a file carried (a script appended to a JPEG) does not.
 * Throws when the bytes do not decode as the image they claim to be.
 */
export async function reencode(input: Buffer): Promise<DecodedImage> {
  const sharp = await loadSharp();
  const base = sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).rotate();
  const meta = await base.metadata();
  if (!meta.width || !meta.height) throw new Error('the image has no size');
  // EXIF orientations 5–8 turn the picture a quarter: upright, its sides swap.
  const turned = (meta.orientation ?? 1) >= 5;
  const info = turned ? { width: meta.height, height: meta.width } : { width: meta.width, height: meta.height };
  const renditions: Rendition[] = [];
  for (const size of MEDIA_SIZES) {
    const { data, info: out } = await base
      .clone()
      .resize({ width: size, height: size, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 82, effort: 4 })
      .toBuffer({ resolveWithObject: true });
    renditions.push({ size, body: data, width: out.width, height: out.height });
  }
  return { width: info.width, height: info.height, renditions };
}
