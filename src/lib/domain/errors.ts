/** A domain rule refused a write; `code` names a message in the catalog. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message?: string,
  ) {
    super(message ?? code);
    this.name = 'DomainError';
  }
}

/** Field name → message code, for forms that validate before writing. */
export type FieldErrors<K extends string = string> = Partial<Record<K, string>>;
