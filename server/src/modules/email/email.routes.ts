import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ApiError,
  DigestNowBody,
  DigestNowResponse,
  EmailMessageResponse,
  EmailMessagesQuery,
  EmailMessagesResponse,
  IdParams,
  NotificationPrefs,
  UnsubscribeParams,
  UnsubscribeResponse,
} from '@advocate-hub/shared';
import type { EmailService } from './email.service.js';
import type { DigestService } from './email.digest.js';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError, 429: ApiError };

export async function emailRoutes(
  app: FastifyInstance,
  opts: { service: EmailService; digest: DigestService; unsubscribePerMinute: number },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = opts.service;

  r.get(
    '/api/me/notification-preferences',
    {
      schema: {
        tags: ['me'],
        summary: 'My notification preferences: per topic, in-app and email; and the weekly digest',
        response: { 200: NotificationPrefs, ...errors },
      },
    },
    async (request) => s.preferences(request.member!.id),
  );

  r.put(
    '/api/me/notification-preferences',
    {
      schema: {
        tags: ['me'],
        summary: 'Change my notification preferences (a topic or channel left out is on)',
        body: NotificationPrefs,
        response: { 200: NotificationPrefs, ...errors },
      },
    },
    async (request) => s.setPreferences(request.member!.id, request.body),
  );

  r.post(
    '/api/email/unsubscribe',
    {
      config: { rateLimit: { max: opts.unsubscribePerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['email'],
        summary: 'Unsubscribe from a topic (or the digest) with the signed link of an email',
        body: UnsubscribeParams,
        response: { 200: UnsubscribeResponse, ...errors },
      },
    },
    async (request) => ({ ok: true as const, topic: await s.unsubscribe(request.body) }),
  );

  // RFC 8058 one-click: the mail provider POSTs `List-Unsubscribe=One-Click` (a form) to the link of the
  // List-Unsubscribe header, which is the SPA's /unsubscribe page (a GET there shows its button).
  await app.register(async (oneClick) => {
    const parseAsText = (_req: unknown, body: string, done: (err: null, body: string) => void) => done(null, body);
    oneClick.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, parseAsText);
    // The app's multipart parser (uploads) streams files; here the tiny form is read as text instead.
    if (oneClick.hasContentTypeParser('multipart/form-data')) oneClick.removeContentTypeParser('multipart/form-data');
    oneClick.addContentTypeParser('multipart/form-data', { parseAs: 'string' }, parseAsText);
    oneClick.withTypeProvider<ZodTypeProvider>().post(
      '/unsubscribe',
      {
        config: { rateLimit: { max: opts.unsubscribePerMinute, timeWindow: '1 minute' } },
        schema: { hide: true, querystring: UnsubscribeParams, response: { 200: UnsubscribeResponse, ...errors } },
      },
      async (request) => ({ ok: true as const, topic: await s.unsubscribe(request.query) }),
    );
  });

  r.get(
    '/api/admin/email/messages',
    {
      schema: {
        tags: ['admin: email'],
        summary: 'Outgoing emails, newest first, by status and recipient',
        querystring: EmailMessagesQuery,
        response: { 200: EmailMessagesResponse, ...errors },
      },
    },
    async (request) => s.list(request.query),
  );

  r.get(
    '/api/admin/email/messages/:id',
    {
      schema: {
        tags: ['admin: email'],
        summary: 'One email: headers, text and HTML',
        params: IdParams,
        response: { 200: EmailMessageResponse, ...errors },
      },
    },
    async (request) => ({ message: await s.one(request.params.id) }),
  );

  r.post(
    '/api/admin/email/messages/:id/retry',
    {
      schema: {
        tags: ['admin: email'],
        summary: 'Send a failed email again',
        params: IdParams,
        response: { 200: EmailMessageResponse, ...errors },
      },
    },
    async (request) => ({ message: await s.retry(request.params.id) }),
  );

  r.post(
    '/api/admin/email/digest',
    {
      schema: {
        tags: ['admin: email'],
        summary: 'Send the weekly digest now (to everyone who wants it, or one member)',
        body: DigestNowBody,
        response: { 200: DigestNowResponse, ...errors },
      },
    },
    async (request) => ({ queued: await opts.digest.run({ memberId: request.body.memberId, manual: true }) }),
  );
}
