import fs from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { mimeTypeOf, rendererCsp, resolveRendererFile } from '../core/renderer-files.js';

/** The same policy as the Electron window, plus the event WebSocket to the local host. */
export const CONTENT_SECURITY_POLICY = rendererCsp(['ws://127.0.0.1:*', 'ws://localhost:*']);

/** Serves the built renderer; nothing outside the renderer folder can be reached. */
export function serveStatic(root: string, urlPath: string, res: ServerResponse): void {
  const file = resolveRendererFile(root, urlPath.split('?')[0] ?? '/');
  if (!file) {
    const built = fs.existsSync(path.join(root, 'index.html'));
    res
      .writeHead(built ? 404 : 503, { 'content-type': 'text/plain; charset=utf-8' })
      .end(built ? 'not found' : 'The kiosk UI is not built yet: run `npm run build:renderer`.');
    return;
  }
  const isIndex = path.basename(file) === 'index.html';
  res.writeHead(200, {
    'content-type': mimeTypeOf(file),
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': isIndex ? 'no-store' : 'public, max-age=3600',
  });
  fs.createReadStream(file).pipe(res);
}
