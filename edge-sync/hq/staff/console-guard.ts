import type { FastifyRequest } from 'fastify';
import { HqHttpError, type ConsoleGuard, type HqContext, type HqRole } from '../http/hq-app.js';
import { checkCsrfToken, isUnsafeMethod, readSessionCookie, refuseCrossSite } from './session-cookie.js';
import { loadSession, type LiveSession } from './session-store.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The session behind request.consoleStaff (set by the guard; sign-out needs its hash). */
    consoleSession?: LiveSession;
  }
}

/**
 * The console's session guard (ConsoleGuard, hq-app.ts). In order: a cross-site request is refused
 * (403 CSRF_REJECTED), no live session is 401 SIGNED_OUT, an unsafe method without the session's CSRF
 * token is 403 CSRF_REJECTED, a role not listed is 403 ROLE_FORBIDDEN. `require()` with no role admits
 * any signed-in staff member.
 */
export function createConsoleGuard(ctx: Pick<HqContext, 'db' | 'now'>): ConsoleGuard {
  return {
    require(...roles: HqRole[]) {
      return async (request: FastifyRequest) => {
        await admit(ctx, request, roles);
      };
    },
  };
}

async function admit(ctx: Pick<HqContext, 'db' | 'now'>, request: FastifyRequest, roles: readonly HqRole[]): Promise<void> {
  const unsafe = isUnsafeMethod(request.method);
  if (unsafe) refuseCrossSite(request);
  const sessionId = readSessionCookie(request);
  const session = sessionId ? await loadSession(ctx.db, sessionId, ctx.now()) : null;
  if (!session) throw new HqHttpError(401, 'SIGNED_OUT', 'sign in to the console');
  if (unsafe) checkCsrfToken(request, session.csrfToken);
  if (roles.length > 0 && !roles.includes(session.staff.role)) {
    throw new HqHttpError(403, 'ROLE_FORBIDDEN', `this needs the role ${roles.join(' or ')}`);
  }
  request.consoleStaff = session.staff;
  request.consoleSession = session;
}
