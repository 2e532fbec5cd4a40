import { nextTick, onBeforeUnmount, ref, shallowRef, type Ref } from 'vue';
import { useDebounced } from '@/shared/composables/useDebounced';
import { communityApi, type Mentionable } from '../api';
import { insertMention, mentionAt, type MentionQuery } from '../lib/community';

/**
 * Mention autocomplete on a textarea: typing `@` and letters asks the server for members
 * (debounced); the list is worked with up/down, Enter or Tab, Escape, or the mouse; choosing
 * puts `@[Name](mention:<id>) ` in place of what was typed.
 */
export function useMentions(textarea: () => HTMLTextAreaElement | null, model: Ref<string>) {
  const open = ref(false);
  const items = shallowRef<Mentionable[]>([]);
  const active = ref(0);
  const loading = ref(false);
  let typing: MentionQuery | null = null;
  let controller: AbortController | null = null;

  function close(): void {
    open.value = false;
    items.value = [];
    typing = null;
    controller?.abort();
    controller = null;
    search.cancel();
  }

  const search = useDebounced(async (query: string) => {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    loading.value = true;
    try {
      const res = await communityApi.mentions(query, mine.signal);
      if (controller !== mine || typing?.query !== query) return;
      items.value = res.members.slice(0, 8);
      active.value = 0;
      open.value = items.value.length > 0;
    } catch {
      if (controller === mine) close();
    } finally {
      if (controller === mine) loading.value = false;
    }
  }, 200);

  /** After each input, caret move or click: is a mention being typed? */
  function update(): void {
    const el = textarea();
    if (!el || el.selectionStart !== el.selectionEnd) return close();
    const found = mentionAt(el.value, el.selectionStart);
    if (!found) return close();
    if (typing?.query === found.query && typing.start === found.start) return;
    typing = found;
    search(found.query);
  }

  async function choose(index = active.value): Promise<void> {
    const el = textarea();
    const who = items.value[index];
    const at = typing;
    if (!el || !who || !at) return close();
    const next = insertMention(el.value, at, el.selectionStart, who);
    close();
    model.value = next.text;
    await nextTick();
    el.focus();
    el.setSelectionRange(next.caret, next.caret);
  }

  /** Keys while the list is open; returns true when the key was used (the caller stops it). */
  function onKeydown(event: KeyboardEvent): boolean {
    if (!open.value || items.value.length === 0) return false;
    const n = items.value.length;
    switch (event.key) {
      case 'ArrowDown':
        active.value = (active.value + 1) % n;
        break;
      case 'ArrowUp':
        active.value = (active.value - 1 + n) % n;
        break;
      case 'Enter':
      case 'Tab':
        void choose();
        break;
      case 'Escape':
        close();
        break;
      default:
        return false;
    }
    event.preventDefault();
    event.stopPropagation();
    return true;
  }

  onBeforeUnmount(close);

  return { open, items, active, loading, update, choose, close, onKeydown };
}
