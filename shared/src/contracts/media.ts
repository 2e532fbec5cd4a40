import { z } from 'zod';
import { Timestamp } from '../common.js';

/** What an upload is for: decides who may send it, whether it is private and which types it may be. */
export const MEDIA_PURPOSES = ['avatar', 'challenge', 'reward', 'badge', 'logo', 'proof'] as const;
export const MediaPurpose = z.enum(MEDIA_PURPOSES);
export type MediaPurpose = z.infer<typeof MediaPurpose>;

/** Purposes only program admins may upload (pictures of the program's own things). */
export const ADMIN_MEDIA_PURPOSES: readonly MediaPurpose[] = ['challenge', 'reward', 'badge', 'logo'];

/** Image sizes kept of every picture (the longest side, in pixels; never enlarged). */
export const MEDIA_SIZES = [64, 256, 1024] as const;
export type MediaSize = (typeof MEDIA_SIZES)[number];

/** Size limits, by what the content turns out to be. */
export const MEDIA_MAX_IMAGE_BYTES = 10 * 1024 * 1024;
export const MEDIA_MAX_PDF_BYTES = 20 * 1024 * 1024;

export const MediaErrorCode = {
  tooLarge: 'media.too_large',
  unsupportedType: 'media.unsupported_type',
  empty: 'media.empty',
  missingFile: 'media.missing_file',
  forbidden: 'media.forbidden',
  notFound: 'media.not_found',
  notProof: 'media.not_proof',
  undecodable: 'media.undecodable',
} as const;

export const MediaUploadQuery = z.object({ purpose: MediaPurpose });

export const Media = z.object({
  id: z.uuid(),
  purpose: MediaPurpose,
  /** Public media: a stable `/media/<hash>-<size>.webp` path; private (proofs): `/api/media/<id>`. */
  url: z.string(),
  /** Image sizes → their URL (`{"64": …, "256": …, "1024": …}`); empty for a PDF. */
  variants: z.record(z.string(), z.string()),
  mime: z.string(),
  bytes: z.number().int(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  private: z.boolean(),
  createdAt: Timestamp,
});
export type Media = z.infer<typeof Media>;
export const MediaResponse = z.object({ media: Media });

export const MediaIdParams = z.object({ id: z.uuid() });
export const MediaFileQuery = z.object({
  size: z.enum(MEDIA_SIZES.map(String) as ['64', '256', '1024']).optional(),
});
export const PublicMediaParams = z.object({
  file: z.string().regex(/^[0-9a-f]{32}-(64|256|1024)\.webp$/, 'Not a media file name'),
});

/** `POST /api/me/avatar` with JSON: an avatar uploaded before (`POST /api/media?purpose=avatar`). */
export const AvatarBody = z.object({ mediaId: z.uuid() });
export const AvatarResponse = z.object({ avatarUrl: z.string().nullable(), media: Media.nullable() });
