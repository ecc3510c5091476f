import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HqApp } from './hq-app.js';
import { acceptAnyBody } from './unknown-routes.js';

/**
 * Headers of every /console response (pages, assets and the console API): scripts, styles, images
 * and calls only from HQ itself, never inside another site's frame, no Referer (a URL may carry a
 * member id), and no content sniffing.
 */
export const CONSOLE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

/** build/hq-console of this checkout, from the source tree (tsx) or from build/ (compiled) alike. */
export function defaultConsoleDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, 'build', 'hq-console');
}

export function isConsoleApiPath(url: string): boolean {
  return url === '/console/api' || url.startsWith('/console/api/') || url.startsWith('/console/api?');
}

/**
 * Serves the built console (renderer/hq-console → build/hq-console) under /console/. Paths that are
 * not files and not /console/api/* get index.html, so the single-page app's own routes
 * (/console/members/m1, /console/setup#token=…) survive a reload. Without a build, every console
 * page answers 503 saying how to build it; unknown /console/api/* paths are handed to `apiNotFound`
 * (the JSON 404/405 every other unknown path gets).
 */
export async function registerConsoleHosting(
  app: HqApp,
  options: { dir: string; apiNotFound: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown> },
): Promise<void> {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url === '/console' || request.url.startsWith('/console/') || request.url.startsWith('/console?')) void reply.headers(CONSOLE_SECURITY_HEADERS);
    return payload;
  });
  const built = fs.existsSync(path.join(options.dir, 'index.html'));
  await app.register(
    async (scope) => {
      acceptAnyBody(scope);
      if (built) {
        await scope.register(fastifyStatic, {
          root: options.dir,
          prefix: '/',
          wildcard: true,
          index: ['index.html'],
          cacheControl: false,
          // Vite names assets by content hash: cache them for good; index.html must always be fresh.
          setHeaders: (reply, file) => void reply.header('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
        });
      }
      scope.get('', { exposeHeadRoute: false }, async (_request, reply) => reply.redirect('/console/'));
      scope.setNotFoundHandler(async (request, reply) => {
        if (isConsoleApiPath(request.url)) return options.apiNotFound(request, reply);
        if (!built) {
          return reply
            .status(503)
            .type('text/plain; charset=utf-8')
            .send(`The HQ console is not built: ${path.join(options.dir, 'index.html')} is missing.\nRun \`npm run build\` in the repository (it builds build/hq-console), then restart HQ.\n`);
        }
        if (request.method !== 'GET' && request.method !== 'HEAD') return options.apiNotFound(request, reply);
        return reply.header('cache-control', 'no-cache').sendFile('index.html', options.dir);
      });
    },
    { prefix: '/console' },
  );
}
