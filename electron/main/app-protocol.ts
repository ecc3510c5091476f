import fs from 'node:fs';
import { protocol, type Session } from 'electron';
import { APP_HOST, APP_SCHEME } from './app-origin.js';
import { mimeTypeOf, rendererCsp, resolveRendererFile } from '../core/renderer-files.js';

/** The renderer's CSP in the app: no network at all, the UI talks through the preload bridge. */
export const CONTENT_SECURITY_POLICY = rendererCsp();

/** Must run before app 'ready': makes app:// a secure, standard origin (camera, fetch, storage work). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

/** The file for an app:// request, or null for another scheme or host, an escape or a missing file. */
export function resolveAppFile(rootDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  return resolveRendererFile(rootDir, url.pathname);
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
    headers: { ...headers, 'Content-Type': mimeTypeOf(file), 'Cache-Control': 'no-cache' },
  });
}

/** Serves the built renderer on app://kiosk/ for one session. */
export function handleAppProtocol(session: Session, rootDir: string): void {
  session.protocol.handle(APP_SCHEME, (request) => serveAppRequest(rootDir, request.url, request.method));
}
