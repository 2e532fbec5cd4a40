import { definePreset, updatePreset, updatePrimaryPalette } from '@primeuix/themes';
import Aura from '@primeuix/themes/aura';
import { DEFAULT_ACCENT, contrastTextFor, normaliseHex, paletteFromHex, readableShade } from './palette';

/** A toast's title in a shade that reads at 4.5:1 or more on its pale background (Aura's 600 does not: 3.2:1 for green). */
const toastTone = (hue: string, shade: number) => ({
  color: `{${hue}.${shade}}`,
  closeButton: { focusRing: { color: `{${hue}.${shade}}` } },
});

/** Aura with the default accent as primary, a clearly visible focus ring, and readable toasts. */
export const AppPreset = definePreset(Aura, {
  semantic: {
    primary: paletteFromHex(DEFAULT_ACCENT),
    focusRing: { width: '2px', style: 'solid', color: '{primary.color}', offset: '2px' },
  },
  components: {
    toast: {
      colorScheme: {
        light: {
          info: toastTone('blue', 700),
          success: toastTone('green', 800),
          warn: toastTone('yellow', 800),
          error: toastTone('red', 700),
        },
      },
    },
  },
});

/**
 * Re-theme the whole app from one brand colour: PrimeVue's primary palette, the text colour
 * on primary surfaces, and `--brand-text` (the palette shade that stays readable on white),
 * which also draws focus rings so they stay visible with a pale brand colour.
 */
export function applyAccentColour(hex: string): void {
  const colour = normaliseHex(hex) ?? DEFAULT_ACCENT;
  const palette = paletteFromHex(colour);
  updatePrimaryPalette(palette);
  const text = readableShade(palette);
  updatePreset({
    semantic: {
      focusRing: { color: text },
      colorScheme: {
        light: {
          primary: { contrastColor: contrastTextFor(palette[500]) },
          highlight: { color: text, focusColor: text },
        },
      },
    },
  });
  document.documentElement.style.setProperty('--brand-text', text);
}
