// DocQuery reads again only after its part of the document changed, whether or not a screen
// shows it, and never hides a transaction's own writes from a read inside it.
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { DocQuery } from '$lib/state/query.svelte';

function setup() {
  const doc = new Y.Doc();
  const people = doc.getMap<string>('people');
  const other = doc.getMap<string>('other');
  let reads = 0;
  const observe = (d: Y.Doc, onChange: () => void) => {
    const map = d.getMap('people');
    map.observeDeep(onChange);
    return () => map.unobserveDeep(onChange);
  };
  const query = new DocQuery(doc, observe, (d) => {
    reads += 1;
    return [...d.getMap<string>('people').values()].sort();
  });
  return { doc, people, other, query, reads: () => reads };
}

describe('DocQuery', () => {
  it('keeps its snapshot between reads outside any effect until its root changes', () => {
    const { people, other, query, reads } = setup();
    people.set('a', 'Ada');
    const first = query.current;
    expect(first).toEqual(['Ada']);
    expect(query.current).toBe(first);
    other.set('x', 'unrelated');
    expect(query.current).toBe(first);
    expect(reads()).toBe(1);
    people.set('b', 'Bo');
    expect(query.current).toEqual(['Ada', 'Bo']);
    expect(query.current).toEqual(['Ada', 'Bo']);
    expect(reads()).toBe(2);
  });

  it('sees the writes of the transaction it is read in, and caches none of them', () => {
    const { doc, people, query } = setup();
    expect(query.current).toEqual([]);
    doc.transact(() => {
      people.set('a', 'Ada');
      expect(query.current).toEqual(['Ada']);
      people.set('b', 'Bo');
      expect(query.current).toEqual(['Ada', 'Bo']);
    });
    expect(query.current).toEqual(['Ada', 'Bo']);
  });

  it('follows changes that arrive from another device', () => {
    const { doc, query } = setup();
    expect(query.current).toEqual([]);
    const peer = new Y.Doc();
    peer.getMap<string>('people').set('c', 'Cy');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer));
    expect(query.current).toEqual(['Cy']);
  });
});
