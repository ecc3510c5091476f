import fs from 'node:fs';
import path from 'node:path';

/**
 * How the built renderer is served, shared by the Electron app:// protocol and the browser-hosted
 * HTTP server, so both apply the same path rules and the same Content-Security-Policy.
 */

/**
 * Scripts only from our own origin (no eval, no inline); the camera stream arrives as a
 * `blob:`/`mediastream:` URL. Inline styles stay allowed because React sets `style` attributes;
 * inline *scripts* never are. `connectSrc` differs by transport: the Electron UI talks only through
 * the preload bridge, the browser-hosted UI also opens its event WebSocket to the local host.
 */
export function rendererCsp(connectSrc: string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    "font-src 'self' data:",
    ["connect-src 'self'", ...connectSrc].join(' '),
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const RENDERER_MIME: Record<string, string> = {
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
  '.txt': 'text/plain; charset=utf-8',
};

export function mimeTypeOf(file: string): string {
  return RENDERER_MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Resolves a URL path to a file under `rootDir`, or null: a path escaping the folder (`..`,
 * encoded or not), a NUL byte, or a missing asset. Routes of the single-page UI (no extension)
 * fall back to index.html.
 */
export function resolveRendererFile(rootDir: string, urlPathname: string): string | null {
  let pathname: string;
  try {
    pathname = decodeURIComponent(urlPathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const root = path.resolve(rootDir);
  const candidate = path.resolve(root, `.${path.posix.normalize(pathname === '/' ? '/index.html' : pathname)}`);
  if (candidate !== root && !candidate.startsWith(root + path.sep)) return null;
  if (isFile(candidate)) return candidate;
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
