import { ref } from 'vue';

/** A page that knows a better title than its route (a challenge's name) sets it here. */
export const pageTitle = ref<string | null>(null);

export function setPageTitle(title: string | null): void {
  pageTitle.value = title;
}
