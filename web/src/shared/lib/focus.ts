/**
 * Keep keyboard users in a list after an item left it (on the next frame, once the list has
 * changed): focus what took the item's place, or the new last item, or the list's heading once
 * the list is empty.
 */
export function focusAfterRemoval<T>(
  items: () => readonly T[],
  index: number,
  target: (item: T) => HTMLElement | null,
  headingId: string,
): void {
  requestAnimationFrame(() => {
    const list = items();
    const next = list[Math.min(index, list.length - 1)];
    const el = next ? target(next) : document.getElementById(headingId);
    el?.focus();
  });
}
