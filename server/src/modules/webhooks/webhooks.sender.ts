import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { pinnedLookup, type Target } from './webhooks.target.js';

/** `whsec_` + base64 of 32 random bytes (the Standard Webhooks secret format). */
export function newSecret(): string {
  return `whsec_${crypto.randomBytes(32).toString('base64')}`;
}

/** `msg_` + 32 hex characters. */
export function newMessageId(): string {
  return `msg_${crypto.randomBytes(16).toString('hex')}`;
}

/**
 * One signature per the Standard Webhooks spec: `v1,` + base64 HMAC-SHA256 over
 * `${msgId}.${timestamp}.${body}`, keyed with the base64-decoded part of the secret after `whsec_`.
 */
export function sign(secret: string, msgId: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${crypto.createHmac('sha256', key).update(`${msgId}.${timestamp}.${body}`).digest('base64')}`;
}

/** The signed headers of one attempt: every secret that signs (current first) gives one `v1,` entry. */
export function signedHeaders(secrets: string[], msgId: string, body: string, now = new Date()) {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'content-type': 'application/json',
    'user-agent': 'AdvocateHub-Webhooks/1',
    'webhook-id': msgId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((s) => sign(s, msgId, timestamp, body)).join(' '),
  };
}

export interface PostOutcome {
  /** null: no answer (refused, timed out, connection failed). */
  httpStatus: number | null;
  error: string | null;
  snippet: string | null;
}

const SNIPPET_BYTES = 1024;

/**
 * POSTs the body to the checked address (redirects are not followed: a 3xx is a failed attempt);
 * resolves with the outcome, never rejects. The whole attempt is bounded by `timeoutMs`.
 */
export function post(target: Target, headers: Record<string, string>, body: string, timeoutMs: number) {
  return new Promise<PostOutcome>((resolve) => {
    let settled = false;
    const done = (o: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(o);
    };
    const lib = target.url.protocol === 'https:' ? https : http;
    const req = lib.request(target.url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup: pinnedLookup(target),
      agent: false,
    });
    const timer = setTimeout(() => {
      done({ httpStatus: null, error: `No answer within ${timeoutMs} ms`, snippet: null });
      req.destroy(new Error('timed out'));
    }, timeoutMs);
    timer.unref();
    req.on('error', (err) => done({ httpStatus: null, error: err.message, snippet: null }));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = () => {
        const status = res.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        const snippet = Buffer.concat(chunks).subarray(0, SNIPPET_BYTES).toString('utf8') || null;
        const error = ok
          ? null
          : status >= 300 && status < 400
            ? `HTTP ${status}: redirects are not followed (${String(res.headers.location ?? 'no location')})`
            : `HTTP ${status}`;
        done({ httpStatus: status, error, snippet });
        res.destroy();
      };
      res.on('data', (c: Buffer) => {
        if (size < SNIPPET_BYTES) chunks.push(c);
        size += c.length;
        if (size >= SNIPPET_BYTES) finish();
      });
      res.on('end', finish);
      res.on('error', finish);
    });
    req.end(body);
  });
}
