import { listHqAudit, recordHqAudit } from '../audit/hq-audit.js';
import type { ConsoleContext, HqApp } from '../http/hq-app.js';
import { auditAnswerSchema, auditQuerySchema } from './staff-schemas.js';
import { listStaff } from './staff-store.js';

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
      const names = new Map((await listStaff(ctx.db, staff.chainId)).map((s) => [s.staffId, s.displayName]));
      await recordHqAudit(
        ctx.db,
        { chainId: staff.chainId, staffId: staff.staffId, action: 'audit_log.read', subjectType: 'audit_log', detail: { entries: page.length, action: q.action ?? null, staffId: q.staffId ?? null, subjectId: q.subjectId ?? null } },
        ctx.now(),
      );
      return {
        entries: page.map((e) => ({ ...e, staffName: e.staffId === null ? null : (names.get(e.staffId) ?? null) })),
        nextCursor: rows.length > q.limit && page.length > 0 ? String(page[page.length - 1]!.auditId) : null,
      };
    },
  );
}
