// The relay address a person types: "192.168.1.20:8787", "http://laptop.local:8787" or
// "wss://relay.example.org" all name a relay; the app stores the ws:// or wss:// form.
import { isRelayUrl, normalizeRelayUrl } from './invite';

export type RelayAddress =
  { ok: true; relayUrl: string } | { ok: false; problem: 'relay.invalid' | 'relay.insecure' };

// Browsers let a page served over https:// open ws:// sockets only to this machine.
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

/**
 * Reads a relay address typed by a person; `pageProtocol` is the app's own ("https:"), because
 * an app served over https:// cannot reach a ws:// relay on another machine (mixed content).
 */
export function parseRelayAddress(input: string, pageProtocol: string): RelayAddress {
  let text = normalizeRelayUrl(input);
  if (!/^[a-z]+:\/\//i.test(text)) text = `ws://${text}`;
  text = text.replace(/^http(s?):\/\//i, 'ws$1://');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, problem: 'relay.invalid' };
  }
  const relayUrl = normalizeRelayUrl(url.href);
  if (!isRelayUrl(relayUrl) || !url.hostname) return { ok: false, problem: 'relay.invalid' };
  if (pageProtocol === 'https:' && url.protocol === 'ws:' && !LOOPBACK.test(url.hostname))
    return { ok: false, problem: 'relay.insecure' };
  return { ok: true, relayUrl };
}
