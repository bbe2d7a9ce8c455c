import type { en } from './en';

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

/** The shape every language file must have: the English keys, each a string. */
export type Catalog = Strings<typeof en>;

type Paths<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Paths<T[K], `${P}${K}.`>;
}[keyof T & string];

type StripPlural<K extends string> = K extends `${infer B}_${'one' | 'other'}` ? B : K;

/** Every message key, dotted ("organization.name"); plural keys without their `_one`/`_other`. */
export type MessageKey = StripPlural<Paths<Catalog>>;
