// The live JS heap of a server process (after a full garbage collection), through its inspector
// port: RSS also counts the garbage V8 has not collected yet and the room it keeps for new objects,
// which can outweigh what 500 federations hold.
import WebSocket from 'ws';

/** Bytes in use on the V8 heap of the process whose inspector listens on `port`, after a full GC. */
export async function liveHeapBytes(port: number): Promise<number> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const url = targets[0]?.webSocketDebuggerUrl;
  if (url === undefined) throw new Error(`no inspector target on port ${port}`);
  const ws = new WebSocket(url, { perMessageDeflate: false });
  await new Promise((done, fail) => (ws.once('open', done), ws.once('error', fail)));
  let next = 1;
  const call = (method: string): Promise<Record<string, unknown>> =>
    new Promise((done, fail) => {
      const id = next++;
      const onMessage = (data: Buffer) => {
        const reply = JSON.parse(data.toString()) as {
          id?: number;
          result?: object;
          error?: object;
        };
        if (reply.id !== id) return;
        ws.off('message', onMessage);
        if (reply.error !== undefined) fail(new Error(JSON.stringify(reply.error)));
        else done((reply.result ?? {}) as Record<string, unknown>);
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id, method }));
    });
  try {
    await call('HeapProfiler.collectGarbage');
    await call('HeapProfiler.collectGarbage');
    const usage = await call('Runtime.getHeapUsage');
    return Number(usage.usedSize);
  } finally {
    ws.close();
  }
}
