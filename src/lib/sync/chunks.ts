// Cuts a Yjs update into several smaller updates (V1, like the sync protocol's) that, applied in any
// order, give the same document as the whole. Written the way Yjs writes an update (per client: the
// struct count, the client, the first clock, the structs; then the delete set), with the structs in
// an order where each one's dependencies come first, so a peer applying the chunks in order never
// holds structs pending (and a relay can acknowledge each chunk's clocks as they arrive).
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

type Struct = Y.Item | Y.GC | Y.Skip;

/** One client's structs to send, from `start` (the first one cut at `offset`) to the end. */
interface Run {
  client: number;
  structs: Struct[];
  start: number;
  offset: number;
  /** The next struct to place in a chunk. */
  next: number;
  /** The encoded structs, and where each one begins in `bytes` (one more entry: the end). */
  bytes: Uint8Array;
  bounds: number[];
}

/** The delete set, as Yjs holds it: per client, sorted ranges. */
type Range = { clock: number; len: number };
type DeleteRanges = Map<number, Range[]>;
/** Part of a delete set that goes in one chunk. */
type DeletePart = [number, Range[]][];

// Largest varuint a chunk's struct count can take; client ids and clocks are sized exactly.
const COUNT_BYTES = 5;

function varUintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    size += 1;
  }
  return size;
}

function clockAt(run: Run, index: number): number {
  const id = run.structs[index]!.id;
  return index === run.start ? id.clock + run.offset : id.clock;
}

function encodeRun(client: number, structs: Struct[], start: number, offset: number): Run {
  const encoder = new Y.UpdateEncoderV1();
  const bounds = [0];
  for (let i = start; i < structs.length; i++) {
    structs[i]!.write(encoder, i === start ? offset : 0);
    bounds.push(encoding.length(encoder.restEncoder));
  }
  return { client, structs, start, offset, next: start, bytes: encoder.toUint8Array(), bounds };
}

/** The structs (other clients' clocks) that `struct` needs integrated before it. */
function dependencies(struct: Struct, cutAtStart: boolean): (Y.ID | null)[] {
  if (!(struct instanceof Y.Item)) return [];
  // Written from an offset, an item's left origin is its own previous clock.
  const origin = cutAtStart ? null : struct.origin;
  const parent = struct.parent;
  let parentId: Y.ID | null = null;
  if (parent instanceof Y.ID) parentId = parent;
  else if (parent instanceof Y.AbstractType) parentId = parent._item?.id ?? null;
  return [origin, struct.rightOrigin, parentId];
}

/** Packs structs into chunks of at most `limit` bytes, then the delete set, and encodes them. */
class Packer {
  readonly chunks: Uint8Array[] = [];
  #open = new Map<Run, { from: number; to: number }>();
  #size = 0;

  constructor(private readonly limit: number) {}

  add(run: Run): void {
    const index = run.next;
    const base = run.start;
    const bytes = run.bounds[index - base + 1]! - run.bounds[index - base]!;
    const section = this.#open.get(run);
    const header = COUNT_BYTES + varUintSize(run.client) + varUintSize(clockAt(run, index));
    const grow = bytes + (section === undefined ? header : 0);
    // A single struct larger than the limit (a huge pasted text or file) goes alone, over it.
    if (this.#open.size > 0 && this.#size + grow + COUNT_BYTES + 1 > this.limit) this.flush([]);
    const open = this.#open.get(run);
    if (open === undefined) {
      this.#open.set(run, { from: index, to: index + 1 });
      this.#size += bytes + header;
    } else {
      open.to = index + 1;
      this.#size += bytes;
    }
    run.next = index + 1;
  }

  /** Writes the open sections with the given delete ranges as one chunk. */
  flush(deletes: DeletePart): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, this.#open.size);
    for (const [run, { from, to }] of this.#open) {
      encoding.writeVarUint(encoder, to - from);
      encoding.writeVarUint(encoder, run.client);
      encoding.writeVarUint(encoder, clockAt(run, from));
      const base = run.start;
      encoding.writeUint8Array(
        encoder,
        run.bytes.subarray(run.bounds[from - base], run.bounds[to - base]),
      );
    }
    encoding.writeVarUint(encoder, deletes.length);
    for (const [client, ranges] of deletes) {
      encoding.writeVarUint(encoder, client);
      encoding.writeVarUint(encoder, ranges.length);
      for (const { clock, len } of ranges) {
        encoding.writeVarUint(encoder, clock);
        encoding.writeVarUint(encoder, len);
      }
    }
    this.chunks.push(encoding.toUint8Array(encoder));
    this.#open.clear();
    this.#size = 0;
  }

