import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A TCP-level stand-in for the network between a store and HQ: forwards requests to the real HQ,
 * or fails them the way real networks do. Tests switch `mode` between calls.
 *   pass        forward
 *   down        nothing listens on the port any more: connection refused (HQ process down);
 *               switch into and out of it with `await setMode(…)`
 *   reset       connection accepted, then reset
 *   error500    HQ answers 500 without touching its database
 *   hang        never answers (the client's timeout fires)
 *   lose-reply  HQ processes the request, the reply is lost (the store must not double-send)
 */
export type ProxyMode = 'pass' | 'down' | 'reset' | 'error500' | 'hang' | 'lose-reply';

/** One request as it reached the proxy, whatever the mode did with it. */
export interface ProxiedRequest {
  method: string;
  path: string;
  mode: ProxyMode;
  /** The proxy's clock (a test's injected clock when given). */
  at: number;
}

export interface FaultProxy {
  url: string;
  mode: ProxyMode;
  requests: number;
  /** Every request received, in arrival order (counted here, HQ-side, not by the client). */
  readonly log: readonly ProxiedRequest[];
  /** Like setting `mode`, but 'down' really stops listening (and coming back listens again on the same port). */
  setMode(mode: ProxyMode): Promise<void>;
  close(): Promise<void>;
}

export async function startFaultProxy(targetUrl: string, options: { now?: () => number } = {}): Promise<FaultProxy> {
  const target = new URL(targetUrl);
  const now = options.now ?? Date.now;
  const hanging = new Set<http.ServerResponse>();
  const state = { mode: 'pass' as ProxyMode, requests: 0 };
  const log: ProxiedRequest[] = [];
  const server = http.createServer((req, res) => {
    state.requests++;
    const mode = state.mode;
    log.push({ method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0] ?? '/', mode, at: now() });
    if (mode === 'down' || mode === 'reset') return void req.socket.destroy();
    if (mode === 'error500') {
      req.resume();
      res.writeHead(500, { 'content-type': 'text/plain' });
      return void res.end('internal error (injected)');
    }
    if (mode === 'hang') {
      req.resume();
      hanging.add(res);
      return;
    }
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        if (mode === 'lose-reply') {
          up.resume();
          up.on('end', () => req.socket.destroy());
          return;
        }
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  let listening = true;
  async function setMode(mode: ProxyMode): Promise<void> {
    state.mode = mode;
    if (mode === 'down' && listening) {
      listening = false;
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    } else if (mode !== 'down' && !listening) {
      listening = true;
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    }
  }
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    setMode,
    get mode() {
      return state.mode;
    },
    set mode(m: ProxyMode) {
      state.mode = m;
    },
    get requests() {
      return state.requests;
    },
    set requests(n: number) {
      state.requests = n;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of hanging) r.destroy();
        server.closeAllConnections();
        if (!listening) return resolve();
        server.close(() => resolve());
      }),
  };
}
