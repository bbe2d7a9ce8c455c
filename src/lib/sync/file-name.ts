// File names that survive every file system, mail client and messaging app: lower-case ASCII.

// Letters NFKD does not split into a base letter and a mark.
const LATIN: Record<string, string> = {
  æ: 'ae',
  ø: 'o',
  œ: 'oe',
  ß: 'ss',
  ð: 'd',
  þ: 'th',
  ł: 'l',
  đ: 'd',
};

/** `name` as a file-name stem such as "nordic-federation"; empty when nothing of it is left. */
export function fileSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[æøœßðþłđ]/g, (c) => LATIN[c] ?? '')
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 60)
    .replace(/^-+|-+$/g, '');
}
