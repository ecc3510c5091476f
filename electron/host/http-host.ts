import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { RunningServices } from '../services/start-services.js';
import { serveStatic } from './static-files.js';
import { BINARY_ARGS_CONTENT_TYPE, decodeBinaryArgs } from '../contract/binary-args.js';

/**
 * The browser-hosted transport: the same services as the Electron app, behind HTTP (calls) and a
 * WebSocket (events) on 127.0.0.1, serving the built renderer. Used by end-to-end tests and by
 * Linux terminals that run Chromium in kiosk mode.
 *
 * Any web page the terminal's browser visits could try to reach 127.0.0.1, so every call needs the
 * installation's token (sent as a header, which also forces a CORS preflight we never grant),
 * and requests from a foreign Origin are refused.
 */
export interface HttpHostOptions {
  services: RunningServices;
  host?: string;
  port?: number;
  rendererDir: string;
  /** Largest request body accepted (enrolment photos are the largest legitimate payload). */
  maxBodyBytes?: number;
}

export interface HttpHost {
  url: string;
  /** The URL to open in the browser: carries the token once; the UI moves it to sessionStorage. */
  launchUrl: string;
  token: string;
  close(): Promise<void>;
}

export const TOKEN_HEADER = 'x-kiosk-token';
export const CLIENT_HEADER = 'x-kiosk-client';
// The client id only separates callers that already hold the installation token (it is not a
// secret); any short name a client picks is accepted, so no client ever falls back to a shared one.
const CLIENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** One token per installation (0600 file), so a browser restarted by the OS keeps working. */
export function loadOrCreateHostToken(dataDir: string): string {
  const file = path.join(dataDir, 'host-token');
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (/^[a-f0-9]{64}$/.test(existing)) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = randomBytes(32).toString('hex');
  fs.writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}

export async function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const { services } = options;
  const host = options.host ?? '127.0.0.1';
  const maxBody = options.maxBodyBytes ?? 16 * 1024 * 1024;
  const token = loadOrCreateHostToken(services.ctx.dataDir);
  const tokenBuf = Buffer.from(token);
  const rendererDir = path.resolve(options.rendererDir);
  let origin = '';

  const hasToken = (value: string | undefined | null): boolean => {
    if (!value) return false;
    const given = Buffer.from(value);
    return given.length === tokenBuf.length && timingSafeEqual(given, tokenBuf);
  };
  const originAllowed = (req: IncomingMessage): boolean => {
    const o = req.headers.origin;
    if (o === undefined) return true; // same-origin GETs and non-browser clients send none
    const port = new URL(origin).port;
    return o === origin || o === `http://localhost:${port}` || o === `http://127.0.0.1:${port}`;
  };

  const server = http.createServer((req, res) => {
    void route(req, res).catch((error: unknown) => {
      services.log.error('http.unhandled', { error: (error as Error).message });
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'internal error', retryable: true } });
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();
      return serveStatic(rendererDir, url.pathname, res);
    }
    if (url.pathname === '/api/health' && req.method === 'GET') {
      return sendJson(res, 200, { ok: true });
    }
    if (!originAllowed(req)) return sendJson(res, 403, envelopeError('FORBIDDEN', 'foreign origin'));
    if (!hasToken(req.headers[TOKEN_HEADER] as string | undefined)) {
      return sendJson(res, 401, envelopeError('UNAUTHORIZED', 'missing or wrong kiosk token'));
    }
    const match = /^\/api\/call\/([A-Za-z0-9_.]{1,80})$/.exec(url.pathname);
    if (!match || req.method !== 'POST') return sendJson(res, 404, envelopeError('UNKNOWN_METHOD', 'no such endpoint'));
    const contentType = req.headers['content-type'] ?? '';
    // Arguments holding bytes (a camera frame's pixels) come as a binary body, the rest as JSON.
    const isBinary = contentType.startsWith(BINARY_ARGS_CONTENT_TYPE);
    if (!isBinary && !contentType.startsWith('application/json')) {
      return sendJson(res, 415, envelopeError('INVALID_ARGUMENT', `send application/json or ${BINARY_ARGS_CONTENT_TYPE}`));
    }
    const clientHeader = req.headers[CLIENT_HEADER];
    // A caller without its own client id gets a one-off id: a staff session it starts lasts for that one
    // call, and no two such callers ever share a session (or a wrong-PIN counter).
    const clientId = typeof clientHeader === 'string' && CLIENT_ID.test(clientHeader) ? `http-${clientHeader}` : `http-once-${randomUUID()}`;
    let body: unknown;
    try {
      body = parseBody(await readBody(req, maxBody), isBinary);
    } catch (error) {
      const tooLarge = (error as Error).message === 'too large';
      if (tooLarge) {
        res.setHeader('connection', 'close');
        res.on('finish', () => req.destroy());
      }
      return sendJson(res, tooLarge ? 413 : 400, envelopeError(tooLarge ? 'PAYLOAD_TOO_LARGE' : 'INVALID_ARGUMENT', tooLarge ? `request body over ${maxBody} bytes` : isBinary ? 'body is not a valid binary argument body' : 'body is not valid JSON'));
    }
    const envelope = await services.dispatcher.invoke(match[1], body, { clientId, transport: 'browser-host' });
    // Errors travel as 200 with ok:false: the envelope is the contract, HTTP status is only transport.
    sendJson(res, 200, envelope);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname !== '/api/events' || !originAllowed(req) || !hasToken(url.searchParams.get('token'))) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => sockets.delete(ws));
      // Start the new client with the current state of every event.
      for (const [name, payload] of services.events.snapshot()) ws.send(JSON.stringify({ event: name, payload }));
    });
  });
  const unsubscribe = services.events.subscribe((name, payload) => {
    const message = JSON.stringify({ event: name, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(message);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;

  return {
    url: `${origin}/`,
    launchUrl: `${origin}/?token=${token}`,
    token,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function envelopeError(code: string, message: string) {
  return { ok: false, error: { code, message, retryable: false } };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(text);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) {
      req.resume();
      reject(new Error('too large'));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop reading; the 413 goes out with Connection: close and the socket is dropped after it.
        req.removeAllListeners('data');
        req.pause();
        reject(new Error('too large'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseBody(body: Buffer, isBinary: boolean): unknown {
  try {
    if (isBinary) return decodeBinaryArgs(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
    const text = body.toString('utf8');
    return text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new Error('bad body');
  }
}
