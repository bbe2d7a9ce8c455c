// The upload splitter: chunks under the limit that, applied in any order, rebuild the same document.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { diffChunks, splitUpdate } from '$lib/sync/chunks';

type Command =
  | { kind: 'set'; doc: number; key: number; value: 'text' | 'array' | 'map' | 'string' }
  | { kind: 'delete'; doc: number; key: number }
  | { kind: 'type'; doc: number; at: number; cut: number; text: string; bold: boolean }
  | { kind: 'nested'; doc: number; key: number; at: number; cut: number; text: string }
  | { kind: 'push'; doc: number; at: number; cut: number; items: number }
  | { kind: 'sync'; from: number; to: number };

const DOCS = 3;
const KEYS = 6;
const doc = fc.nat({ max: DOCS - 1 });
const key = fc.nat({ max: KEYS - 1 });
const text = fc.string({ maxLength: 40 });
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    kind: fc.constant('set' as const),
    doc,
    key,
    value: fc.constantFrom('text' as const, 'array' as const, 'map' as const, 'string' as const),
  }),
  fc.record({ kind: fc.constant('delete' as const), doc, key }),
  fc.record({
    kind: fc.constant('type' as const),
    doc,
    at: fc.nat(),
    cut: fc.nat({ max: 12 }),
    text,
    bold: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('nested' as const), doc, key, at: fc.nat(), cut: fc.nat(8), text }),
  fc.record({
    kind: fc.constant('push' as const),
    doc,
    at: fc.nat(),
    cut: fc.nat({ max: 3 }),
    items: fc.nat({ max: 5 }),
  }),
  fc.record({ kind: fc.constant('sync' as const), from: doc, to: doc }),
);

/** Runs one command; nested types make items whose parent is another client's item. */
function run(docs: Y.Doc[], cmd: Command): void {
  if (cmd.kind === 'sync') {
    const [from, to] = [docs[cmd.from]!, docs[cmd.to]!];
    Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
    return;
  }
  const d = docs[cmd.doc]!;
  const map = d.getMap<unknown>('m');
  const at = (n: number, length: number) => (length === 0 ? 0 : n % (length + 1));
  d.transact(() => {
    switch (cmd.kind) {
      case 'set': {
        const k = `k${cmd.key}`;
        if (cmd.value === 'text') map.set(k, new Y.Text('start'));
        else if (cmd.value === 'array') map.set(k, Y.Array.from([1, 'two', { three: 3 }]));
        else if (cmd.value === 'map') map.set(k, new Y.Map([['inner', new Y.Text('x')]]));
        else map.set(k, `value ${cmd.key}`);
        break;
      }
      case 'delete':
        map.delete(`k${cmd.key}`);
        break;
      case 'type': {
        const t = d.getText('t');
        const i = at(cmd.at, t.length);
        t.delete(i, Math.min(cmd.cut, t.length - i));
        t.insert(i, cmd.text, cmd.bold ? { bold: true } : undefined);
        break;
      }
      case 'nested': {
        const value = map.get(`k${cmd.key}`);
        const target =
          value instanceof Y.Text ? value : value instanceof Y.Map ? value.get('inner') : null;
        if (!(target instanceof Y.Text)) break;
        const i = at(cmd.at, target.length);
        target.delete(i, Math.min(cmd.cut, target.length - i));
        target.insert(i, cmd.text);
        break;
      }
      case 'push': {
        const a = d.getArray<unknown>('a');
        const i = at(cmd.at, a.length);
        a.delete(i, Math.min(cmd.cut, a.length - i));
        const items = Array.from({ length: cmd.items }, (_, n) =>
          n % 2 === 0 ? `item ${n}` : new Y.Text(`nested ${n}`),
        );
        a.insert(i, items);
        break;
      }
    }
  });
}

/** Three devices' edits, partly exchanged, merged into the first. */
function build(commands: Command[], gc: boolean): Y.Doc[] {
  const docs = Array.from({ length: DOCS }, () => new Y.Doc({ gc }));
  for (const cmd of commands) run(docs, cmd);
  return docs;
}

function content(d: Y.Doc) {
  return {
    m: d.getMap('m').toJSON(),
    a: d.getArray('a').toJSON(),
    t: d.getText('t').toDelta() as unknown,
  };
}

function expectSame(actual: Y.Doc, expected: Y.Doc): void {
  expect(actual.store.pendingStructs).toBeNull();
  expect(actual.store.pendingDs).toBeNull();
  expect(Y.equalSnapshots(Y.snapshot(actual), Y.snapshot(expected))).toBe(true);
  expect(content(actual)).toEqual(content(expected));
}

/** Each chunk is under the limit, unless it holds one struct that alone is over it. */
function expectUnder(chunks: Uint8Array[], limit: number): void {
  expect(chunks.length).toBeGreaterThan(0);
  for (const chunk of chunks) {
    if (chunk.length <= limit) continue;
    expect(Y.decodeUpdate(chunk).structs.length).toBe(1);
  }
}

function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 16807) % 2147483647;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const script = fc.array(command, { minLength: 1, maxLength: 40 });
const limit = fc.constantFrom(40, 120, 500, 4000);

