import crypto from 'node:crypto';

/**
 * OIDC client secrets at rest: AES-256-GCM under a key derived from the hub's JWT secret, so a
 * database dump alone does not hand out the IdP client. Changing JWT_SECRET makes stored secrets
 * unreadable: the connection then reports itself unavailable until an admin enters the secret again.
 */
const PREFIX = 'v1:';

export class SecretBox {
  private readonly key: Buffer;
  constructor(appSecret: string) {
    this.key = crypto.createHash('sha256').update(`advocate-hub/sso-client-secret/${appSecret}`).digest();
  }

  seal(plain: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
  }

  /** The secret, or null when it cannot be read (another JWT secret sealed it). */
  open(sealed: string): string | null {
    if (!sealed.startsWith(PREFIX)) return sealed; // stored before sealing existed
    try {
      const [iv, tag, body] = sealed
        .slice(PREFIX.length)
        .split('.')
        .map((p) => Buffer.from(p, 'base64url'));
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, iv!);
      decipher.setAuthTag(tag!);
      return Buffer.concat([decipher.update(body!), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}
