// Plain HTTP on the relay's port: /healthz, a hint for /sync without upgrade, and the static app.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { errorMessage, type Log } from './log';
import { serveStatic } from './static';

/** What the HTTP side needs to know about the relay. */
export interface HttpOptions {
  staticDir: string | undefined;
  stats: () => { federations: number; connections: number };
  log: Log;
}

function plain(res: ServerResponse, status: number, body: string, extra = {}): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(body);
}

/** The request listener of the relay's HTTP server. */
export function createRequestListener({ staticDir, stats, log }: HttpOptions): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return plain(res, 405, 'Only GET and HEAD are served here\n', { Allow: 'GET, HEAD' });
    }
    if (pathname === '/healthz') {
      const body = JSON.stringify({ ok: true, ...stats() });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    if (pathname === '/sync' || pathname.startsWith('/sync/')) {
      return plain(res, 426, 'This address is for WebSocket sync: open it from the app\n', {
        Upgrade: 'websocket',
      });
    }
    serveStatic(req, res, staticDir).catch((err: unknown) => {
      log({ event: 'error', during: 'static', error: errorMessage(err) });
      if (!res.headersSent) plain(res, 500, 'The relay could not read this file; try again\n');
      else res.destroy();
    });
  };
}
