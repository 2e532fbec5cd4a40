import { api } from '@/shared/api/client';

export interface AuditEntry {
  id: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  /** The target by name (a member's name, a challenge's title …), when it has one. */
  targetName: string | null;
  /** The member a completion, redemption or post belongs to. */
  subjectName: string | null;
  /** The entry as one sentence, written by the server. */
  summary: string;
  data: Record<string, unknown>;
  createdAt: string;
}

/** The admin activity log, newest first. */
export const auditApi = {
  audit(params: { limit?: number; cursor?: string | null; targetId?: string }) {
    return api.get<{ entries: AuditEntry[]; nextCursor: string | null }>('/api/admin/audit', params);
  },
};
