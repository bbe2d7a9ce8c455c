// The message catalog: i18next for lookup, plurals and interpolation; a rune for the current locale
// so every `t()` in a template re-renders when the user switches language.
import { createInstance } from 'i18next';
import type { MessageKey } from './catalog';
import { en } from './en';
import { sv } from './sv';

/** Languages with a complete catalog; adding one is one file and one line here. */
export const LOCALES = ['en', 'sv'] as const;
export type Locale = (typeof LOCALES)[number];

const i18n = createInstance();
void i18n.init({
  resources: { en: { translation: en }, sv: { translation: sv } },
  lng: 'en',
  fallbackLng: 'en',
  initAsync: false,
  // Svelte escapes what it renders; escaping here too would show "&amp;".
  interpolation: { escapeValue: false },
  returnNull: false,
});

let current = $state<Locale>('en');

/** The message `key` in the current language, with `{{vars}}` filled in (`count` picks the plural). */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  return i18n.t(key, { lng: current, ...vars });
}

/** The current language. */
export function getLocale(): Locale {
  return current;
}

/** Switches every screen to `locale`. */
export function setLocale(locale: Locale): void {
  current = locale;
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

/** The best supported language for a list of preferred ones (e.g. `navigator.languages`). */
export function pickLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    const hit = LOCALES.find((l) => l === base);
    if (hit) return hit;
  }
  return 'en';
}

/** Whether `value` names a supported language. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
