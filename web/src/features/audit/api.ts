import { api } from '@/shared/api/client';

export interface AuditEntry {
  id: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  data: Record<string, unknown>;
  createdAt: string;
}

/** The admin activity log, newest first. */
export const auditApi = {
  audit(params: { limit?: number; cursor?: string | null }) {
    return api.get<{ entries: AuditEntry[]; nextCursor: string | null }>('/api/admin/audit', params);
  },
};
