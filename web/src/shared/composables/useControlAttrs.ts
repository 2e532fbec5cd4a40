import { computed, useAttrs } from 'vue';

/**
 * For a labelled field component (`inheritAttrs: false`): its `class` and `style` style the whole
 * field, every other attribute belongs on the control inside it.
 */
export function useControlAttrs() {
  const attrs = useAttrs();
  const fieldAttrs = computed(() => ({ class: attrs.class, style: attrs.style }));
  const controlAttrs = computed(() => {
    const { class: _class, style: _style, ...rest } = attrs;
    return rest;
  });
  return { fieldAttrs, controlAttrs };
}
