import type { z } from 'zod';
import type {
  AdminCategory,
  CommunitySettings,
  CreateCategoryBody as CreateCategoryBodySchema,
  UpdateCategoryBody as UpdateCategoryBodySchema,
} from '@advocate-hub/shared';
import { api } from '@/shared/api/client';

export type { AdminCategory, CommunitySettings };
/** What the web sends (defaults left to the server). */
export type CategoryInput = z.input<typeof CreateCategoryBodySchema>;
export type CategoryChanges = z.input<typeof UpdateCategoryBodySchema>;

/** The admin's community set-up: categories (order, look, who may start threads, audience) and settings. */
export const communityAdminApi = {
  categories(signal?: AbortSignal) {
    return api.get<{ categories: AdminCategory[] }>('/api/admin/community/categories', undefined, { signal });
  },
  createCategory(body: CategoryInput) {
    return api.post<{ category: AdminCategory }>('/api/admin/community/categories', body);
  },
  updateCategory(id: string, body: CategoryChanges) {
    return api.patch<{ category: AdminCategory }>(`/api/admin/community/categories/${id}`, body);
  },
  /** All categories' ids in their new order. */
  reorderCategories(ids: string[]) {
    return api.post<{ categories: AdminCategory[] }>('/api/admin/community/categories/reorder', { ids });
  },
  settings(signal?: AbortSignal) {
    return api.get<{ settings: CommunitySettings }>('/api/admin/community/settings', undefined, { signal });
  },
  saveSettings(settings: CommunitySettings) {
    return api.put<{ settings: CommunitySettings }>('/api/admin/community/settings', settings);
  },
};
