import { and, asc, eq, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import {
  ssoConnections,
  ssoIdentities,
  ssoSamlRequests,
  type NewSsoConnectionRow,
  type SsoConnectionRow,
  type SsoIdentityRow,
} from './sso.table.js';

export const ssoRepo = {
  async list(ex: Executor): Promise<SsoConnectionRow[]> {
    return ex.select().from(ssoConnections).orderBy(asc(ssoConnections.createdAt), asc(ssoConnections.id));
  },
  async listEnabled(ex: Executor): Promise<SsoConnectionRow[]> {
    return ex
      .select()
      .from(ssoConnections)
      .where(eq(ssoConnections.enabled, true))
      .orderBy(asc(ssoConnections.createdAt), asc(ssoConnections.id));
  },
  async byId(ex: Executor, id: string): Promise<SsoConnectionRow | null> {
    const [row] = await ex.select().from(ssoConnections).where(eq(ssoConnections.id, id));
    return row ?? null;
  },
  async insert(ex: Executor, v: NewSsoConnectionRow): Promise<SsoConnectionRow> {
    const [row] = await ex.insert(ssoConnections).values(v).returning();
    return row!;
  },
  async update(ex: Executor, id: string, patch: Partial<NewSsoConnectionRow>): Promise<SsoConnectionRow | null> {
    const [row] = await ex
      .update(ssoConnections)
      .set({ ...patch, updatedAt: sql`now()` })
      .where(eq(ssoConnections.id, id))
      .returning();
    return row ?? null;
  },
  async remove(ex: Executor, id: string): Promise<SsoConnectionRow | null> {
    const [row] = await ex.delete(ssoConnections).where(eq(ssoConnections.id, id)).returning();
    return row ?? null;
  },

  async identity(ex: Executor, connectionId: string, subject: string): Promise<SsoIdentityRow | null> {
    const [row] = await ex
      .select()
      .from(ssoIdentities)
      .where(and(eq(ssoIdentities.connectionId, connectionId), eq(ssoIdentities.subject, subject)));
    return row ?? null;
  },
  /** Links the subject to the member; a link made meanwhile by a parallel sign-in wins (exactly once). */
  async link(ex: Executor, connectionId: string, subject: string, memberId: string): Promise<SsoIdentityRow> {
    await ex
      .insert(ssoIdentities)
      .values({ connectionId, subject, memberId, lastLoginAt: sql`now()` })
      .onConflictDoNothing({ target: [ssoIdentities.connectionId, ssoIdentities.subject] });
    return (await this.identity(ex, connectionId, subject))!;
  },
  async touchIdentity(ex: Executor, id: string): Promise<void> {
    await ex
      .update(ssoIdentities)
      .set({ lastLoginAt: sql`now()` })
      .where(eq(ssoIdentities.id, id));
  },

  async saveSamlRequest(ex: Executor, id: string, value: string, maxAgeMs: number): Promise<void> {
    await ex
      .delete(ssoSamlRequests)
      .where(lt(ssoSamlRequests.createdAt, sql`now() - make_interval(secs => ${maxAgeMs / 1000})`));
    await ex.insert(ssoSamlRequests).values({ id, value }).onConflictDoNothing();
  },
  async samlRequest(ex: Executor, id: string, maxAgeMs: number): Promise<string | null> {
    const [row] = await ex
      .select({ value: ssoSamlRequests.value })
      .from(ssoSamlRequests)
      .where(
        and(
          eq(ssoSamlRequests.id, id),
          sql`${ssoSamlRequests.createdAt} > now() - make_interval(secs => ${maxAgeMs / 1000})`,
        ),
      );
    return row?.value ?? null;
  },
  async removeSamlRequest(ex: Executor, id: string): Promise<string | null> {
    const [row] = await ex.delete(ssoSamlRequests).where(eq(ssoSamlRequests.id, id)).returning();
    return row?.value ?? null;
  },
};
