import { computed, ref } from 'vue';
import type { AdminMember, Group } from '@advocate-hub/shared';
import { groupsApi, type GroupMember } from '../api';
import { membersApi } from '@/features/members';
import { isApiError } from '@/shared/api/client';
import { GroupCodes } from '@/shared/lib/codes';
import { errorMessage } from '@/shared/lib/errors';
import { useDebounced } from '@/shared/composables/useDebounced';
import { useFormErrors } from '@/shared/composables/useFormErrors';

/** The program's groups, by name. */
export function useAdminGroups() {
  const groups = ref<Group[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<string | null>(null);

  const sorted = computed(() => [...groups.value].sort((a, b) => a.name.localeCompare(b.name)));

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      groups.value = (await groupsApi.groups()).groups;
      loaded.value = true;
    } catch (err) {
      error.value = errorMessage(err, 'Could not load the groups.');
    } finally {
      loading.value = false;
    }
  }

  function upsert(group: Group): void {
    const i = groups.value.findIndex((g) => g.id === group.id);
    if (i >= 0) groups.value.splice(i, 1, group);
    else groups.value.push(group);
  }

  function remove(id: string): void {
    groups.value = groups.value.filter((g) => g.id !== id);
  }

  return { groups: sorted, loading, loaded, error, load, upsert, remove };
}

/** Create or edit one group. */
export function useGroupForm() {
  const name = ref('');
  const description = ref('');
  const saving = ref(false);
  const errors = useFormErrors(['name', 'description'] as const);

  function reset(group: Group | null): void {
    name.value = group?.name ?? '';
    description.value = group?.description ?? '';
    errors.clear();
  }

  async function save(existing: Group | null): Promise<Group | null> {
    errors.clear();
    const n = name.value.trim();
    const d = description.value.trim();
    const problems: Record<string, string> = {};
    if (!n) problems.name = 'Give the group a name.';
    else if (n.length > 80) problems.name = 'Use at most 80 characters.';
    if (d.length > 500) problems.description = 'Use at most 500 characters.';
    if (Object.keys(problems).length > 0) {
      errors.setFields(problems);
      return null;
    }
    saving.value = true;
    try {
      const body = { name: n, description: d || null };
      const { group } = existing ? await groupsApi.updateGroup(existing.id, body) : await groupsApi.createGroup(body);
      return group;
    } catch (err) {
      if (isApiError(err, GroupCodes.nameTaken)) {
        errors.setFields({ name: 'Another group already has this name. Choose another.' });
      } else {
        errors.fromError(err);
      }
      return null;
    } finally {
      saving.value = false;
    }
  }

  return { name, description, saving, errors, reset, save };
}

/** The members of one group: list, remove, and search the program's members to add. */
export function useGroupMembers() {
  const members = ref<GroupMember[]>([]);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const busyId = ref<string | null>(null);

  const query = ref('');
  const results = ref<AdminMember[]>([]);
  const searching = ref(false);
  const searchError = ref<string | null>(null);
  const searched = ref(false);

  let groupId: string | null = null;
  let loadController: AbortController | null = null;
  let searchController: AbortController | null = null;

  const memberIds = computed(() => new Set(members.value.map((m) => m.id)));
  const runSearch = useDebounced((q: string) => void search(q), 300);

  async function load(id: string): Promise<void> {
    groupId = id;
    loadController?.abort();
    const controller = new AbortController();
    loadController = controller;
    loading.value = true;
    error.value = null;
    try {
      members.value = (await groupsApi.groupMembers(id, controller.signal)).members;
    } catch (err) {
      if (controller.signal.aborted) return;
      error.value = errorMessage(err, 'Could not load the members of this group.');
    } finally {
      if (loadController === controller) loading.value = false;
    }
  }

  function reset(): void {
    loadController?.abort();
    searchController?.abort();
    runSearch.cancel();
    groupId = null;
    members.value = [];
    error.value = null;
    busyId.value = null;
    query.value = '';
    results.value = [];
    searched.value = false;
    searching.value = false;
    searchError.value = null;
  }

  async function search(q: string): Promise<void> {
    searchController?.abort();
    const term = q.trim();
    if (!term) {
      results.value = [];
      searched.value = false;
      searching.value = false;
      searchError.value = null;
      return;
    }
    const controller = new AbortController();
    searchController = controller;
    searching.value = true;
    searchError.value = null;
    try {
      results.value = (await membersApi.members({ q: term, limit: 20 }, controller.signal)).members;
      searched.value = true;
    } catch (err) {
      if (controller.signal.aborted) return;
      searchError.value = errorMessage(err, 'Could not search the members.');
    } finally {
      if (searchController === controller) searching.value = false;
    }
  }

  function setQuery(q: string): void {
    query.value = q;
    runSearch(q);
  }

  /** Add or remove one member; returns the updated group, or null with `error` set. */
  async function change(action: 'add' | 'remove', member: { id: string; name: string; email: string }) {
    if (!groupId) return null;
    busyId.value = member.id;
    error.value = null;
    try {
      const { group } =
        action === 'add'
          ? await groupsApi.addGroupMembers(groupId, [member.id])
          : await groupsApi.removeGroupMembers(groupId, [member.id]);
      if (action === 'add') {
        // Newest first, as the server lists them.
        members.value = [
          { id: member.id, name: member.name, email: member.email, addedAt: new Date().toISOString() },
          ...members.value.filter((m) => m.id !== member.id),
        ];
      } else {
        members.value = members.value.filter((m) => m.id !== member.id);
      }
      return group;
    } catch (err) {
      error.value = isApiError(err, GroupCodes.unknownMember)
        ? 'This member no longer exists. Search again.'
        : errorMessage(err, action === 'add' ? 'Could not add the member.' : 'Could not remove the member.');
      return null;
    } finally {
      busyId.value = null;
    }
  }

  return {
    members,
    memberIds,
    loading,
    error,
    busyId,
    query,
    results,
    searching,
    searchError,
    searched,
    load,
    reset,
    setQuery,
    change,
  };
}
