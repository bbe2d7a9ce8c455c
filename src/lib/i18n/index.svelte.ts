// The message catalog: i18next for lookup, plurals and interpolation; a rune for the current locale
// so every `t()` in a template re-renders when the user switches language.
import { createInstance } from 'i18next';
import type { Catalog, MessageKey } from './catalog';
import { en } from './en';

/**
 * Every language's catalog. English is built in (it is the fallback); the others are loaded when
 * chosen, so the first page does not carry them. Adding a language is its file (typed by
 * `Catalog`) and its entry here.
 */
const CATALOGS: Record<'en' | 'sv', () => Promise<Catalog>> = {
  en: async () => en,
  sv: async () => (await import('./sv')).sv,
};

/** Languages with a complete catalog. */
export type Locale = keyof typeof CATALOGS;
export const LOCALES = Object.keys(CATALOGS) as Locale[];

const i18n = createInstance();
void i18n.init({
  resources: { en: { translation: en } },
  lng: 'en',
  fallbackLng: 'en',
  initAsync: false,
  // Svelte escapes what it renders; escaping here too would show "&amp;".
  interpolation: { escapeValue: false },
  returnNull: false,
});
// Not reactive on purpose: templates follow `current`, which changes only after a load.
// eslint-disable-next-line svelte/prefer-svelte-reactivity
const loaded = new Set<Locale>(['en']);
let asked = 0;

let current = $state<Locale>('en');

/** The message `key` in the current language, with `{{vars}}` filled in (`count` picks the plural). */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  return i18n.t(key, { lng: current, ...vars });
}

/** The current language. */
export function getLocale(): Locale {
  return current;
}

/**
 * Loads `locale`'s catalog (once) and switches every screen to it. The last call wins: false when
 * a later call came first.
 */
export async function setLocale(locale: Locale): Promise<boolean> {
  const ticket = ++asked;
  if (!loaded.has(locale)) {
    i18n.addResourceBundle(locale, 'translation', await CATALOGS[locale]());
    loaded.add(locale);
  }
  if (ticket !== asked) return false;
  current = locale;
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
  return true;
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
