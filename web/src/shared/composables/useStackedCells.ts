import { onBeforeUnmount, onMounted, type Ref } from 'vue';

/**
 * Names each body cell of the table under `root` after its column (`data-label`, from the header's
 * text), so that on a phone the rows can stack as cards that still say what each value is; marks the
 * cells of an “Actions” column (`row-actions-cell`) so they can stay in view. Follows the rows as
 * they change.
 */
export function useStackedCells(root: Ref<HTMLElement | null>): void {
  let observer: MutationObserver | null = null;

  function label(): void {
    const el = root.value;
    if (!el) return;
    const headers = [...el.querySelectorAll<HTMLTableCellElement>('thead > tr > th')].map((th) =>
      (th.textContent ?? '').replace(/\s+/g, ' ').trim(),
    );
    for (const [i, text] of headers.entries()) {
      const th = el.querySelectorAll<HTMLTableCellElement>('thead > tr > th')[i];
      th?.classList.toggle('row-actions-cell', text === 'Actions');
    }
    for (const tr of el.querySelectorAll<HTMLTableRowElement>('tbody > tr')) {
      [...tr.children].forEach((td, i) => {
        const text = headers[i] ?? '';
        if (td.getAttribute('data-label') !== text) td.setAttribute('data-label', text);
        td.classList.toggle('row-actions-cell', text === 'Actions');
      });
    }
  }

  onMounted(() => {
    label();
    if (!root.value) return;
    observer = new MutationObserver(() => {
      // Our own attribute changes are not watched (childList only), so this cannot loop.
      label();
    });
    observer.observe(root.value, { childList: true, subtree: true });
  });
  onBeforeUnmount(() => observer?.disconnect());
}