describe('diffChunks', () => {
  it('rebuilds the whole document from chunks under the limit, in order and shuffled', () => {
    fc.assert(
      fc.property(script, limit, fc.boolean(), fc.nat(), (commands, max, gc, seed) => {
        const docs = build(commands, gc);
        for (const d of docs.slice(1)) Y.applyUpdate(docs[0]!, Y.encodeStateAsUpdate(d));
        const source = docs[0]!;
        const chunks = diffChunks(source, Y.encodeStateVector(new Y.Doc()), max);
        expectUnder(chunks, max);
        const inOrder = new Y.Doc();
        for (const chunk of chunks) {
          Y.applyUpdate(inOrder, chunk);
          // Dependencies come first: nothing ever waits for a later chunk.
          expect(inOrder.store.pendingStructs).toBeNull();
        }
        expectSame(inOrder, source);
        const anyOrder = new Y.Doc();
        for (const chunk of shuffled(chunks, seed)) Y.applyUpdate(anyOrder, chunk);
        expectSame(anyOrder, source);
      }),
      { numRuns: 150 },
    );
  });

  it('sends a peer that holds part of the document only what it lacks', () => {
    fc.assert(
      fc.property(script, script, limit, fc.nat(), (before, after, max, seed) => {
        const docs = build(before, true);
        const peer = new Y.Doc();
        Y.applyUpdate(peer, Y.encodeStateAsUpdate(docs[0]!));
        for (const cmd of after) run(docs, cmd);
        for (const d of docs.slice(1)) Y.applyUpdate(docs[0]!, Y.encodeStateAsUpdate(d));
        const source = docs[0]!;
        const chunks = diffChunks(source, Y.encodeStateVector(peer), max);
        expectUnder(chunks, max);
        const total = chunks.reduce((n, c) => n + c.length, 0);
        const whole = Y.encodeStateAsUpdate(source, Y.encodeStateVector(peer)).length;
        // Only the difference travels (plus a few header bytes per chunk).
        expect(total).toBeLessThanOrEqual(whole + chunks.length * 24);
        for (const chunk of shuffled(chunks, seed)) Y.applyUpdate(peer, chunk);
        expectSame(peer, source);
      }),
      { numRuns: 150 },
    );
  });

  it('cuts inside a long run of one client and starts mid-item for a peer that has its beginning', () => {
    const source = new Y.Doc();
    const t = source.getText('t');
    for (let i = 0; i < 200; i++) t.insert(t.length, `line ${i} of a long text\n`);
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(source));
    t.insert(t.length, 'x'.repeat(5000));
    // One item holds the tail: the peer's state vector points inside nothing, the next one starts at it.
    t.insert(100, 'y'.repeat(3000));
    const chunks = diffChunks(source, Y.encodeStateVector(peer), 1000);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) Y.applyUpdate(peer, chunk);
    expectSame(peer, source);
  });

  it('sends an empty update when the peer lacks nothing', () => {
    const source = new Y.Doc();
    source.getMap('m').set('a', 1);
    const chunks = diffChunks(source, Y.encodeStateVector(source), 100);
    expect(chunks).toHaveLength(1);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(source));
    Y.applyUpdate(copy, chunks[0]!);
    expectSame(copy, source);
  });

  it('puts a struct larger than the limit alone in its chunk', () => {
    const source = new Y.Doc();
    source.getMap('m').set('small', 1);
    source.getMap('m').set('big', 'z'.repeat(10_000));
    source.getMap('m').set('after', 2);
    const chunks = diffChunks(source, new Uint8Array([0]), 1000);
    const big = chunks.filter((c) => c.length > 1000);
    expect(big).toHaveLength(1);
    expect(Y.decodeUpdate(big[0]!).structs).toHaveLength(1);
    const copy = new Y.Doc();
    for (const chunk of chunks) Y.applyUpdate(copy, chunk);
    expectSame(copy, source);
  });

  it('splits a delete set larger than the limit over several chunks', () => {
    const source = new Y.Doc();
    const t = source.getText('t');
    t.insert(0, 'ab'.repeat(3000));
    const held = Y.encodeStateAsUpdate(source);
    // Every other character deleted: 3000 separate ranges, and no new struct to carry them.
    source.transact(() => {
      for (let i = 0; i < 3000; i++) t.delete(i, 1);
    });
    const chunks = diffChunks(source, Y.encodeStateVector(source), 2000);
    expect(chunks.length).toBeGreaterThan(1);
    expectUnder(chunks, 2000);
    for (const order of [chunks, shuffled(chunks, 7)]) {
      const copy = new Y.Doc();
      Y.applyUpdate(copy, held);
      for (const chunk of order) Y.applyUpdate(copy, chunk);
      expectSame(copy, source);
    }
  });
});

describe('splitUpdate', () => {
  it('cuts one large update (a merged backup, a big transaction) into chunks that apply to the same', () => {
    fc.assert(
      fc.property(script, limit, fc.nat(), (commands, max, seed) => {
        const docs = build(commands, true);
        const target = docs[1]!;
        const before = new Y.Doc();
        Y.applyUpdate(before, Y.encodeStateAsUpdate(target));
        // The update event of one transaction that merges everything the other devices hold.
        let update: Uint8Array | null = null;
        target.once('update', (u: Uint8Array) => (update = u));
        Y.applyUpdate(target, Y.mergeUpdates(docs.map((d) => Y.encodeStateAsUpdate(d))));
        if (update === null) return;
        const chunks = splitUpdate(update, max);
        expectUnder(chunks, max);
        for (const chunk of shuffled(chunks, seed)) Y.applyUpdate(before, chunk);
        expectSame(before, target);
      }),
      { numRuns: 150 },
    );
  });
});
