import { WIRE_VERSION } from '../../protocol/wire.js';
import { recordHqAudit } from '../audit/hq-audit.js';
import type { ConsoleContext, HqApp } from '../http/hq-app.js';
import { clearSessionCookie, refuseCrossSite, setSessionCookie } from './session-cookie.js';
import { deleteSession } from './session-store.js';
import { lockedOutAnswerSchema, sessionAnswerSchema, setupBodySchema, signInBodySchema } from './staff-schemas.js';
import { completeSetup, LockedOutError, signIn } from './staff-signin.js';

/**
 * POST/GET/DELETE /console/api/session and POST /console/api/setup (docs/hq-console-api.md).
 * Sign-in and setup have no session yet, so only the cross-site check guards them; a session's
 * CSRF token is in every answer that opens or shows one.
 */
export function sessionRoutes(app: HqApp, ctx: ConsoleContext): void {
  app.post('/console/api/session', { schema: { body: signInBodySchema, response: { 200: sessionAnswerSchema, 423: lockedOutAnswerSchema } } }, async (request, reply) => {
    refuseCrossSite(request);
    const now = ctx.now();
    try {
      const signedIn = await signIn(ctx.db, request.body, now);
      setSessionCookie(request, reply, signedIn.sessionId);
      return { staff: signedIn.staff, csrfToken: signedIn.csrfToken };
    } catch (error) {
      if (!(error instanceof LockedOutError)) throw error;
      // The one refusal with more than code and message: when to try again.
      return reply
        .status(423)
        .headers(error.headers)
        .send({ v: WIRE_VERSION, error: { code: 'LOCKED_OUT' as const, message: error.message, retryAfterSeconds: error.retryAfterSeconds }, hqTime: now.toISOString() });
    }
  });

  app.get('/console/api/session', { preHandler: ctx.guard.require(), schema: { response: { 200: sessionAnswerSchema } } }, async (request) => ({
    staff: request.consoleStaff!,
    csrfToken: request.consoleSession!.csrfToken,
  }));

  app.delete('/console/api/session', { preHandler: ctx.guard.require() }, async (request, reply) => {
    const staff = request.consoleStaff!;
    await ctx.db.tx(async (t) => {
      await deleteSession(t, staff.chainId, request.consoleSession!.sessionHash);
      await recordHqAudit(t, { chainId: staff.chainId, staffId: staff.staffId, action: 'session.signed_out', subjectType: 'session', subjectId: staff.staffId }, ctx.now());
    });
    clearSessionCookie(request, reply);
    return reply.status(204).send();
  });

  app.post('/console/api/setup', { schema: { body: setupBodySchema, response: { 200: sessionAnswerSchema } } }, async (request, reply) => {
    refuseCrossSite(request);
    const signedIn = await completeSetup(ctx.db, request.body, ctx.now());
    setSessionCookie(request, reply, signedIn.sessionId);
    return { staff: signedIn.staff, csrfToken: signedIn.csrfToken };
  });
}
