import { and, desc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { ErrorCode } from '@advocate-hub/shared';
import type { Executor } from '../../db/client.js';
import { AppError, pgErrorCode, PG_UNIQUE_VIOLATION } from '../../platform/errors.js';
import { joinCodes } from './join-codes.table.js';

export type JoinCodeRow = typeof joinCodes.$inferSelect;

export const joinCodesRepo = {
  async insert(ex: Executor, v: typeof joinCodes.$inferInsert): Promise<JoinCodeRow> {
    try {
      const [row] = await ex.insert(joinCodes).values(v).returning();
      return row!;
    } catch (err) {
      if (pgErrorCode(err) === PG_UNIQUE_VIOLATION)
        throw new AppError({ code: ErrorCode.joinCodeTaken, status: 409, message: 'That code is already in use' });
      throw err;
    }
  },
  async list(ex: Executor): Promise<JoinCodeRow[]> {
    return ex.select().from(joinCodes).orderBy(desc(joinCodes.createdAt));
  },
  async findById(ex: Executor, id: string) {
    const [row] = await ex.select().from(joinCodes).where(eq(joinCodes.id, id));
    return row ?? null;
  },
  async findByCode(ex: Executor, code: string) {
    const [row] = await ex.select().from(joinCodes).where(eq(joinCodes.code, code.toUpperCase()));
    return row ?? null;
  },
  async setDisabled(ex: Executor, id: string, disabled: boolean) {
    const [row] = await ex
      .update(joinCodes)
      .set({ disabledAt: disabled ? sql`coalesce(${joinCodes.disabledAt}, now())` : null })
      .where(eq(joinCodes.id, id))
      .returning();
    return row ?? null;
  },
  /** Takes one use of a live code atomically; null when none is left (or the code is not live). */
  async claim(ex: Executor, code: string) {
    const [row] = await ex
      .update(joinCodes)
      .set({ uses: sql`${joinCodes.uses} + 1` })
      .where(
        and(
          eq(joinCodes.code, code.toUpperCase()),
          isNull(joinCodes.disabledAt),
          or(isNull(joinCodes.expiresAt), gt(joinCodes.expiresAt, sql`now()`)),
          or(isNull(joinCodes.maxUses), sql`${joinCodes.uses} < ${joinCodes.maxUses}`),
        ),
      )
      .returning();
    return row ?? null;
  },
};
