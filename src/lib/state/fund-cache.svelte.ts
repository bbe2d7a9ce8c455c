// Cached reads for the fund: its figures are read on every screen and the ledger grows to tens of
// thousands of entries, so each read is recomputed only after its own root changed.
import type * as Y from 'yjs';
import { getEntry, listEntries, observeLedger, type LedgerEntry } from '$lib/domain/ledger';
import { LedgerIndex } from '$lib/domain/ledger-index';
import type { LedgerEntryId } from '$lib/domain/ids';

type Observe = (doc: Y.Doc, onChange: () => void) => () => void;

/**
 * `read(doc)`, recomputed on the first read after `observe` reported a change. It observes from
 * construction until `destroy()` (a DocQuery only from its first read), so a read outside an effect
 * (an event handler, a write's check) is cached too; the observer only marks the value stale.
 */
export class CachedRead<T> {
  #doc: Y.Doc;
  #read: (doc: Y.Doc) => T;
  #off: () => void;
  #dirty = true;
  #value: T | undefined;
  // Bumped on change so templates that read `.current` re-render.
  #version = $state(0);

  constructor(doc: Y.Doc, observe: Observe, read: (doc: Y.Doc) => T) {
    this.#doc = doc;
    this.#read = read;
    this.#off = observe(doc, () => {
      this.#dirty = true;
      this.#version += 1;
    });
  }

  /** The value as of the document's last change. */
  get current(): T {
    void this.#version;
    if (this.#dirty) {
      this.#value = this.#read(this.#doc);
      this.#dirty = false;
    }
    return this.#value as T;
  }

  /** Stops observing the document. */
  destroy(): void {
    this.#off();
  }
}

/**
 * The ledger's index, read in full once and then kept up to date entry by entry: recording one
 * entry costs its own chain of corrections, not the whole ledger (50,000 entries after five years).
 */
export class LedgerRead {
  #doc: Y.Doc;
  #readAll: (doc: Y.Doc) => LedgerEntry[];
  #index: LedgerIndex | null = null;
  #off: () => void;
  #version = $state(0);

  constructor(doc: Y.Doc, readAll: (doc: Y.Doc) => LedgerEntry[] = listEntries) {
    this.#doc = doc;
    this.#readAll = readAll;
    this.#off = observeLedger(doc, (changed) => {
      const index = this.#index;
      if (index) {
        const added: LedgerEntry[] = [];
        for (const id of changed) {
          const entry = getEntry(doc, id as LedgerEntryId);
          // Entries are never removed or replaced; if a peer did, read the ledger afresh.
          if (!entry) this.#index = null;
          else added.push(entry);
        }
        if (this.#index) index.add(added);
      }
      this.#version += 1;
    });
  }

  /** The index as of the document's last change. */
  get current(): LedgerIndex {
    void this.#version;
    this.#index ??= new LedgerIndex(this.#readAll(this.#doc));
    return this.#index;
  }

  destroy(): void {
    this.#off();
  }
}
