import crypto from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  MEDIA_MAX_IMAGE_BYTES,
  MEDIA_MAX_PDF_BYTES,
  MediaErrorCode,
  type Media,
  type MediaPurpose,
  type Role,
} from '@advocate-hub/shared';
import type { Db, Executor } from '../../db/client.js';
import { createError } from '../../platform/errors.js';
import { membersRepo } from '../members/members.repo.js';
import { reencode, sniff, SNIFF_BYTES, type SniffedType } from './media.content.js';
import { mediaRepo } from './media.repo.js';
import type { MediaStore, StoredObject } from './media.storage.js';
import type { MediaRow } from './media.table.js';
import { mayRead } from './media.policy.js';

export const tooLarge = createError({
  code: MediaErrorCode.tooLarge,
  status: 413,
  message: 'The file is too large: images up to 10 MB, PDFs up to 20 MB',
});
export const unsupportedType = createError({
  code: MediaErrorCode.unsupportedType,
  status: 415,
  message: 'This kind of file is not accepted: send a JPEG, PNG, WebP or GIF image (or a PDF as proof)',
});
const empty = createError({ code: MediaErrorCode.empty, status: 400, message: 'The file is empty' });
export const missingFile = createError({
  code: MediaErrorCode.missingFile,
  status: 400,
  message: 'Send the file as multipart/form-data in a field named "file"',
});
const undecodable = createError({
  code: MediaErrorCode.undecodable,
  status: 415,
  message: 'The image could not be read; it may be damaged',
});
export const purposeForbidden = createError({
  code: MediaErrorCode.forbidden,
  status: 403,
  message: 'Only program admins upload pictures of challenges, rewards, badges and the logo',
});
const forbidden = createError({ code: MediaErrorCode.forbidden, status: 403, message: 'This file is not yours' });
const notFound = createError({ code: MediaErrorCode.notFound, status: 404, message: 'File not found' });
const notProof = createError({
  code: MediaErrorCode.notProof,
  status: 422,
  message: 'Attach only files you uploaded as proof',
});
const notAvatar = createError({
  code: MediaErrorCode.forbidden,
  status: 403,
  message: 'Use a picture you uploaded as your avatar',
});

/** The most a purpose may send, whatever the content turns out to be. */
export function maxBytesFor(purpose: MediaPurpose): number {
  return purpose === 'proof' ? MEDIA_MAX_PDF_BYTES : MEDIA_MAX_IMAGE_BYTES;
}

/**
 * Reads an upload, checking as the bytes arrive: the type by the first bytes (415 at once for
 * anything but an accepted image, or a PDF for a proof), and the size (413 as soon as the limit of
 * that type is passed; the rest of the stream is never read). Nothing of the file is written anywhere.
 */
export async function readUpload(
  stream: Readable & { truncated?: boolean },
  purpose: MediaPurpose,
): Promise<{ type: SniffedType; body: Buffer }> {
  const chunks: Buffer[] = [];
  let total = 0;
  let type: SniffedType | null = null;
  let limit = maxBytesFor(purpose);
  const decide = (head: Buffer) => {
    type = sniff(head);
    if (type === null || (type === 'application/pdf' && purpose !== 'proof')) throw unsupportedType();
    limit = type === 'application/pdf' ? MEDIA_MAX_PDF_BYTES : MEDIA_MAX_IMAGE_BYTES;
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      total += chunk.length;
      if (type === null && total >= SNIFF_BYTES) decide(Buffer.concat(chunks));
      if (total > limit) throw tooLarge();
    }
  } catch (err) {
    stream.destroy();
    throw err;
  }
  if (stream.truncated) throw tooLarge();
  if (total === 0) throw empty();
  const body = Buffer.concat(chunks, total);
  if (type === null) decide(body);
  return { type: type!, body };
}

const PUBLIC_PREFIX = '/media/';

