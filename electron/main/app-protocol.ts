import fs from 'node:fs';
import path from 'node:path';
import { protocol, type Session } from 'electron';
import { APP_HOST, APP_SCHEME } from './app-origin.js';

/**
 * The renderer's Content-Security-Policy, sent as a header with every page we serve.
 * Scripts only from our own origin (no eval, no inline); the camera stream arrives as a
 * `blob:`/`mediastream:` URL; the UI talks to the services only through the preload bridge,
 * so it needs no network at all (connect-src 'self' is for Vite's module preload of our own files).
 * Inline styles stay allowed because React sets `style` attributes; inline *scripts* never are.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
};

/** Must run before app 'ready': makes app:// a secure, standard origin (camera, fetch, storage work). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

/**
 * Resolves a request URL to a file under `rootDir`, or null for anything else: another host,
 * a path escaping the folder (`..`, encoded or not), or a missing file. Unknown routes of the
 * single-page UI fall back to index.html.
 */
export function resolveAppFile(rootDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const root = path.resolve(rootDir);
  const candidate = path.resolve(root, `.${path.posix.normalize(pathname === '/' ? '/index.html' : pathname)}`);
  if (candidate !== root && !candidate.startsWith(root + path.sep)) return null;
  if (isFile(candidate)) return candidate;
  // SPA fallback for routes without an extension; a missing asset stays a 404.
  if (path.extname(candidate) === '') {
    const index = path.join(root, 'index.html');
    return isFile(index) ? index : null;
  }
  return null;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Builds the response for one request (exported for tests: the handler itself needs Electron). */
export async function serveAppRequest(rootDir: string, requestUrl: string, method = 'GET'): Promise<Response> {
  const headers = {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
  };
  if (method !== 'GET' && method !== 'HEAD') return new Response('method not allowed', { status: 405, headers });
  const file = resolveAppFile(rootDir, requestUrl);
  if (!file) return new Response('not found', { status: 404, headers });
  const body = method === 'HEAD' ? null : await fs.promises.readFile(file);
  return new Response(body, {
    status: 200,
    headers: { ...headers, 'Content-Type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' },
  });
}

/** Serves the built renderer on app://kiosk/ for one session. */
export function handleAppProtocol(session: Session, rootDir: string): void {
  session.protocol.handle(APP_SCHEME, (request) => serveAppRequest(rootDir, request.url, request.method));
}
