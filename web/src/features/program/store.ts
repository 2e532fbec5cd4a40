import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import type { Program } from '@advocate-hub/shared';
import { api } from '@/shared/api/client';
import { DEFAULT_ACCENT } from './lib/palette';
import { applyAccentColour } from './lib/theme';

const FALLBACK: Program = {
  name: 'Advocate Hub',
  tagline: null,
  logoUrl: null,
  accentColor: DEFAULT_ACCENT,
  timezone: 'UTC',
  pointValue: 0.01,
  currency: 'USD',
};

/** The program's branding (public), loaded once; the accent colour themes the whole app. */
export const useProgramStore = defineStore('program', () => {
  const program = ref<Program>({ ...FALLBACK });
  const loaded = ref(false);
  let pending: Promise<void> | null = null;

  watch(
    () => program.value.accentColor,
    (colour) => applyAccentColour(colour),
    { immediate: true },
  );

  function load(): Promise<void> {
    if (loaded.value) return Promise.resolve();
    pending ??= api
      .get<{ program: Program }>('/api/program', undefined, { onAuthFailure: 'silent' })
      .then(({ program: p }) => {
        program.value = p;
        loaded.value = true;
      })
      .catch((err: unknown) => {
        // Branding is cosmetic: keep the defaults and let the next call try again.
        console.warn('Could not load the program branding', err);
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  }

  /** After an admin saves the branding. */
  function set(p: Program): void {
    program.value = p;
    loaded.value = true;
  }

  return { program, loaded, load, set };
});
