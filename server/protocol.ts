// The y-websocket wire protocol: one message per binary frame, as the reference server speaks it.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { RELAY_ACK, RELAY_MESSAGE_AUTH } from '../src/lib/domain/ids';

/** Top-level message types of y-websocket (2, auth, is never sent by clients). */
export const MESSAGE = { sync: 0, awareness: 1, queryAwareness: 3 } as const;

/** A frame the relay cannot decode; the connection that sent it is closed. */
export class MalformedMessage extends Error {}

/** A write from a connection that may only read. */
export class ReadOnlyWrite extends Error {}

/** A message announcing more presence (awareness) states than one connection may hold. */
export class TooManyStates extends Error {}

/** Presence states one awareness message may carry: a y-websocket client sends its own only. */
export const MAX_AWARENESS_STATES = 8;

/** What a message needs from the federation it was sent to. */
export interface MessageTarget {
  doc: Y.Doc;
  awareness: awarenessProtocol.Awareness;
}

/** Sync step 1: the relay's state vector, asking the client for what the relay lacks. */
export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE.sync);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** A document update to broadcast. */
export function encodeUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** The relay's ack: the clocks it now holds durably for every client of the update `update`. */
export function encodeAck(doc: Y.Doc, update: Uint8Array): Uint8Array {
  const held = new Map<number, number>();
  // The doc's own state, not the update's end: structs still waiting for a dependency are not held.
  for (const client of Y.parseUpdateMeta(update).to.keys()) {
    const clock = Y.getState(doc.store, client);
    if (clock > 0) held.set(client, clock);
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, RELAY_MESSAGE_AUTH);
  encoding.writeVarUint(encoder, RELAY_ACK);
  encoding.writeVarUint8Array(encoder, Y.encodeStateVector(held));
  return encoding.toUint8Array(encoder);
}

/** Whether an update would change the doc (new structs, or deletes the doc has not seen). */
export function carriesChanges(doc: Y.Doc, update: Uint8Array): boolean {
  return !Y.snapshotContainsUpdate(Y.snapshot(doc), update);
}

/** The awareness states of the given clients. */
export function encodeAwareness(
  awareness: awarenessProtocol.Awareness,
  clients: number[],
): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE.awareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

/** What handling one message produced: a reply to its sender, and the update it applied. */
export interface Handled {
  reply: Uint8Array | null;
  /** The update the sender sent, once applied (to be acked); null for other messages. */
  applied: Uint8Array | null;
}

function readSync(
  decoder: decoding.Decoder,
  target: MessageTarget,
  origin: unknown,
  readOnly: boolean,
): Handled {
  const kind = decoding.readVarUint(decoder);
  const payload = decoding.readVarUint8Array(decoder);
  switch (kind) {
    case syncProtocol.messageYjsSyncStep1: {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE.sync);
      syncProtocol.writeSyncStep2(encoder, target.doc, payload);
      return { reply: encoding.toUint8Array(encoder), applied: null };
    }
    case syncProtocol.messageYjsSyncStep2:
    case syncProtocol.messageYjsUpdate:
      if (readOnly) {
        // A read-only client answers step 1 too: an answer with nothing new is fine.
        if (carriesChanges(target.doc, payload)) throw new ReadOnlyWrite('write from an observer');
        return { reply: null, applied: null };
      }
      Y.applyUpdate(target.doc, payload, origin);
      return { reply: null, applied: payload };
    default:
      throw new MalformedMessage(`unknown sync message type ${kind}`);
  }
}

function readAwareness(decoder: decoding.Decoder, target: MessageTarget, origin: unknown): void {
  const payload = decoding.readVarUint8Array(decoder);
  if (decoding.readVarUint(decoding.createDecoder(payload)) > MAX_AWARENESS_STATES) {
    throw new TooManyStates('too many presence states in one message');
  }
  awarenessProtocol.applyAwarenessUpdate(target.awareness, payload, origin);
}

/**
 * Handles one binary frame from `origin`: returns the reply to send back and the update applied;
 * throws MalformedMessage (or a decoding error) for anything that is not one well-formed message.
 */
export function handleMessage(
  target: MessageTarget,
  origin: unknown,
  frame: Uint8Array,
  readOnly: boolean,
): Handled {
  const decoder = decoding.createDecoder(frame);
  const type = decoding.readVarUint(decoder);
  let handled: Handled = { reply: null, applied: null };
  switch (type) {
    case MESSAGE.sync:
      handled = readSync(decoder, target, origin, readOnly);
      break;
    case MESSAGE.awareness:
      readAwareness(decoder, target, origin);
      break;
    case MESSAGE.queryAwareness:
      handled.reply = encodeAwareness(target.awareness, [...target.awareness.getStates().keys()]);
      break;
    default:
      throw new MalformedMessage(`unknown message type ${type}`);
  }
  if (decoding.hasContent(decoder)) throw new MalformedMessage('trailing bytes after the message');
  return handled;
}
