import crypto from 'node:crypto';
import { ReferralErrorCode as E, type ApiKeyScope } from '@advocate-hub/shared';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.js';
import { AppError } from '../../platform/errors.js';
import { auditRepo } from '../audit/audit.repo.js';
import { integrationsRepo } from './integrations.repo.js';
import type { ApiKeyRow } from './integrations.table.js';

const KEY_RE = /^ahk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
const hashOf = (key: string) => crypto.createHash('sha256').update(key).digest('hex');

export const apiKeyView = (k: ApiKeyRow) => ({
  id: k.id,
  name: k.name,
  prefix: `ahk_${k.prefix}`,
  scopes: k.scopes,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
});

/** The key an integration sent: `Authorization: Bearer <key>` or `X-Api-Key: <key>`. */
export function presentedKey(request: FastifyRequest): string | null {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header.trim()) return header.trim();
  const auth = request.headers.authorization;
  const m = auth ? /^bearer\s+(ahk_\S+)$/i.exec(auth) : null;
  return m ? m[1]! : null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The integration calling, on routes guarded by an API key. */
    apiKey?: ApiKeyRow;
  }
}

/** API keys of integrations: shown once at creation, stored as a hash, scoped, revocable. */
export class IntegrationsService {
  constructor(private readonly db: Db) {}

  async create(actorId: string, name: string, scopes: ApiKeyScope[], ip: string | null) {
    const prefix = crypto.randomBytes(6).toString('hex');
    const secret = `ahk_${prefix}_${crypto.randomBytes(32).toString('base64url')}`;
    return this.db.transaction(async (tx) => {
      const row = await integrationsRepo.insert(tx, {
        name,
        prefix,
        hash: hashOf(secret),
        scopes: [...new Set(scopes)],
        createdBy: actorId,
      });
      await auditRepo.record(tx, {
        actorId,
        action: 'api_key.created',
        targetType: 'api_key',
        targetId: row.id,
        data: { name, scopes: row.scopes, prefix: `ahk_${prefix}` },
        ip,
      });
      return { apiKey: apiKeyView(row), secret };
    });
  }

  async list() {
    return { apiKeys: (await integrationsRepo.list(this.db)).map(apiKeyView) };
  }

  async revoke(actorId: string, id: string, ip: string | null) {
    return this.db.transaction(async (tx) => {
      const row = await integrationsRepo.revoke(tx, id);
      if (!row) throw new AppError({ code: E.apiKeyNotFound, status: 404, message: 'API key not found' });
      await auditRepo.record(tx, { actorId, action: 'api_key.revoked', targetType: 'api_key', targetId: id, ip });
      return { apiKey: apiKeyView(row) };
    });
  }

  /** The key's row when it is valid, not revoked and holds the scope; else 401/403 with a stable code. */
  async verify(presented: string | null, scope: ApiKeyScope): Promise<ApiKeyRow> {
    if (!presented)
      throw new AppError({
        code: E.keyRequired,
        status: 401,
        message: 'Send an API key as `Authorization: Bearer <key>` or `X-Api-Key`',
      });
    const m = KEY_RE.exec(presented);
    const row = m ? await integrationsRepo.byPrefix(this.db, m[1]!) : null;
    const given = Buffer.from(hashOf(presented), 'hex');
    const ok = !!row && !row.revokedAt && crypto.timingSafeEqual(given, Buffer.from(row.hash, 'hex'));
    if (!ok) throw new AppError({ code: E.keyInvalid, status: 401, message: 'This API key is not valid' });
    if (!row.scopes.includes(scope))
      throw new AppError({ code: E.scopeMissing, status: 403, message: `This API key lacks the scope ${scope}` });
    integrationsRepo.touch(this.db, row.id).catch(() => {});
    return row;
  }

  /** An onRequest hook for integration routes: decides access by API key before the body is read. */
  guard(scope: ApiKeyScope) {
    return async (request: FastifyRequest) => {
      request.apiKey = await this.verify(presentedKey(request), scope);
    };
  }
}
