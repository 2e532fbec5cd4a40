import type { JoinCode } from '@advocate-hub/shared';
import { api } from '@/shared/api/client';

export interface CreateJoinCodeInput {
  label: string;
  code?: string;
  maxUses?: number | null;
  expiresAt?: string | null;
}

/** The admin's join codes for self sign-up. */
export const joinCodesApi = {
  joinCodes() {
    return api.get<{ joinCodes: JoinCode[] }>('/api/admin/join-codes');
  },
  createJoinCode(body: CreateJoinCodeInput) {
    return api.post<{ joinCode: JoinCode }>('/api/admin/join-codes', body);
  },
  setJoinCodeDisabled(id: string, disabled: boolean) {
    return api.patch<{ joinCode: JoinCode }>(`/api/admin/join-codes/${id}`, { disabled });
  },
};
