// A federation's form and its validation, apart from the document code so that the first screen
// (create or join) loads without Yjs.
import type { FieldErrors } from './errors';
import type { PersonId } from './ids';
import { isCurrency, isLanguageTag } from './validate';

export interface FederationInput {
  name: string;
  region: string;
  baseCurrency: string;
  languages: string[];
}

export interface FederationMeta extends FederationInput {
  schemaVersion: number;
  createdAt: string;
  createdBy: PersonId;
}

/** Field errors of a federation form; empty when it can be saved. */
export function validateFederation(input: FederationInput): FieldErrors<keyof FederationInput> {
  const errors: FieldErrors<keyof FederationInput> = {};
  if (!input.name.trim()) errors.name = 'error.required';
  else if (input.name.trim().length > 120) errors.name = 'error.tooLong';
  if (input.region.length > 120) errors.region = 'error.tooLong';
  if (!isCurrency(input.baseCurrency)) errors.baseCurrency = 'error.currency';
  if (input.languages.length === 0) errors.languages = 'error.required';
  else if (!input.languages.every(isLanguageTag)) errors.languages = 'error.language';
  return errors;
}
