import type { Media, MediaPurpose } from '@advocate-hub/shared';
import { ApiRequestError, api, notifyAuthExpired, refreshSession } from '@/shared/api/client';

export interface UploadOptions {
  /** Called with the share of the file sent so far (0–1). */
  onProgress?: (share: number) => void;
  signal?: AbortSignal;
}

function errorOf(xhr: XMLHttpRequest): ApiRequestError {
  let envelope: { code?: unknown; message?: unknown; details?: unknown } | undefined;
  try {
    envelope = (JSON.parse(xhr.responseText) as { error?: typeof envelope }).error;
  } catch {
    envelope = undefined;
  }
  if (envelope && typeof envelope.code === 'string')
    return new ApiRequestError(xhr.status, envelope.code, String(envelope.message ?? ''), envelope.details);
  if (xhr.status === 0)
    return new ApiRequestError(0, 'network', 'Could not reach the server. Check your connection and try again.');
  return new ApiRequestError(xhr.status, `http_${xhr.status}`, `The upload failed (${xhr.status}).`);
}

/** One multipart POST with upload progress (fetch cannot report it). */
function sendOnce<T>(
  url: string,
  file: File,
  opts: UploadOptions,
): Promise<{ status: number; body: T | null; xhr: XMLHttpRequest }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) opts.onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: T | null = null;
      try {
        body = xhr.status < 300 ? (JSON.parse(xhr.responseText) as T) : null;
      } catch {
        body = null;
      }
      resolve({ status: xhr.status, body, xhr });
    };
    xhr.onerror = () => resolve({ status: 0, body: null, xhr });
    xhr.onabort = () => reject(new DOMException('The upload was cancelled', 'AbortError'));
    opts.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

async function upload<T>(url: string, file: File, opts: UploadOptions): Promise<T> {
  let res = await sendOnce<T>(url, file, opts);
  if (res.status === 401) {
    if (await refreshSession()) res = await sendOnce<T>(url, file, opts);
    if (res.status === 401) notifyAuthExpired();
  }
  if (res.status < 200 || res.status >= 300 || !res.body) throw errorOf(res.xhr);
  return res.body;
}

/** Uploads and the member's avatar. Files go as multipart/form-data; the server checks their content. */
export const mediaApi = {
  upload(purpose: MediaPurpose, file: File, opts: UploadOptions = {}) {
    return upload<{ media: Media }>(`/api/media?purpose=${purpose}`, file, opts).then((r) => r.media);
  },
  setAvatar(file: File, opts: UploadOptions = {}) {
    return upload<{ avatarUrl: string; media: Media }>('/api/me/avatar', file, opts);
  },
  removeAvatar() {
    return api.delete<{ ok: true }>('/api/me/avatar');
  },
};
