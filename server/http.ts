// Plain HTTP on the relay's port: /healthz, /metrics, the token API, a hint for /sync, the app.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { handleApi, type ApiContext } from './api';
import { errorMessage, type Log } from './log';
import { serveStatic } from './static';

/** What the HTTP side needs to know about the relay. */
export interface HttpOptions {
  staticDir: string | undefined;
  stats: () => { federations: number; connections: number };
  metrics: () => string | Promise<string>;
  api: ApiContext;
  log: Log;
}

const METRICS_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

function plain(res: ServerResponse, status: number, body: string, extra = {}): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(body);
}

/** The request listener of the relay's HTTP server. */
export function createRequestListener(options: HttpOptions): RequestListener {
  const { staticDir, stats, metrics, api, log } = options;
  const failed = (res: ServerResponse, during: string, err: unknown, message: string): void => {
    log({ event: 'error', during, error: errorMessage(err) });
    if (!res.headersSent) plain(res, 500, message);
    else res.destroy();
  };
  return (req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    if (pathname.startsWith('/api/')) {
      handleApi(api, req, res).catch((err: unknown) =>
        failed(res, 'api', err, 'The relay hit an internal error; try again later\n'),
      );
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return plain(res, 405, 'Only GET and HEAD are served here\n', { Allow: 'GET, HEAD' });
    }
    if (pathname === '/healthz') {
      const body = JSON.stringify({ ok: true, ...stats() });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    if (pathname === '/metrics') {
      // During shutdown the store is already closed: answer, never throw out of the listener.
      Promise.resolve()
        .then(metrics)
        .then(
          (body) => plain(res, 200, body, { 'Content-Type': METRICS_TYPE }),
          (err: unknown) =>
            failed(res, 'metrics', err, 'The relay could not read its figures; try again\n'),
        );
      return;
    }
    if (pathname === '/sync' || pathname.startsWith('/sync/')) {
      return plain(res, 426, 'This address is for WebSocket sync: open it from the app\n', {
        Upgrade: 'websocket',
      });
    }
    serveStatic(req, res, staticDir).catch((err: unknown) =>
      failed(res, 'static', err, 'The relay could not read this file; try again\n'),
    );
  };
}
