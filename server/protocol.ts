// The y-websocket wire protocol: one message per binary frame, as the reference server speaks it.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

/** Top-level message types of y-websocket (2, auth, is never sent by clients). */
export const MESSAGE = { sync: 0, awareness: 1, queryAwareness: 3 } as const;

/** A frame the relay cannot decode; the connection that sent it is closed. */
export class MalformedMessage extends Error {}

/** A write from a connection that may only read. */
export class ReadOnlyWrite extends Error {}

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

function readSync(
  decoder: decoding.Decoder,
  target: MessageTarget,
  origin: unknown,
  readOnly: boolean,
): Uint8Array | null {
  const kind = decoding.readVarUint(decoder);
  const payload = decoding.readVarUint8Array(decoder);
  switch (kind) {
    case syncProtocol.messageYjsSyncStep1: {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE.sync);
      syncProtocol.writeSyncStep2(encoder, target.doc, payload);
      return encoding.toUint8Array(encoder);
    }
    case syncProtocol.messageYjsSyncStep2:
      // A read-only client answers step 1 too; its reply is dropped, not refused.
      if (!readOnly) Y.applyUpdate(target.doc, payload, origin);
      return null;
    case syncProtocol.messageYjsUpdate:
      if (readOnly) throw new ReadOnlyWrite('update from a read-only token');
      Y.applyUpdate(target.doc, payload, origin);
      return null;
    default:
      throw new MalformedMessage(`unknown sync message type ${kind}`);
  }
}

/**
 * Handles one binary frame from `origin` and returns the reply to send back, if any;
 * throws MalformedMessage (or a decoding error) for anything that is not one well-formed message.
 */
export function handleMessage(
  target: MessageTarget,
  origin: unknown,
  frame: Uint8Array,
  readOnly: boolean,
): Uint8Array | null {
  const decoder = decoding.createDecoder(frame);
  const type = decoding.readVarUint(decoder);
  let reply: Uint8Array | null = null;
  switch (type) {
    case MESSAGE.sync:
      reply = readSync(decoder, target, origin, readOnly);
      break;
    case MESSAGE.awareness:
      awarenessProtocol.applyAwarenessUpdate(
        target.awareness,
        decoding.readVarUint8Array(decoder),
        origin,
      );
      break;
    case MESSAGE.queryAwareness:
      reply = encodeAwareness(target.awareness, [...target.awareness.getStates().keys()]);
      break;
    default:
      throw new MalformedMessage(`unknown message type ${type}`);
  }
  if (decoding.hasContent(decoder)) throw new MalformedMessage('trailing bytes after the message');
  return reply;
}
