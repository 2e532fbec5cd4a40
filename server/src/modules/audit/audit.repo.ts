import { desc, eq, lt, and, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { decodeSerialCursor } from '../../platform/paging.js';
import { auditLog } from './audit.table.js';
import { members } from '../members/members.table.js';

export interface AuditInput {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  data?: Record<string, unknown>;
  ip?: string | null;
}

export const auditRepo = {
  async record(ex: Executor, entry: AuditInput): Promise<void> {
    await ex.insert(auditLog).values({
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      data: entry.data ?? {},
      ip: entry.ip ?? null,
    });
  },

  async list(ex: Executor, q: { targetId?: string | undefined; limit: number; cursor?: string | undefined }) {
    const filters: SQL[] = [];
    if (q.targetId) filters.push(eq(auditLog.targetId, q.targetId));
    const before = decodeSerialCursor(q.cursor);
    if (before !== null) filters.push(lt(auditLog.id, before));
    const rows = await ex
      .select({
        id: auditLog.id,
        actorId: auditLog.actorId,
        actorName: members.name,
        action: auditLog.action,
        targetType: auditLog.targetType,
        targetId: auditLog.targetId,
        data: auditLog.data,
        createdAt: auditLog.createdAt,
      })
      .from(auditLog)
      .leftJoin(members, eq(members.id, auditLog.actorId))
      .where(filters.length ? and(...filters) : undefined)
      .orderBy(desc(auditLog.id))
      .limit(q.limit + 1);
    const more = rows.length > q.limit;
    const page = rows.slice(0, q.limit);
    return { rows: page, nextCursor: more ? String(page[page.length - 1]!.id) : null };
  },
};
