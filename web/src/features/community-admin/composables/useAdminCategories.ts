import { ref } from 'vue';
import { communityAdminApi, type AdminCategory } from '../api';
import { errorMessage } from '@/shared/lib/errors';

function byPosition(list: AdminCategory[]): AdminCategory[] {
  return [...list].sort((a, b) => a.position - b.position);
}

/**
 * The community's categories in their order: load, put one in place after an edit, archive or
 * bring back, and move one up or down (shown at once, put back if the server refuses).
 */
export function useAdminCategories() {
  const categories = ref<AdminCategory[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  const busyId = ref<string | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      categories.value = byPosition((await communityAdminApi.categories()).categories);
      loaded.value = true;
    } catch (err) {
      error.value = errorMessage(err, 'Could not load the categories.');
    } finally {
      loading.value = false;
    }
  }

  function upsert(category: AdminCategory): void {
    const i = categories.value.findIndex((c) => c.id === category.id);
    if (i >= 0) categories.value.splice(i, 1, category);
    else categories.value.push(category);
  }

  /** Archive or bring back; returns the error message when refused. */
  async function setArchived(category: AdminCategory, archived: boolean): Promise<string | null> {
    busyId.value = category.id;
    try {
      upsert((await communityAdminApi.updateCategory(category.id, { archived })).category);
      return null;
    } catch (err) {
      return errorMessage(err, archived ? 'Could not archive the category.' : 'Could not bring the category back.');
    } finally {
      busyId.value = null;
    }
  }

  /** Move one place up (-1) or down (+1); returns the error message when refused. */
  async function move(category: AdminCategory, by: -1 | 1): Promise<string | null> {
    const before = categories.value;
    const from = before.findIndex((c) => c.id === category.id);
    const to = from + by;
    if (from < 0 || to < 0 || to >= before.length) return null;
    const next = [...before];
    [next[from], next[to]] = [next[to]!, next[from]!];
    categories.value = next.map((c, position) => ({ ...c, position }));
    busyId.value = category.id;
    try {
      categories.value = byPosition((await communityAdminApi.reorderCategories(next.map((c) => c.id))).categories);
      return null;
    } catch (err) {
      categories.value = before;
      return errorMessage(err, 'Could not change the order.');
    } finally {
      busyId.value = null;
    }
  }

  return { categories, loading, loaded, error, busyId, load, upsert, setArchived, move };
}
