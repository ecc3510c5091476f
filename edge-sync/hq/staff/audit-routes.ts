import { listHqAudit, recordHqAudit } from '../audit/hq-audit.js';
import { staffNamesOf, storeNamesOf } from '../chain-names.js';
import type { ConsoleContext, HqApp } from '../http/hq-app.js';
import { auditAnswerSchema, auditQuerySchema } from './staff-schemas.js';

/**
 * GET /console/api/audit (docs/hq-console-api.md): the chain's audit log, newest first, for auditors
 * and chain admins. Reading the log is itself an entry, written after the page is read.
 */
export function auditRoutes(app: HqApp, ctx: ConsoleContext): void {
  app.get(
    '/console/api/audit',
    { preHandler: ctx.guard.require('auditor', 'chain_admin'), schema: { querystring: auditQuerySchema, response: { 200: auditAnswerSchema } } },
    async (request) => {
      const staff = request.consoleStaff!;
      const q = request.query;
      const rows = await listHqAudit(ctx.db, {
        chainId: staff.chainId,
        limit: q.limit + 1,
        ...(q.cursor !== undefined ? { before: Number(q.cursor) } : {}),
        ...(q.action !== undefined ? { action: q.action } : {}),
        ...(q.staffId !== undefined ? { staffId: q.staffId } : {}),
        ...(q.subjectId !== undefined ? { subjectId: q.subjectId } : {}),
      });
      const page = rows.slice(0, q.limit);
      // Staff and stores by name (within the chain): who did it, to which staff member or store, and where.
      const staffName = await staffNamesOf(ctx.db, staff.chainId);
      const storeName = await storeNamesOf(ctx.db, staff.chainId);
      // A session's subject is the staff member whose session it is (session-routes.ts, staff-signin.ts).
      const subjectName = (e: (typeof page)[number]) =>
        e.subjectType === 'staff' || e.subjectType === 'session' ? staffName(e.subjectId) : e.subjectType === 'store' ? storeName(e.subjectId) : null;
      await recordHqAudit(
        ctx.db,
        { chainId: staff.chainId, staffId: staff.staffId, action: 'audit_log.read', subjectType: 'audit_log', detail: { entries: page.length, action: q.action ?? null, staffId: q.staffId ?? null, subjectId: q.subjectId ?? null } },
        ctx.now(),
      );
      return {
        entries: page.map((e) => ({ ...e, staffName: staffName(e.staffId), subjectName: subjectName(e), storeName: storeName(e.storeId) })),
        nextCursor: rows.length > q.limit && page.length > 0 ? String(page[page.length - 1]!.auditId) : null,
      };
    },
  );
}
