// Shared by the kill -9 tests (one relay on SQLite, several on Redis): raw writers that stream
// updates and count acks, and a fresh client's view of what a relay stored.
import * as Y from 'yjs';
import { rawSocket, sleep, waitFor } from './helpers';
import { ackedClock, parseStep2, syncFrame, writerDoc } from './wire';

/** Three raw writers streaming small ledger entries as fast as the relay acks them. */
export function startWriters(syncUrl: string, id: string, token: string) {
  const writers = [0, 1, 2].map(() => {
    const raw = rawSocket(`${syncUrl}/${id}?token=${token}`);
    const doc = writerDoc((frame) => {
      if (raw.ws.readyState === raw.ws.OPEN) raw.ws.send(frame);
    });
    return { raw, doc, sent: 0 };
  });
  let running = true;
  const pump = async (w: (typeof writers)[number]) => {
    await w.raw.opened;
    while (running && w.raw.ws.readyState === w.raw.ws.OPEN) {
      // Up to 8 updates in flight: the kill always finds some sent but not yet acked.
      while (w.sent - ackedClock(w.raw.received, w.doc.clientID) < 8) {
        w.doc.getMap('ledger').set(`${w.doc.clientID}-${w.sent}`, { amount: w.sent, note: 'dues' });
        w.sent += 1;
      }
      await sleep(0);
    }
  };
  const pumps = writers.map(pump);
  return {
    writers,
    acked: () => writers.reduce((n, w) => n + ackedClock(w.raw.received, w.doc.clientID), 0),
    stop: async () => {
      running = false;
      await Promise.all(pumps);
    },
  };
}

/** The relay's whole stored state, fetched as a fresh raw client's sync step 2. */
export async function storedDoc(syncUrl: string, id: string, token: string): Promise<Y.Doc> {
  const raw = rawSocket(`${syncUrl}/${id}?token=${token}`);
  await raw.opened;
  raw.ws.send(syncFrame(0, Y.encodeStateVector(new Y.Doc())));
  await waitFor('sync step 2', () => raw.received.some((f) => parseStep2(f) !== null));
  const doc = new Y.Doc();
  Y.applyUpdate(doc, raw.received.map(parseStep2).find((u) => u !== null) as Uint8Array);
  raw.ws.terminate();
  return doc;
}
