import type { FastifyReply } from 'fastify';
import { WIRE_VERSION } from '../../protocol/wire.js';
import { loyaltyRulesSchema, type LoyaltyRules } from '../../protocol/loyalty-rules.js';
import { HqHttpError, type ConsoleRoutes, type ConsoleStaff } from '../http/hq-app.js';
import { createCampaign, listCampaigns, previewCampaign } from './campaigns.js';
import {
  campaignCreateResponseSchema,
  campaignListResponseSchema,
  campaignPreviewResponseSchema,
  campaignRequestSchema,
  rulesListResponseSchema,
  rulesPreviewRequestSchema,
  rulesPreviewResponseSchema,
  rulesPublishRequestSchema,
  rulesPublishResponseSchema,
  type ValidationIssue,
} from './publishing-schemas.js';
import { previewTierChanges } from './rules-preview.js';
import { listRulesVersions, publishRulesVersion } from './rules-versions.js';

// Console routes of the rules and campaigns pages (docs/hq-console-api.md, "Rules, tiers and
// campaigns"). Everything is filtered by the signed-in staff member's chain.

function staffOf(request: { consoleStaff?: ConsoleStaff }): ConsoleStaff {
  const staff = request.consoleStaff;
  if (!staff) throw new HqHttpError(401, 'SIGNED_OUT', 'sign in first');
  return staff;
}

/** The rules document checked with the stores' own schema; null after answering 400 VALIDATION with every issue. */
async function validRulesOr400(rules: unknown, reply: FastifyReply, now: Date): Promise<LoyaltyRules | null> {
  const parsed = loyaltyRulesSchema.safeParse(rules);
  if (parsed.success) return parsed.data;
  const issues: ValidationIssue[] = parsed.error.issues.slice(0, 50).map((i) => ({ path: i.path.map(String).join('.'), message: i.message.slice(0, 300) }));
  await reply.status(400).send({ v: WIRE_VERSION, error: { code: 'VALIDATION', message: `${issues[0]?.path || 'rules'}: ${issues[0]?.message ?? 'invalid'}`, issues }, hqTime: now.toISOString() });
  return null;
}

/** GET/POST /console/api/rules and POST /console/api/rules/preview. Register with the console guard. */
export const rulesRoutes: ConsoleRoutes = (app, ctx) => {
  app.get('/console/api/rules', { preHandler: ctx.guard.require('chain_admin', 'operations', 'auditor'), schema: { response: { 200: rulesListResponseSchema } } }, async (request) =>
    listRulesVersions(ctx.db, staffOf(request).chainId, ctx.now()),
  );

  app.post(
    '/console/api/rules/preview',
    { preHandler: ctx.guard.require('chain_admin', 'operations'), schema: { body: rulesPreviewRequestSchema, response: { 200: rulesPreviewResponseSchema } } },
    async (request, reply) => {
      const now = ctx.now();
      const rules = await validRulesOr400(request.body.rules, reply, now);
      if (!rules) return reply;
      return previewTierChanges(ctx.db, staffOf(request).chainId, rules, now);
    },
  );

  app.post(
    '/console/api/rules',
    { preHandler: ctx.guard.require('chain_admin'), schema: { body: rulesPublishRequestSchema, response: { 200: rulesPublishResponseSchema } } },
    async (request, reply) => {
      const now = ctx.now();
      const rules = await validRulesOr400(request.body.rules, reply, now);
      if (!rules) return reply;
      const staff = staffOf(request);
      const version = await publishRulesVersion(ctx.db, { chainId: staff.chainId, rules, startsAt: new Date(request.body.startsAt), staffId: staff.staffId, now });
      return { version };
    },
  );
};

/** GET/POST /console/api/campaigns and POST /console/api/campaigns/preview. Register with the console guard. */
export const campaignsRoutes: ConsoleRoutes = (app, ctx) => {
  app.get('/console/api/campaigns', { preHandler: ctx.guard.require('chain_admin', 'operations', 'auditor'), schema: { response: { 200: campaignListResponseSchema } } }, async (request) => ({
    campaigns: await listCampaigns(ctx.db, staffOf(request).chainId, ctx.now()),
  }));

  app.post(
    '/console/api/campaigns/preview',
    { preHandler: ctx.guard.require('chain_admin', 'operations'), schema: { body: campaignRequestSchema, response: { 200: campaignPreviewResponseSchema } } },
    async (request) => {
      return { members: await previewCampaign(ctx.db, staffOf(request).chainId, request.body, ctx.now()) };
    },
  );

  app.post(
    '/console/api/campaigns',
    { preHandler: ctx.guard.require('chain_admin'), schema: { body: campaignRequestSchema, response: { 200: campaignCreateResponseSchema } } },
    async (request) => {
      const staff = staffOf(request);
      return createCampaign(ctx.db, { chainId: staff.chainId, staffId: staff.staffId, campaign: request.body, now: ctx.now() });
    },
  );
};

/** Every console route of this module, for the server's list of ConsoleRoutes. */
export const publishingRoutes: ConsoleRoutes = async (app, ctx) => {
  await rulesRoutes(app, ctx);
  await campaignsRoutes(app, ctx);
};
