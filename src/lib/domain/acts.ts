// Recorded acts (approvals, acceptances …) kept in a `Y.Map<id, act>` history: every act stays,
// and every device orders them the same way.
import type * as Y from 'yjs';
import { newId } from './ids';
import { nowIso } from './time';

/** The fields every recorded act carries. */
export interface Act {
  id: string;
  at: string;
  /** One more than the highest seq the writer had seen: later knowledge wins over clock time. */
  seq: number;
}

/** Appends `act` to `history` with a fresh id, time and seq; returns what was stored. */
export function appendAct<T extends Act>(history: Y.Map<T>, act: Omit<T, keyof Act>): T {
  let seq = 0;
  for (const a of history.values()) seq = Math.max(seq, Number(a?.seq) || 0);
  const stored = { ...act, id: newId(), at: nowIso(), seq: seq + 1 } as T;
  history.set(stored.id, stored);
  return stored;
}

/** Orders acts by (seq, at, id): a total order every device agrees on. */
export function byKnowledge(a: Act, b: Act): number {
  return (
    a.seq - b.seq || (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** The acts of a stored history object, read with `read` (null drops one), in agreed order. */
export function readActs<T extends Act>(
  v: unknown,
  read: (raw: Record<string, unknown>) => Omit<T, keyof Act> | null,
): T[] {
  if (!(v && typeof v === 'object')) return [];
  const out: T[] = [];
  for (const [id, raw] of Object.entries(v as Record<string, unknown>)) {
    if (!raw || typeof raw !== 'object') continue;
    const r = raw as Record<string, unknown>;
    const body = read(r);
    if (!body) continue;
    out.push({
      ...body,
      id,
      at: typeof r.at === 'string' ? r.at : '',
      seq: Number(r.seq) || 0,
    } as T);
  }
  return out.sort(byKnowledge);
}
