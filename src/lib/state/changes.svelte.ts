// "Since you were last here" for one open federation: the device's marker (local/), what others
// changed since (domain/changes.ts), and "mark all as seen".
//
// The marker moves only when the user says "Mark all as seen", never when a screen opens: opening
// the overview for a second (or having it open while changes stream in) is not reading them, and
// a feed that empties itself on open would hide exactly what someone came back to find.
import { createSubscriber } from 'svelte/reactivity';
import * as Y from 'yjs';
import { changesSince, type Change } from '$lib/domain/changes';
import type { FederationId } from '$lib/domain/ids';
import { documentSchemaVersion } from '$lib/domain/schema';
import { nowIso } from '$lib/domain/time';
import { addOwnClient, getSeen, saveSeen, type DeviceDb } from '$lib/local/db';

interface Computed {
  marker: Uint8Array;
  changes: Change[];
  /** The document's state vector the changes were computed at: what "mark all as seen" stores. */
  at: Uint8Array;
}

export class ChangesState {
  /** When the user last marked everything seen; null before they ever did. */
  seenAt = $state<string | null>(null);
  #marker = $state<Uint8Array | null>(null);
  #loaded = false;
  #doc: Y.Doc;
  #db: DeviceDb;
  #id: FederationId;
  // Plain, not reactive: it only grows, and only with this device's own writes.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #own = new Set<number>();
  #cache: Computed | null = null;
  #dirty = true;
  #active = false;
  #subscribe: () => void;
  #onTransaction = () => this.#afterTransaction();

  constructor(doc: Y.Doc, db: DeviceDb, id: FederationId) {
    this.#doc = doc;
    this.#db = db;
    this.#id = id;
    // Always on, not only while the feed is shown: every edit of this device must be known as its own.
    doc.on('afterTransaction', this.#onTransaction);
    this.#subscribe = createSubscriber((update) => {
      this.#active = true;
      this.#dirty = true;
      // Not 'update': a listener there makes Yjs encode every transaction, the whole load included.
      const onChange = (tr: Y.Transaction) => {
        if (tr.changed.size === 0 && tr.deleteSet.clients.size === 0) return;
        this.#dirty = true;
        update();
      };
      doc.on('afterTransaction', onChange);
      return () => {
        this.#active = false;
        doc.off('afterTransaction', onChange);
      };
    });
    void this.#load();
  }

  /** What others added, changed or removed since the marker, by area (the domain's order). */
  get changes(): Change[] {
    this.#subscribe();
    const marker = this.#marker;
    if (!marker) return [];
    const cache = this.#cache;
    if (cache && cache.marker === marker && !this.#dirty && this.#active) return cache.changes;
    const at = Y.encodeStateVector(this.#doc);
    const changes = changesSince(this.#doc, marker, this.#own);
    this.#cache = { marker, changes, at };
    this.#dirty = false;
    return changes;
  }

  /** Marks everything the feed shows as seen; changes that arrive later stay new. */
  async markAllSeen(): Promise<void> {
    const at = this.#cache?.at ?? Y.encodeStateVector(this.#doc);
    const seenAt = nowIso();
    this.#marker = at;
    this.seenAt = seenAt;
    await saveSeen(this.#db, this.#id, at, seenAt);
  }

  /** Stops listening to the document. */
  destroy(): void {
    this.#doc.off('afterTransaction', this.#onTransaction);
  }

  async #load(): Promise<void> {
    const row = await getSeen(this.#db, this.#id);
    for (const client of row?.ownClients ?? []) this.#own.add(client);
    this.#loaded = true;
    if (row?.stateVector) {
      this.#marker = row.stateVector;
      this.seenAt = row.seenAt || null;
    } else this.#startIfFilled();
  }

  #afterTransaction(): void {
    const client = this.#doc.clientID;
    if (!this.#own.has(client) && this.#doc.store.clients.has(client)) {
      this.#own.add(client);
      void addOwnClient(this.#db, this.#id, client);
    }
    if (this.#loaded && !this.#marker) this.#startIfFilled();
  }

  // A device that never looked starts from the federation as it first had it (its local copy, or
  // the first sync after joining), not from an empty document that would make everything "new".
  #startIfFilled(): void {
    if (documentSchemaVersion(this.#doc) === null) return;
    const at = Y.encodeStateVector(this.#doc);
    this.#marker = at;
    void saveSeen(this.#db, this.#id, at, '');
  }
}
