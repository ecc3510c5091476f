import type { FastifyRequest } from 'fastify';
import { recordHqAudit } from '../audit/hq-audit.js';
import { HqHttpError, type ConsoleContext, type HqApp } from '../http/hq-app.js';
import { deleteStaffSessions } from './session-store.js';
import { createSetupLink, setupLinkUrl } from './setup-links.js';
import { createStaffAnswerSchema, createStaffBodySchema, okAnswerSchema, patchStaffBodySchema, staffIdParamsSchema, staffListAnswerSchema } from './staff-schemas.js';
import { findStaff, insertStaff, listStaff, lockActiveChainAdmins, updateStaffRoleAndActive } from './staff-store.js';

/** Where the console that made this request lives, for the setup link it shows the admin. */
function consoleBaseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.headers.host ?? request.hostname}`;
}

/** GET/POST /console/api/staff and PATCH /console/api/staff/:staffId (docs/hq-console-api.md). */
export function staffRoutes(app: HqApp, ctx: ConsoleContext): void {
  app.get('/console/api/staff', { preHandler: ctx.guard.require('chain_admin', 'auditor'), schema: { response: { 200: staffListAnswerSchema } } }, async (request) => {
    const rows = await listStaff(ctx.db, request.consoleStaff!.chainId);
    return {
      staff: rows.map((s) => ({ staffId: s.staffId, username: s.username, displayName: s.displayName, role: s.role, active: s.active, lastSignInAt: s.lastSignInAt })),
    };
  });

  app.post(
    '/console/api/staff',
    { preHandler: ctx.guard.require('chain_admin'), schema: { body: createStaffBodySchema, response: { 200: createStaffAnswerSchema } } },
    async (request) => {
      const actor = request.consoleStaff!;
      const now = ctx.now();
      return ctx.db.tx(async (t) => {
        const staff = await insertStaff(t, { chainId: actor.chainId, ...request.body }, now);
        const link = await createSetupLink(t, staff, now);
        await recordHqAudit(t, { chainId: actor.chainId, staffId: actor.staffId, action: 'staff.created', subjectType: 'staff', subjectId: staff.staffId, detail: { role: staff.role } }, now);
        return { staffId: staff.staffId, setupLink: setupLinkUrl(consoleBaseUrl(request), link.token) };
      });
    },
  );

  app.patch(
    '/console/api/staff/:staffId',
    { preHandler: ctx.guard.require('chain_admin'), schema: { params: staffIdParamsSchema, body: patchStaffBodySchema, response: { 200: okAnswerSchema } } },
    async (request) => {
      const actor = request.consoleStaff!;
      const now = ctx.now();
      await ctx.db.tx(async (t) => {
        const admins = await lockActiveChainAdmins(t, actor.chainId);
        const target = await findStaff(t, actor.chainId, request.params.staffId);
        if (!target) throw new HqHttpError(404, 'NOT_FOUND', 'no such staff member');
        const role = request.body.role ?? target.role;
        const active = request.body.active ?? target.active;
        const staysAdmin = role === 'chain_admin' && active;
        if (admins.includes(target.staffId) && !staysAdmin && admins.length <= 1) {
          throw new HqHttpError(409, 'CONFLICT', 'the last active chain admin cannot be demoted or deactivated');
        }
        await updateStaffRoleAndActive(t, actor.chainId, target.staffId, role, active);
        if (!active) await deleteStaffSessions(t, actor.chainId, target.staffId);
        await recordHqAudit(
          t,
          { chainId: actor.chainId, staffId: actor.staffId, action: 'staff.updated', subjectType: 'staff', subjectId: target.staffId, detail: { fromRole: target.role, role, fromActive: target.active, active } },
          now,
        );
      });
      return { ok: true as const };
    },
  );
}
