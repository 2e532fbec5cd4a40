import { ref } from 'vue';
import type { MemberAction } from '../api';

/** Which member the sanction dialog is about, and what it does (silence, suspend or lift). */
export function useSanctionDialog() {
  const visible = ref(false);
  const member = ref<{ id: string; name: string } | null>(null);
  const action = ref<MemberAction>('silence');

  function openFor(who: { id: string; name: string }, what: MemberAction): void {
    member.value = { id: who.id, name: who.name };
    action.value = what;
    visible.value = true;
  }

  return { visible, member, action, openFor };
}
