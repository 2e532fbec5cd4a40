import type { Program, UpdateProgramBody } from '@advocate-hub/shared';
import { api } from '@/shared/api/client';

/** The admin's program settings (branding, point value). */
export const programApi = {
  updateProgram(body: UpdateProgramBody) {
    return api.patch<{ program: Program }>('/api/admin/program', body);
  },
};
