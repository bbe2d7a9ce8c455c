// What the relay holds: the clocks of every Yjs client whose changes the relay has stored, learnt
// from its sync step 1, from updates it sends, and from its acks. The difference with the local
// document is what this device has that the relay does not (yet).
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { messageSync, type WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { RELAY_ACK, RELAY_MESSAGE_AUTH } from '$lib/domain/ids';

type Handler = (
  encoder: unknown,
  decoder: decoding.Decoder,
  provider: WebsocketProvider,
  emitSynced: boolean,
  messageType: number,
) => void;

function raise(into: Map<number, number>, clocks: Map<number, number>): boolean {
  let changed = false;
  for (const [client, clock] of clocks) {
    if ((into.get(client) ?? 0) < clock) {
      into.set(client, clock);
      changed = true;
    }
  }
  return changed;
}

/** How many operations of `doc` the relay does not hold yet, given the clocks it holds. */
export function countUnsynced(doc: Y.Doc, relay: ReadonlyMap<number, number>): number {
  let missing = 0;
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(doc))) {
    missing += Math.max(0, clock - (relay.get(client) ?? 0));
  }
  return missing;
}

/**
 * Watches the provider's incoming messages (without changing what it does with them) and keeps
 * `clocks` up to date; `onChange` runs whenever the relay is known to hold more.
 */
export function trackRelayClocks(
  provider: WebsocketProvider,
  clocks: Map<number, number>,
  onChange: () => void,
): void {
  const handlers = provider.messageHandlers as unknown as Handler[];
  const sync = handlers[messageSync];
  const auth = handlers[RELAY_MESSAGE_AUTH];
  if (!sync || !auth) return;
  handlers[messageSync] = (encoder, decoder, p, emitSynced, type) => {
    try {
      const peek = decoding.clone(decoder);
      const kind = decoding.readVarUint(peek);
      const payload = decoding.readVarUint8Array(peek);
      // Step 1 carries the relay's state vector; step 2 and updates carry changes it holds.
      const held =
        kind === syncProtocol.messageYjsSyncStep1
          ? Y.decodeStateVector(payload)
          : Y.parseUpdateMeta(payload).to;
      if (raise(clocks, held)) onChange();
    } catch {
      // Not ours to judge: y-websocket reads the message below and reports what it cannot.
    }
    sync(encoder, decoder, p, emitSynced, type);
  };
  handlers[RELAY_MESSAGE_AUTH] = (encoder, decoder, p, emitSynced, type) => {
    const peek = decoding.clone(decoder);
    if (decoding.readVarUint(peek) === RELAY_ACK) {
      if (raise(clocks, Y.decodeStateVector(decoding.readVarUint8Array(peek)))) onChange();
      return;
    }
    auth(encoder, decoder, p, emitSynced, type);
  };
}