/** How a media row is shown: URLs, not store keys. */
export function mediaView(row: MediaRow): Media {
  const urls: Record<string, string> = {};
  for (const [size, key] of Object.entries(row.variants)) {
    if (size === 'original') continue;
    urls[size] = row.private ? `/api/media/${row.id}?size=${size}` : PUBLIC_PREFIX + key.replace(/^public\//, '');
  }
  const largest = Object.keys(urls).sort((a, b) => Number(b) - Number(a))[0];
  return {
    id: row.id,
    purpose: row.purpose,
    url: largest ? urls[largest]! : `/api/media/${row.id}`,
    variants: urls,
    mime: row.mime,
    bytes: row.bytes,
    width: row.width,
    height: row.height,
    private: row.private,
    createdAt: row.createdAt.toISOString(),
  };
}

export class MediaService {
  constructor(
    private readonly db: Db,
    readonly store: MediaStore,
  ) {}

  /** Keeps an upload: images re-encoded at every size, PDFs (proofs) as sent. */
  async keep(ownerId: string, purpose: MediaPurpose, type: SniffedType, body: Buffer): Promise<MediaRow> {
    const id = crypto.randomUUID();
    const hash = crypto.createHash('sha256').update(body).digest('hex');
    const isPrivate = purpose === 'proof';
    const variants: Record<string, string> = {};
    let width: number | null = null;
    let height: number | null = null;
    let bytes = body.length;
    let mime: string = type;
    if (type === 'application/pdf') {
      variants.original = `private/${id}.pdf`;
      await this.store.put(variants.original, body, type);
    } else {
      const image = await reencode(body).catch(() => {
        throw undecodable();
      });
      width = image.width;
      height = image.height;
      mime = 'image/webp';
      for (const r of image.renditions) {
        const key = isPrivate ? `private/${id}-${r.size}.webp` : `public/${hash.slice(0, 32)}-${r.size}.webp`;
        await this.store.put(key, r.body, mime);
        variants[String(r.size)] = key;
      }
      bytes = image.renditions.at(-1)!.body.length;
    }
    return mediaRepo.insert(this.db, {
      id,
      ownerId,
      purpose,
      private: isPrivate,
      contentHash: hash,
      sourceMime: type,
      mime,
      bytes,
      width,
      height,
      variants,
      storage: this.store.kind,
    });
  }

  /** How a media row is shown: URLs, not store keys. */
  view(row: MediaRow): Media {
    return mediaView(row);
  }

  /** A media row for its owner or an admin (403 `media.forbidden` to anyone else). */
  async readable(member: { id: string; roles: readonly Role[] }, id: string): Promise<MediaRow> {
    const row = await mediaRepo.findById(this.db, id);
    if (!row) throw notFound();
    if (row.private && !mayRead(member, row.ownerId)) throw forbidden();
    return row;
  }

  /** The file of a media row at a size (the largest, or the PDF, when none is asked). */
  async file(row: MediaRow, size: string | undefined): Promise<StoredObject> {
    const sizes = Object.keys(row.variants).filter((s) => s !== 'original');
    const key = row.variants[size ?? ''] ?? row.variants.original ?? row.variants[sizes.sort((a, b) => +b - +a)[0]!];
    const object = key ? await this.store.get(key) : null;
    if (!object) throw notFound();
    return object;
  }

  /** A public file by its name (`<hash>-<size>.webp`). */
  async publicFile(name: string): Promise<StoredObject> {
    const object = await this.store.get(`public/${name}`);
    if (!object) throw notFound();
    return object;
  }

  /** Sets the member's avatar to a picture of theirs uploaded as an avatar. */
  async setAvatar(memberId: string, mediaId: string): Promise<{ avatarUrl: string; media: Media }> {
    const row = await mediaRepo.findById(this.db, mediaId);
    if (!row) throw notFound();
    if (row.ownerId !== memberId || row.purpose !== 'avatar') throw notAvatar();
    const media = this.view(row);
    const avatarUrl = media.variants['256'] ?? media.url;
    await membersRepo.update(this.db, memberId, { avatarUrl });
    return { avatarUrl, media };
  }

  async clearAvatar(memberId: string): Promise<void> {
    await membersRepo.update(this.db, memberId, { avatarUrl: null });
  }
}

/**
 * Checks, inside a completion's transaction, that every attached file is a proof the member
 * uploaded (422 `media.not_proof` otherwise). Used by the proof-type stage kinds.
 */
export async function assertOwnProofs(ex: Executor, memberId: string, ids: readonly string[]): Promise<void> {
  const unique = [...new Set(ids)];
  const own = await mediaRepo.ownProofIds(ex, memberId, unique);
  if (own.length !== unique.length) throw notProof();
}

/** The media of `ids` as shown (unknown ids left out), e.g. a submission's attachments for reviewers. */
export async function mediaViews(ex: Executor, ids: readonly string[]): Promise<Media[]> {
  return (await mediaRepo.findMany(ex, ids)).map(mediaView);
}