  /** Ends with the delete set: in the last struct chunk if it fits there, else in chunks of its own. */
  finish(ds: DeleteRanges): Uint8Array[] {
    const parts: DeletePart[] = [];
    let part: DeletePart = [];
    // The section count and the delete set's client count of a chunk.
    let size = 2 * COUNT_BYTES;
    const room = () => (parts.length === 0 ? this.limit - this.#size : this.limit);
    for (const [client, ranges] of [...ds].sort((a, b) => b[0] - a[0])) {
      let current: Range[] | null = null;
      const header = varUintSize(client) + COUNT_BYTES;
      for (const range of ranges) {
        const bytes = varUintSize(range.clock) + varUintSize(range.len);
        const full = size + bytes + (current === null ? header : 0) > room();
        // Past the room left: a new part, unless this one is empty (a chunk holds one range at least).
        if (full && (part.length > 0 || (parts.length === 0 && this.#open.size > 0))) {
          parts.push(part);
          part = [];
          size = 2 * COUNT_BYTES;
          current = null;
        }
        if (current === null) {
          current = [];
          part.push([client, current]);
          size += header;
        }
        current.push(range);
        size += bytes;
      }
    }
    parts.push(part);
    const [first, ...rest] = parts;
    if (this.#open.size > 0 && rest.length > 0) {
      // The delete set does not fit with the last structs: it follows them in chunks of its own.
      this.flush([]);
      return this.finish(ds);
    }
    this.flush(first!);
    for (const next of rest) this.flush(next);
    return this.chunks;
  }
}

/** Places every struct of `runs`, each after the structs of other runs it depends on. */
function pack(runs: Map<number, Run>, ds: DeleteRanges, limit: number): Uint8Array[] {
  const packer = new Packer(limit);
  const pending = (run: Run) => run.next < run.structs.length;
  const unmet = (run: Run): Run | null => {
    const index = run.next;
    const struct = run.structs[index]!;
    for (const id of dependencies(struct, index === run.start && run.offset > 0)) {
      if (id === null || id.client === run.client) continue;
      const other = runs.get(id.client);
      // Clocks below the other run's next struct are held by the receiver or already packed.
      if (other !== undefined && pending(other) && id.clock >= clockAt(other, other.next)) {
        return other;
      }
    }
    return null;
  };
  for (const base of [...runs.values()].sort((a, b) => b.client - a.client)) {
    while (pending(base)) {
      const stack = [base];
      while (stack.length > 0) {
        const run = stack[stack.length - 1]!;
        const needed = pending(run) ? unmet(run) : null;
        // A cycle cannot happen in a causal history; if it did, Yjs would wait for the rest.
        if (needed !== null && !stack.includes(needed)) {
          stack.push(needed);
          continue;
        }
        if (pending(run)) packer.add(run);
        stack.pop();
      }
    }
  }
  return packer.finish(ds);
}

/**
 * What a peer holding `stateVector` lacks of `doc`, as updates of at most `limit` bytes each
 * (always at least one; a single struct larger than `limit` is a chunk of its own).
 */
export function diffChunks(doc: Y.Doc, stateVector: Uint8Array, limit: number): Uint8Array[] {
  const held = Y.decodeStateVector(stateVector);
  const runs = new Map<number, Run>();
  for (const [client, structs] of doc.store.clients) {
    const first = structs[0];
    const last = structs[structs.length - 1];
    if (first === undefined || last === undefined) continue;
    const clock = Math.max(held.get(client) ?? 0, first.id.clock);
    if (clock >= last.id.clock + last.length) continue;
    const start = Y.findIndexSS(structs, clock);
    runs.set(client, encodeRun(client, structs, start, clock - structs[start]!.id.clock));
  }
  return pack(runs, Y.createDeleteSetFromStructStore(doc.store).clients, limit);
}

/**
 * `update` (V1) as updates of at most `limit` bytes each that together apply to the same
 * (always at least one; a single struct larger than `limit` is a chunk of its own).
 */
export function splitUpdate(update: Uint8Array, limit: number): Uint8Array[] {
  const { structs, ds } = Y.decodeUpdate(update);
  const byClient = new Map<number, Struct[]>();
  for (const struct of structs) {
    const list = byClient.get(struct.id.client);
    if (list === undefined) byClient.set(struct.id.client, [struct]);
    else list.push(struct);
  }
  const runs = new Map<number, Run>();
  for (const [client, list] of byClient) runs.set(client, encodeRun(client, list, 0, 0));
  return pack(runs, ds.clients, limit);
}
