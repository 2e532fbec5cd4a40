import crypto from 'node:crypto';

/**
 * An access token of a benchmark member, signed with the hub's JWT_SECRET. Its session (`sid`) is
 * the member's id: benchmarks insert one refresh-token row per member with `family_id = id`.
 */
export function benchToken(secret: string, sub: string, ttlSeconds = 3600): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub, sid: sub, iat: now, exp: now + ttlSeconds })}`;
  return `${body}.${crypto.createHmac('sha256', secret).update(body).digest('base64url')}`;
}
