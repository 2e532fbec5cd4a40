import type { HomeResponse } from '@advocate-hub/shared';
import { api } from '@/shared/api/client';

/** The advocate home dashboard: one read, and putting the explainer away. */
export const homeApi = {
  home(signal?: AbortSignal) {
    return api.get<HomeResponse>('/api/me/home', undefined, { signal });
  },
  dismissIntro() {
    return api.post<{ ok: true }>('/api/me/home/intro/dismiss', {});
  },
};
