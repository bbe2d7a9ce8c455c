// The message catalog: i18next for lookup, plurals and interpolation; a rune for the current locale
// so every `t()` in a template re-renders when the user switches language.
import { createInstance } from 'i18next';
import type { MessageKey } from './catalog';
import { en } from './en';
import { sv } from './sv';

/** Every language's catalog: adding a language is its file (typed by `Catalog`) and its entry here. */
const CATALOGS = { en, sv } as const;

/** Languages with a complete catalog. */
export type Locale = keyof typeof CATALOGS;
export const LOCALES = Object.keys(CATALOGS) as Locale[];

const i18n = createInstance();
void i18n.init({
  resources: Object.fromEntries(
    Object.entries(CATALOGS).map(([lng, catalog]) => [lng, { translation: catalog }]),
  ),
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
