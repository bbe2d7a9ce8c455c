import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { spliceText } from '$lib/domain/text';
import { countUpdates, fork, sync } from './helpers';

function textDoc(initial: string): { doc: Y.Doc; text: Y.Text } {
  const doc = new Y.Doc();
  const text = doc.getText('t');
  text.insert(0, initial);
  return { doc, text };
}

// A small alphabet gives long common prefixes and suffixes, the cases the splice must get right.
const smallText = fc.string({ unit: fc.constantFrom('a', 'b', 'å', ' ', '\n'), maxLength: 30 });
const edit = fc.string({ unit: fc.constantFrom('x', 'y', 'z', 'å'), maxLength: 8 });

describe('spliceText', () => {
  it.each([
    ['', 'abc'],
    ['abc', ''],
    ['hello world', 'hello brave world'],
    ['hello world', 'hello'],
    ['aaaa', 'aa'],
    ['abab', 'ab'],
    ['abc', 'xyz'],
  ])('turns %j into %j', (from, to) => {
    const { text } = textDoc(from);
    spliceText(text, to);
    expect(text.toString()).toBe(to);
  });

  it('writes nothing when the text is already the target', () => {
    const { doc, text } = textDoc('same');
    expect(countUpdates(doc, () => spliceText(text, 'same'))).toBe(0);
  });

  it('result equals the target for random pairs (ASCII and a small alphabet)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.tuple(fc.string(), fc.string()), fc.tuple(smallText, smallText)),
        ([a, b]) => {
          const { text } = textDoc(a);
          spliceText(text, b);
          expect(text.toString()).toBe(b);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('follows a chain of targets on one fragmented Y.Text', () => {
    fc.assert(
      fc.property(fc.array(smallText, { minLength: 1, maxLength: 10 }), (targets) => {
        const { text } = textDoc('');
        for (const t of targets) {
          spliceText(text, t);
          expect(text.toString()).toBe(t);
        }
      }),
    );
  });

  // Regression, fixed (src/lib/domain/text.ts:12,18): the prefix/suffix scan compares UTF-16 code units, so a
  // splice can start between the two halves of a surrogate pair; Yjs then replaces each split half
  // with U+FFFD (yjs#248). '👍' → '👎' yields '\uFFFD\uDC4E', not '👎'.
  it('keeps emoji intact when the splice falls inside a surrogate pair', () => {
    const { text } = textDoc('vote 👍');
    spliceText(text, 'vote 👎');
    expect(text.toString()).toBe('vote 👎');
  });

  it('result equals the target for random Unicode pairs (including emoji)', () => {
    const emojiText = fc.string({
      unit: fc.constantFrom('a', '😀', '😃', '👍', '👎'),
      maxLength: 8,
    });
    fc.assert(
      fc.property(emojiText, emojiText, (a, b) => {
        const { text } = textDoc(a);
        spliceText(text, b);
        expect(text.toString()).toBe(b);
      }),
    );
  });

  it('two docs that splice different parts of the same text keep both edits', () => {
    const a = textDoc('The meeting starts at ten. Bring the minutes.').doc;
    const b = fork(a);
    spliceText(a.getText('t'), 'The regional meeting starts at ten. Bring the minutes.');
    spliceText(b.getText('t'), 'The meeting starts at ten. Bring the draft minutes!');
    sync(a, b);
    const merged = 'The regional meeting starts at ten. Bring the draft minutes!';
    expect(a.getText('t').toString()).toBe(merged);
    expect(b.getText('t').toString()).toBe(merged);
  });

  it('merges character-wise for random edits of separate regions', () => {
    fc.assert(
      fc.property(
        smallText,
        smallText,
        smallText,
        edit,
        edit,
        (left, mid, right, left2, right2) => {
          // '|' never occurs in the parts, so each splice stays inside its own region.
          const a = textDoc(`${left}|${mid}|${right}`).doc;
          const b = fork(a);
          spliceText(a.getText('t'), `${left2}|${mid}|${right}`);
          spliceText(b.getText('t'), `${left}|${mid}|${right2}`);
          Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
          Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
          expect(a.getText('t').toString()).toBe(`${left2}|${mid}|${right2}`);
          expect(b.getText('t').toString()).toBe(`${left2}|${mid}|${right2}`);
        },
      ),
      { numRuns: 200 },
    );
  });
});
