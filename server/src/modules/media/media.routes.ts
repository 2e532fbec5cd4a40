import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ApiError,
  AvatarBody,
  AvatarResponse,
  MediaFileQuery,
  MediaIdParams,
  MediaResponse,
  MediaUploadQuery,
  Ok,
  PublicMediaParams,
  type MediaPurpose,
} from '@advocate-hub/shared';
import { AppError } from '../../platform/errors.js';
import { mayUpload } from './media.policy.js';
import {
  maxBytesFor,
  missingFile,
  purposeForbidden,
  readUpload,
  tooLarge,
  type MediaService,
} from './media.service.js';
import type { StoredObject } from './media.storage.js';

const errors = {
  400: ApiError,
  401: ApiError,
  403: ApiError,
  404: ApiError,
  413: ApiError,
  415: ApiError,
  422: ApiError,
};

/** Room for the multipart envelope (boundaries, part headers) around the file. */
const ENVELOPE_BYTES = 64 * 1024;

/**
 * Refuses, in onRequest, what can be refused before a byte of the body is read: a purpose the member
 * may not upload for, and a body whose declared length is over the limit (the connection is closed
 * rather than the body drained).
 */
function uploadGuard(purposeOf: (request: FastifyRequest) => MediaPurpose | null) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const purpose = purposeOf(request);
    if (purpose === null) return; // validation answers 400
    if (request.member && !mayUpload(request.member.roles, purpose)) throw purposeForbidden();
    const length = Number(request.headers['content-length'] ?? 0);
    if (length > maxBytesFor(purpose) + ENVELOPE_BYTES) {
      reply.header('connection', 'close');
      throw tooLarge();
    }
  };
}

/** Reads the one file of a multipart request; a refused upload closes the connection. */
async function receive(request: FastifyRequest, reply: FastifyReply, purpose: MediaPurpose) {
  if (!request.isMultipart()) throw missingFile();
  try {
    const part = await request.file({ limits: { fileSize: maxBytesFor(purpose) + 1, files: 1, fields: 4, parts: 5 } });
    if (!part || part.fieldname !== 'file') throw missingFile();
    return await readUpload(part.file, purpose);
  } catch (err) {
    // The rest of the body is not read: the client is told, and the connection ends.
    reply.header('connection', 'close');
    if (err instanceof AppError) throw err;
    const status = (err as { statusCode?: number }).statusCode;
    if (status === 413) throw tooLarge();
    if (status && status >= 400 && status < 500) throw missingFile({ message: (err as Error).message });
    throw err;
  }
}

function sendObject(reply: FastifyReply, object: StoredObject, type: string) {
  reply.header('content-type', type).header('x-content-type-options', 'nosniff');
  if (object.size !== undefined) reply.header('content-length', String(object.size));
  return reply.send(object.body);
}

export async function mediaRoutes(app: FastifyInstance, opts: { service: MediaService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = opts.service;
  const queryPurpose = (request: FastifyRequest) => {
    const parsed = MediaUploadQuery.safeParse(request.query);
    return parsed.success ? parsed.data.purpose : null;
  };

  r.post(
    '/api/media',
    {
      config: { upload: true },
      onRequest: uploadGuard(queryPurpose),
      schema: {
        tags: ['media'],
        summary: 'Upload an image (or a PDF as proof) as multipart/form-data, field "file"',
        description:
          'The type is read from the content, never the name or declared type: JPEG, PNG, WebP or GIF images (up to 10 MB), PDFs for proofs (up to 20 MB); anything else is 415 `media.unsupported_type`, too large 413 `media.too_large`, empty 400 `media.empty`. ' +
          'Images are decoded and re-encoded as WebP at 64, 256 and 1024 px, upright and without metadata. Purposes challenge, reward, badge and logo are for admins; avatar and proof for every member. Proofs are private.',
        querystring: MediaUploadQuery,
        response: { 201: MediaResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { purpose } = request.query;
      const { type, body } = await receive(request, reply, purpose);
      const row = await s.keep(request.member!.id, purpose, type, body);
      return reply.status(201).send({ media: s.view(row) });
    },
  );

  r.get(
    '/api/media/:id',
    {
      schema: {
        tags: ['media'],
        summary: 'A private file (a proof): for the member who sent it and admins',
        params: MediaIdParams,
        querystring: MediaFileQuery,
        response: { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (request, reply) => {
      const row = await s.readable(request.member!, request.params.id);
      const object = await s.file(row, request.query.size);
      const pdf = row.mime === 'application/pdf';
      reply.header('cache-control', row.private ? 'private, max-age=3600' : 'public, max-age=86400');
      if (pdf) reply.header('content-disposition', `attachment; filename="proof-${row.id}.pdf"`);
      return sendObject(reply, object, pdf ? 'application/pdf' : 'image/webp');
    },
  );

  r.post(
    '/api/me/avatar',
    {
      config: { upload: true },
      onRequest: uploadGuard(() => 'avatar'),
      schema: {
        tags: ['me'],
        summary: 'Set my avatar: upload a picture (multipart, field "file") or name one uploaded before `{mediaId}`',
        body: AvatarBody.nullish(),
        response: { 200: AvatarResponse, ...errors },
      },
    },
    async (request, reply) => {
      let mediaId: string;
      if (request.isMultipart()) {
        const { type, body } = await receive(request, reply, 'avatar');
        mediaId = (await s.keep(request.member!.id, 'avatar', type, body)).id;
      } else {
        if (!request.body) throw missingFile({ message: 'Send a picture (multipart, field "file") or {mediaId}' });
        mediaId = request.body.mediaId;
      }
      return s.setAvatar(request.member!.id, mediaId);
    },
  );

  r.delete(
    '/api/me/avatar',
    { schema: { tags: ['me'], summary: 'Remove my avatar', response: { 200: Ok, ...errors } } },
    async (request) => {
      await s.clearAvatar(request.member!.id);
      return { ok: true as const };
    },
  );

  // Public pictures: content-addressed names, so they never change and may be cached for a year.
  r.get('/media/:file', { schema: { hide: true, params: PublicMediaParams } }, async (request, reply) => {
    const object = await s.publicFile(request.params.file);
    reply.header('cache-control', 'public, max-age=31536000, immutable');
    reply.header('cross-origin-resource-policy', 'same-origin');
    return sendObject(reply, object, 'image/webp');
  });
}
