import type { Group } from '@advocate-hub/shared';
import { api } from '@/shared/api/client';

export interface GroupMember {
  id: string;
  name: string;
  email: string;
  addedAt: string;
}

export interface GroupInput {
  name: string;
  description?: string | null;
}

/** The admin's groups and their members. */
export const groupsApi = {
  groups(signal?: AbortSignal) {
    return api.get<{ groups: Group[] }>('/api/admin/groups', undefined, { signal });
  },
  createGroup(body: GroupInput) {
    return api.post<{ group: Group }>('/api/admin/groups', body);
  },
  updateGroup(id: string, body: Partial<GroupInput>) {
    return api.patch<{ group: Group }>(`/api/admin/groups/${id}`, body);
  },
  deleteGroup(id: string) {
    return api.delete<{ ok: true }>(`/api/admin/groups/${id}`);
  },
  groupMembers(id: string, signal?: AbortSignal) {
    return api.get<{ members: GroupMember[] }>(`/api/admin/groups/${id}/members`, undefined, { signal });
  },
  addGroupMembers(id: string, memberIds: string[]) {
    return api.post<{ group: Group }>(`/api/admin/groups/${id}/members`, { memberIds });
  },
  removeGroupMembers(id: string, memberIds: string[]) {
    return api.delete<{ group: Group }>(`/api/admin/groups/${id}/members`, { memberIds });
  },
};
