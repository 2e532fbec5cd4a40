import type { z } from 'zod';
import type {
  CreateSsoConnectionBody,
  PublicSsoConnection,
  SsoConnection,
  SsoConnectionsResponse as SsoConnectionsResponseSchema,
  UpdateSsoConnectionBody,
} from '@advocate-hub/shared';
import { api } from '@/shared/api/client';

/** Response types shared exports only as zod schemas, derived in type positions (no zod at run time). */
export type SsoConnectionsPage = z.infer<typeof SsoConnectionsResponseSchema>;
export type { CreateSsoConnectionBody, PublicSsoConnection, SsoConnection, UpdateSsoConnectionBody };

/** The login page's buttons. */
export const ssoApi = {
  connections(signal?: AbortSignal) {
    return api.get<{ connections: PublicSsoConnection[] }>('/api/auth/sso', undefined, { signal });
  },
  /** Where a button sends the browser (a full navigation: the IdP is another site). */
  startUrl(c: Pick<PublicSsoConnection, 'id' | 'kind'>): string {
    return c.kind === 'saml' ? `/api/auth/saml/${c.id}/start` : `/api/auth/sso/${c.id}/start`;
  },
};

/** The admin's connections, and an API key for SCIM. */
export const ssoAdminApi = {
  list() {
    return api.get<SsoConnectionsPage>('/api/admin/sso/connections');
  },
  create(body: CreateSsoConnectionBody) {
    return api.post<{ connection: SsoConnection }>('/api/admin/sso/connections', body);
  },
  update(id: string, body: UpdateSsoConnectionBody) {
    return api.patch<{ connection: SsoConnection }>(`/api/admin/sso/connections/${id}`, body);
  },
  remove(id: string) {
    return api.delete<{ connection: SsoConnection }>(`/api/admin/sso/connections/${id}`);
  },
};
