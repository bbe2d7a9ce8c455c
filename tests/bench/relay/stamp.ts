// Reads a benchmark writer's stamp straight from a Yjs update (v1 encoding), without a Y.Doc: the
// update of one `map.set(key, [phase, seq, sentAt])` is one Item whose content is ContentAny.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** The value a writer puts under its own key: [phase, sequence, performance.now() at send]. */
export type Stamp = [number, number, number];

/** Yjs struct info bits: origin, right origin, parentSub; the low 5 bits are the content kind. */
const HAS_ORIGIN = 0x80;
const HAS_RIGHT_ORIGIN = 0x40;
const HAS_PARENT_SUB = 0x20;
const CONTENT_ANY = 8;

/**
 * The stamp of an update that carries exactly one stamped Item written by another client than
 * `self`, or null for anything else (the reference server echoes an update to its sender too).
 */
export function readStamp(update: Uint8Array, self: number): Stamp | null {
  const d = decoding.createDecoder(update);
  // One client with one struct.
  if (decoding.readVarUint(d) !== 1 || decoding.readVarUint(d) !== 1) return null;
  if (decoding.readVarUint(d) === self) return null;
  decoding.readVarUint(d); // clock
  const info = decoding.readUint8(d);
  if ((info & 0x1f) !== CONTENT_ANY) return null;
  if ((info & HAS_ORIGIN) !== 0) skipId(d);
  if ((info & HAS_RIGHT_ORIGIN) !== 0) skipId(d);
  if ((info & (HAS_ORIGIN | HAS_RIGHT_ORIGIN)) === 0) {
    // Parent: a root type's name, or the id of the item that holds the type.
    if (decoding.readVarUint(d) === 1) decoding.readVarString(d);
    else skipId(d);
    // The key in the parent map is written only along with the parent.
    if ((info & HAS_PARENT_SUB) !== 0) decoding.readVarString(d);
  }
  if (decoding.readVarUint(d) !== 1) return null;
  const value = decoding.readAny(d);
  if (!Array.isArray(value) || value.length !== 3) return null;
  return value.every((x) => typeof x === 'number') ? (value as Stamp) : null;
}

/** The client of an update's only struct, or null if it carries several clients or structs. */
export function writerOf(update: Uint8Array): number | null {
  const d = decoding.createDecoder(update);
  if (decoding.readVarUint(d) !== 1 || decoding.readVarUint(d) !== 1) return null;
  return decoding.readVarUint(d);
}

/** Skips an item id: client, clock. */
function skipId(d: decoding.Decoder): void {
  decoding.readVarUint(d);
  decoding.readVarUint(d);
}

/** The root map the writers write to, and the stamp it holds under each writer's key. */
export const STAMP_MAP = 'bench';

/**
 * The Yjs update (v1) of `map.set(key, stamp)` on the root map STAMP_MAP by `client` at `clock`,
 * encoded directly: what a Y.Doc would produce, for a fraction of a transaction's work. With
 * `previous`, the item overwrites that client's item at clock - 1 (its origin, deleted); without,
 * it is the writer's first item (clock 0) under a key nobody wrote yet: an item without origin
 * under a key that has items would be placed left of them and deleted at once.
 */
export function encodeStamp(
  client: number,
  clock: number,
  key: string,
  stamp: Stamp,
  previous: boolean,
): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1); // clients
  encoding.writeVarUint(e, 1); // structs of this client
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, clock);
  if (previous) {
    encoding.writeUint8(e, HAS_ORIGIN | HAS_PARENT_SUB | CONTENT_ANY);
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, clock - 1);
  } else {
    encoding.writeUint8(e, HAS_PARENT_SUB | CONTENT_ANY);
    encoding.writeVarUint(e, 1); // the parent is a root type, by name
    encoding.writeVarString(e, STAMP_MAP);
    encoding.writeVarString(e, key);
  }
  encoding.writeVarUint(e, 1); // one value
  encoding.writeAny(e, stamp);
  // Delete set: the overwritten item, if any.
  if (previous) {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, clock - 1);
    encoding.writeVarUint(e, 1);
  } else encoding.writeVarUint(e, 0);
  return encoding.toUint8Array(e);
}
