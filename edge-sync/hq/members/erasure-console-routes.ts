import { randomBytes, randomUUID } from 'node:crypto';
import { recordHqAudit } from '../audit/hq-audit.js';
import type { HqDb } from '../db/hq-db.js';
import { eraseMemberIn } from '../hq-erasure.js';
import { DEFAULT_TRUST_POLICY } from '../hq-trust.js';
import { HqHttpError, type ConsoleContext, type HqApp } from '../http/hq-app.js';
import {
  erasureCompleteAnswerSchema,
  erasureFileAnswerSchema,
  erasureFileBodySchema,
  erasureListAnswerSchema,
  erasureListQuerySchema,
  erasureParamsSchema,
  type ErasureRequestView,
} from './members-schemas.js';

/** Where a request filed from the console was asked for (erasure_requests.requested_at_store). */
const FILED_AT_HQ = 'hq';
const iso = (v: unknown): string => new Date(String(v)).toISOString();

/**
 * Erasure requests in the console (issue 13), on top of issue 12's erasure_requests (hq-erasure.ts):
 *   GET  /console/api/erasure-requests?status=             any role
 *   POST /console/api/erasure-requests { memberId, reason? } chain admin, operations: filed from HQ itself
 *   POST /console/api/erasure-requests/:eventId/complete    chain admin, operations: carried out now
 * A request is carried out by eraseMemberIn, the same path as the home store's own erasure, so the
 * member's data goes everywhere (HQ tables and, through the downlink, every store).
 */
export function erasureConsoleRoutes(app: HqApp, ctx: ConsoleContext): void {
  const anyRole = ctx.guard.require('chain_admin', 'operations', 'auditor');
  const writers = ctx.guard.require('chain_admin', 'operations');

  app.get('/console/api/erasure-requests', { preHandler: anyRole, schema: { querystring: erasureListQuerySchema, response: { 200: erasureListAnswerSchema } } }, async (request) => {
    const staff = request.consoleStaff!;
    const wanted = request.query.status;
    // Store names by a join within the chain; 'hq' (filed from the console) is no store and has none.
    const rows = await ctx.db.query<Record<string, string | null>>(
      `SELECT r.event_id, r.member_id, r.requested_at_store, a.name AS requested_at_store_name, r.home_store_id, h.name AS home_store_name,
              r.receipt_id, r.requested_at, r.due_at, r.status, r.decided_at
       FROM erasure_requests r
         LEFT JOIN stores a ON a.chain_id = r.chain_id AND a.store_id = r.requested_at_store
         LEFT JOIN stores h ON h.chain_id = r.chain_id AND h.store_id = r.home_store_id
       WHERE r.chain_id = $1 ${wanted ? 'AND r.status = $2' : ''} ORDER BY r.requested_at DESC, r.event_id LIMIT 500`,
      wanted ? [staff.chainId, wanted === 'pending' ? 'pending' : 'done'] : [staff.chainId],
    );
    return { requests: rows.map(toView) };
  });

  app.post('/console/api/erasure-requests', { preHandler: writers, schema: { body: erasureFileBodySchema, response: { 200: erasureFileAnswerSchema } } }, async (request) => {
    const staff = request.consoleStaff!;
    const { memberId } = request.body;
    return ctx.db.tx(async (t) => {
      const now = ctx.now();
      const home = await homeOf(t, staff.chainId, memberId);
      const pending = await t.query("SELECT 1 AS x FROM erasure_requests WHERE chain_id = $1 AND member_id = $2 AND status = 'pending'", [staff.chainId, memberId]);
      if (pending.length > 0) throw new HqHttpError(409, 'CONFLICT', 'this member already has a pending erasure request');
      const eventId = `hq-request:${randomUUID()}`;
      const receiptId = `HQ-${randomBytes(6).toString('hex').toUpperCase()}`;
      const dueAt = new Date(now.getTime() + DEFAULT_TRUST_POLICY.erasureRequestDueMs).toISOString();
      await t.query(
        `INSERT INTO erasure_requests (chain_id, event_id, member_id, requested_at_store, home_store_id, receipt_id, requested_at, due_at, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending')`,
        [staff.chainId, eventId, memberId, FILED_AT_HQ, home, receiptId, now.toISOString(), dueAt],
      );
      // The reason is free text the member gave: it stays out of the audit log (it may name them).
      await recordHqAudit(t, { chainId: staff.chainId, staffId: staff.staffId, action: 'erasure_request.filed', subjectType: 'erasure_request', subjectId: memberId, detail: { eventId, receiptId } }, now);
      return { eventId, receiptId, dueAt };
    });
  });

  app.post('/console/api/erasure-requests/:eventId/complete', { preHandler: writers, schema: { params: erasureParamsSchema, response: { 200: erasureCompleteAnswerSchema } } }, async (request) => {
    const staff = request.consoleStaff!;
    return ctx.db.tx(async (t) => {
      const now = ctx.now();
      const rows = await t.query<{ member_id: string; receipt_id: string; status: string }>('SELECT member_id, receipt_id, status FROM erasure_requests WHERE chain_id = $1 AND event_id = $2', [
        staff.chainId,
        request.params.eventId,
      ]);
      const row = rows[0];
      if (!row) throw new HqHttpError(404, 'NOT_FOUND', 'no such erasure request');
      if (row.status !== 'pending') throw new HqHttpError(409, 'CONFLICT', 'this request was already carried out');
      await eraseMemberIn(t, staff.chainId, row.member_id, null, now, `hq-staff:${staff.staffId}`);
      await recordHqAudit(t, { chainId: staff.chainId, staffId: staff.staffId, action: 'erasure_request.completed', subjectType: 'erasure_request', subjectId: row.member_id, detail: { eventId: request.params.eventId, receiptId: row.receipt_id } }, now);
      return { status: 'carried_out' as const, receiptId: row.receipt_id };
    });
  });
}

async function homeOf(t: HqDb, chainId: string, memberId: string): Promise<string> {
  const erased = await t.query('SELECT 1 AS x FROM erasures WHERE chain_id = $1 AND member_id = $2', [chainId, memberId]);
  const home = await t.query<{ home_store_id: string }>('SELECT home_store_id FROM member_homes WHERE chain_id = $1 AND member_id = $2', [chainId, memberId]);
  if (erased.length > 0 || !home[0]) throw new HqHttpError(404, 'NOT_FOUND', 'no such member');
  return home[0].home_store_id;
}

function toView(r: Record<string, string | null>): ErasureRequestView {
  return {
    eventId: String(r['event_id']),
    memberId: String(r['member_id']),
    requestedAtStore: String(r['requested_at_store']),
    requestedAtStoreName: r['requested_at_store_name'] ?? null,
    homeStoreId: String(r['home_store_id']),
    homeStoreName: r['home_store_name'] ?? null,
    receiptId: String(r['receipt_id']),
    requestedAt: iso(r['requested_at']),
    dueAt: iso(r['due_at']),
    status: r['status'] === 'pending' ? 'pending' : 'carried_out',
    decidedAt: r['decided_at'] ? iso(r['decided_at']) : null,
  };
}
