import type { FastifyReply, FastifyRequest } from 'fastify';
import { HqHttpError, type HqApp } from './hq-app.js';

/**
 * Answers for paths no route took: 405 METHOD_NOT_ALLOWED when the path exists under another
 * method, else 404 NOT_FOUND, both in HQ's error envelope. Call before any route is registered: it
 * learns the route table from Fastify's onRoute hook (catch-all `*` routes excluded, so the
 * console's file server does not make every unknown path a 405).
 */
export function trackRoutesForNotFound(app: HqApp): (request: FastifyRequest, reply: FastifyReply) => Promise<never> {
  const routes: Array<{ pattern: RegExp; methods: Set<string> }> = [];
  app.addHook('onRoute', (route) => {
    if (route.url.includes('*')) return;
    const pattern = new RegExp(`^${route.url.split('/').map((part) => (part.startsWith(':') ? '[^/]+' : escapeRegExp(part))).join('/')}$`);
    const methods = new Set((Array.isArray(route.method) ? route.method : [route.method]).map(String));
    const known = routes.find((r) => r.pattern.source === pattern.source);
    if (known) for (const m of methods) known.methods.add(m);
    else routes.push({ pattern, methods });
  });
  return async (request) => {
    const pathname = request.url.split('?')[0] ?? '/';
    if (routes.some((r) => r.pattern.test(pathname) && !r.methods.has(request.method))) {
      throw new HqHttpError(405, 'METHOD_NOT_ALLOWED', `${request.method} not allowed on ${pathname.slice(0, 100)}`);
    }
    throw new HqHttpError(404, 'NOT_FOUND', `no such endpoint: ${pathname.slice(0, 100)}`);
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Bodies of any content type read as bytes and left alone (the scope's handlers never parse them). */
export function acceptAnyBody(scope: HqApp): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
}
