import crypto from 'node:crypto';

/** A random opaque token (refresh tokens, invite tokens) and the hash we keep of it. */
export function newOpaqueToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}
