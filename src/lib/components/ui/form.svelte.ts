// What every edit form shares: a draft that follows the stored record, field errors from the
// domain's validation, and a save that sends only the changed fields.
import type { MessageKey } from '$lib/i18n/catalog';
import { t } from '$lib/i18n/index.svelte';
import { Draft } from './draft.svelte';
import { describedBy } from './fields';

type Errors = Partial<Record<string, string>>;

/** A form over record type `I`, edited as form fields `F` (text for lists and numbers). */
export class FormState<F extends Record<string, unknown>, I> {
  readonly draft: Draft<F>;
  errors = $state<Errors>({});
  failure = $state('');
  saved = $state(false);
  busy = $state(false);
  #fromForm: (fields: Partial<F>) => Partial<I>;

  constructor(initial: F, fromForm: (fields: Partial<F>) => Partial<I>) {
    this.draft = new Draft(initial);
    this.#fromForm = fromForm;
  }

  /** The translated error of a field, or ''. */
  msg(field: string): string {
    const key = this.errors[field];
    return key ? t(key as MessageKey) : '';
  }

  /** The aria attributes of a field's input. */
  aria(id: string, field: string, hint = false): Record<string, string | boolean | undefined> {
    return {
      'aria-invalid': !!this.errors[field],
      'aria-describedby': describedBy(id, hint, !!this.errors[field]),
    };
  }

  /** Validates the whole form, then saves it with only the fields the user changed. */
  async submit(
    event: SubmitEvent,
    validate: (input: I) => Errors,
    onsave: (input: I, changed: Partial<I>) => Promise<void> | void,
  ): Promise<void> {
    event.preventDefault();
    this.saved = false;
    const input = this.#fromForm(this.draft.values) as I;
    this.errors = validate(input);
    if (Object.keys(this.errors).length) return;
    this.failure = '';
    this.busy = true;
    try {
      await onsave(input, this.#fromForm(this.draft.changes()));
      this.draft.commit();
      this.saved = true;
    } catch (e) {
      this.failure = t('error.saveFailed', { reason: e instanceof Error ? e.message : String(e) });
    } finally {
      this.busy = false;
    }
  }
}
