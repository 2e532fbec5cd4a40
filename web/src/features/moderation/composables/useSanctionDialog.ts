import { ref } from 'vue';
import { useToast } from 'primevue/usetoast';
import type { MemberAction } from '../api';
import { memberActionText } from '../lib/moderation';

/**
 * Which member the sanction dialog is about and what it does (silence, suspend or lift); once it
 * is done, a toast says so and `reload` fetches what changed.
 */
export function useSanctionDialog(reload: () => Promise<void>) {
  const toast = useToast();
  const visible = ref(false);
  const member = ref<{ id: string; name: string } | null>(null);
  const action = ref<MemberAction>('silence');

  function openFor(who: { id: string; name: string }, what: MemberAction): void {
    member.value = { id: who.id, name: who.name };
    action.value = what;
    visible.value = true;
  }

  function done(_result: unknown, what: MemberAction): void {
    toast.add({ severity: 'success', summary: memberActionText[what].done, detail: member.value?.name, life: 5000 });
    void reload();
  }

  return { visible, member, action, openFor, done };
}
