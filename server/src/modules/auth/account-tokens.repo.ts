import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { accountTokens, type AccountTokenRow } from './account-tokens.table.js';

type Purpose = AccountTokenRow['purpose'];

/** The token of this hash and purpose, while unused and unexpired. */
const live = (tokenHash: string, purpose: Purpose) =>
  and(
    eq(accountTokens.tokenHash, tokenHash),
    eq(accountTokens.purpose, purpose),
    isNull(accountTokens.usedAt),
    gt(accountTokens.expiresAt, sql`now()`),
  );

export const accountTokensRepo = {
  async insert(
    ex: Executor,
    v: { memberId: string; purpose: Purpose; tokenHash: string; newEmail?: string | null; expiresAt: Date },
  ): Promise<AccountTokenRow> {
    const [row] = await ex.insert(accountTokens).values(v).returning();
    return row!;
  },

  /** A live token of this purpose (unused, unexpired), or null. */
  async findLive(ex: Executor, tokenHash: string, purpose: Purpose): Promise<AccountTokenRow | null> {
    const [row] = await ex.select().from(accountTokens).where(live(tokenHash, purpose));
    return row ?? null;
  },

  /** Single use: only one caller spends a live token. */
  async spend(ex: Executor, tokenHash: string, purpose: Purpose): Promise<AccountTokenRow | null> {
    const [row] = await ex
      .update(accountTokens)
      .set({ usedAt: sql`now()` })
      .where(live(tokenHash, purpose))
      .returning();
    return row ?? null;
  },

  /** Ends the member's other live tokens of this purpose (a new link replaces older ones). */
  async spendAllOf(ex: Executor, memberId: string, purpose: Purpose): Promise<void> {
    await ex
      .update(accountTokens)
      .set({ usedAt: sql`now()` })
      .where(
        and(eq(accountTokens.memberId, memberId), eq(accountTokens.purpose, purpose), isNull(accountTokens.usedAt)),
      );
  },

  /** Tokens of this purpose made for the member within the last `seconds`. */
  async countRecent(ex: Executor, memberId: string, purpose: Purpose, seconds: number): Promise<number> {
    const [row] = await ex
      .select({ n: sql<number>`count(*)::int` })
      .from(accountTokens)
      .where(
        and(
          eq(accountTokens.memberId, memberId),
          eq(accountTokens.purpose, purpose),
          gt(accountTokens.createdAt, sql`now() - make_interval(secs => ${seconds})`),
        ),
      );
    return row?.n ?? 0;
  },
};
