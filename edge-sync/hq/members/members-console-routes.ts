import { recordHqAudit } from '../audit/hq-audit.js';
import { findByKey } from '../hq-member-keys.js';
import { HqHttpError, type ConsoleContext, type HqApp } from '../http/hq-app.js';
import { erasureConsoleRoutes } from './erasure-console-routes.js';
import { lookupKeyOf } from './member-lookup.js';
import { bankReviews, memberDetail, memberSummary } from './member-queries.js';
import { bankReviewsAnswerSchema, memberDetailSchema, memberParamsSchema, memberSearchAnswerSchema, memberSearchQuerySchema } from './members-schemas.js';

/**
 * The console's members, member bank and erasure endpoints (docs/hq-console-api.md, branch hq-bank):
 *   GET /console/api/members?q=            phone (11 digits) or member number / card code
 *   GET /console/api/members/:memberId     profile, balance, tier history, cross-store ledger, check-ins, flags
 *   GET /console/api/bank/reviews          negative balances after offline redemptions
 *   erasure requests: erasure-console-routes.ts
 * Every read of member data writes an audit entry in the same request; a member of another chain
 * is a 404, like one that does not exist.
 */
export function membersConsoleRoutes(app: HqApp, ctx: ConsoleContext): void {
  const anyRole = ctx.guard.require('chain_admin', 'operations', 'auditor');

  app.get('/console/api/members', { preHandler: anyRole, schema: { querystring: memberSearchQuerySchema, response: { 200: memberSearchAnswerSchema } } }, async (request) => {
    const staff = request.consoleStaff!;
    const q = request.query.q;
    const key = /^1\d{10}$/.test(q) ? lookupKeyOf({ v: 1, phone: q }) : lookupKeyOf({ v: 1, memberCode: q });
    return ctx.db.tx(async (t) => {
      const now = ctx.now();
      const found = await findByKey(t, staff.chainId, key.kind, key.value, now);
      const summary = found === null ? null : await memberSummary(t, staff.chainId, found);
      // What was searched for is not written (it may be a phone number): only how, and whom it found.
      await recordHqAudit(t, { chainId: staff.chainId, staffId: staff.staffId, action: 'member.searched', subjectType: 'member', subjectId: summary?.memberId ?? null, detail: { by: key.kind, results: summary ? 1 : 0 } }, now);
      return { members: summary ? [summary] : [] };
    });
  });

  app.get('/console/api/members/:memberId', { preHandler: anyRole, schema: { params: memberParamsSchema, response: { 200: memberDetailSchema } } }, async (request) => {
    const staff = request.consoleStaff!;
    return ctx.db.tx(async (t) => {
      const detail = await memberDetail(t, staff.chainId, request.params.memberId);
      if (!detail) throw new HqHttpError(404, 'NOT_FOUND', 'no such member');
      await recordHqAudit(
        t,
        { chainId: staff.chainId, staffId: staff.staffId, action: 'member.viewed', subjectType: 'member', subjectId: detail.profile.memberId, detail: { ledgerEntries: detail.ledger.length } },
        ctx.now(),
      );
      return detail;
    });
  });

  app.get('/console/api/bank/reviews', { preHandler: anyRole, schema: { response: { 200: bankReviewsAnswerSchema } } }, async (request) => {
    const staff = request.consoleStaff!;
    return ctx.db.tx(async (t) => {
      const reviews = await bankReviews(t, staff.chainId);
      await recordHqAudit(t, { chainId: staff.chainId, staffId: staff.staffId, action: 'bank.reviews_viewed', subjectType: 'member', detail: { reviews: reviews.length } }, ctx.now());
      return { reviews };
    });
  });

  erasureConsoleRoutes(app, ctx);
}
