import { MediaErrorCodes } from '@/shared/lib/codes';
import { isApiError } from '@/shared/api/client';
import { errorMessage } from '@/shared/lib/errors';

/** What the browser may offer in its file picker (the server decides by the content anyway). */
export const IMAGE_ACCEPT = 'image/jpeg,image/png,image/webp,image/gif';
export const PROOF_ACCEPT = `${IMAGE_ACCEPT},application/pdf`;
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
export const MAX_PDF_BYTES = 20 * 1024 * 1024;

/** A message for a refused upload, by its code. */
export function uploadErrorMessage(err: unknown): string {
  if (isApiError(err, MediaErrorCodes.tooLarge))
    return 'That file is too large: pictures up to 10 MB, PDFs up to 20 MB.';
  if (isApiError(err, MediaErrorCodes.unsupportedType) || isApiError(err, MediaErrorCodes.undecodable))
    return 'That file is not a picture we can use. Choose a JPEG, PNG, WebP or GIF image.';
  if (isApiError(err, MediaErrorCodes.empty)) return 'That file is empty. Choose another one.';
  if (isApiError(err, MediaErrorCodes.forbidden)) return 'You cannot upload this kind of picture.';
  return errorMessage(err);
}

/** A check in the browser before sending: the same limits the server applies. */
export function precheck(file: File, opts: { pdf?: boolean } = {}): string | null {
  if (file.size === 0) return 'That file is empty. Choose another one.';
  const pdf = file.type === 'application/pdf';
  if (pdf && !opts.pdf) return 'Choose a JPEG, PNG, WebP or GIF image.';
  if (file.type === 'image/svg+xml') return 'SVG files are not accepted. Choose a JPEG, PNG, WebP or GIF image.';
  if (file.size > (pdf ? MAX_PDF_BYTES : MAX_IMAGE_BYTES))
    return pdf ? 'That PDF is too large: up to 20 MB.' : 'That picture is too large: up to 10 MB.';
  return null;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** The same uploaded picture at another size (`/media/<hash>-1024.webp` → `-256.webp`); other URLs as they are. */
export function sizedImage(url: string, size: 64 | 256 | 1024): string {
  return /^\/media\/[0-9a-f]{32}-(64|256|1024)\.webp$/.test(url)
    ? url.replace(/-(64|256|1024)\.webp$/, `-${size}.webp`)
    : url;
}
