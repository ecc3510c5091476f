import { z } from 'zod';
import { wireTime } from '../../protocol/bounds.js';
import { couponAmountFenSchema, couponMinSpendFenSchema, couponPercentSchema, type CouponTerms } from '../../protocol/coupon-terms.js';

/** The console's form shows the percentage bounds before a round trip (it may import this module, not the protocol). */
export { MAX_PERCENT_OFF, MIN_PERCENT_OFF } from '../../protocol/coupon-terms.js';
import type { LoyaltyRules } from '../../protocol/loyalty-rules.js';

/**
 * Request and response bodies of the console's rules and campaigns pages (docs/hq-console-api.md,
 * "Rules, tiers and campaigns"). zod only, so the console's browser bundle can import the types.
 * Rules are validated with the very schema stores validate with (edge-sync/protocol/loyalty-rules.ts).
 */
const isoTime = wireTime();
const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/);

export const rulesVersionViewSchema = z.object({
  version: z.number().int(),
  startsAt: z.string(),
  publishedAt: z.string(),
  /** The HQ staff member's id, and their display name (null if no staff member of the chain has that id). */
  publishedBy: z.string(),
  publishedByName: z.string().nullable(),
  // Not re-validated on the way out: a stored version is shown as published, even one a store refused.
  rules: z.custom<LoyaltyRules>((v) => typeof v === 'object' && v !== null),
  storesApplied: z.number().int(),
  storesRefused: z.array(z.object({ storeId: z.string(), storeName: z.string().nullable(), message: z.string() })),
});
export type RulesVersionView = z.output<typeof rulesVersionViewSchema>;

export const rulesListResponseSchema = z.object({
  active: rulesVersionViewSchema.nullable(),
  scheduled: z.array(rulesVersionViewSchema),
  history: z.array(rulesVersionViewSchema),
});
export type RulesListResponse = z.output<typeof rulesListResponseSchema>;

/** `rules` is checked by the route with loyaltyRulesSchema, so a refusal lists every issue (400 VALIDATION `issues`). */
export const rulesPreviewRequestSchema = z.object({ rules: z.unknown() }).strict();
export const rulesPreviewResponseSchema = z.object({
  valid: z.literal(true),
  tierChanges: z.array(z.object({ fromTierId: z.string(), toTierId: z.string(), members: z.number().int() })),
  membersConsidered: z.number().int(),
});
export type RulesPreviewResponse = z.output<typeof rulesPreviewResponseSchema>;

export const rulesPublishRequestSchema = z.object({ rules: z.unknown(), startsAt: isoTime }).strict();
export const rulesPublishResponseSchema = z.object({ version: z.number().int() });

/** One issue of a refused rules document: where (dotted path) and what. */
export interface ValidationIssue {
  path: string;
  message: string;
}

export const campaignSegmentSchema = z
  .object({
    tierIds: z.array(z.string().min(1).max(32)).max(10).optional(),
    /** Members with no visit for the active rules' churn.inactiveDays. */
    churnRisk: z.boolean().optional(),
    birthdayMonth: z.number().int().min(1).max(12).optional(),
    /** Members whose home store is one of these. */
    storeIds: z.array(z.string().min(1).max(64)).max(1000).optional(),
  })
  .strict();
export type CampaignSegment = z.output<typeof campaignSegmentSchema>;

export const campaignRequestSchema = z
  .object({
    title: z.string().trim().min(1).max(60),
    segment: campaignSegmentSchema,
    // `value` is fen off for 'amount', the percentage (1–90) for 'percent'; bounds from the schema stores check coupons with.
    coupon: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('amount'), value: couponAmountFenSchema, minSpendFen: couponMinSpendFenSchema.optional() }).strict(),
      z.object({ kind: z.literal('percent'), value: couponPercentSchema, maxOffFen: couponAmountFenSchema.optional(), minSpendFen: couponMinSpendFenSchema.optional() }).strict(),
    ]),
    budgetCoupons: z.number().int().min(1).max(1_000_000),
    validFrom: isoTime,
    validTo: isoTime,
    /** Where each member's coupon goes: their home store (default) or every store of the chain. */
    deliverTo: z.enum(['home_store', 'every_store']).optional(),
  })
  .strict()
  .refine((c) => Date.parse(c.validTo) > Date.parse(c.validFrom), { message: 'validTo must be after validFrom', path: ['validTo'] });
export type CampaignRequest = z.output<typeof campaignRequestSchema>;

/** The coupon terms a campaign request asks for, in the shape HQ sends down and stores apply. */
export function campaignCouponTerms(c: CampaignRequest['coupon']): CouponTerms {
  const minSpendFen = c.minSpendFen ?? 0;
  return c.kind === 'amount' ? { kind: 'amount', amountOffFen: c.value, minSpendFen } : { kind: 'percent', percentOff: c.value, maxOffFen: c.maxOffFen ?? null, minSpendFen };
}

export const campaignCreateResponseSchema = z.object({ campaignId: id, issued: z.number().int() });
export const campaignPreviewResponseSchema = z.object({ members: z.number().int() });

export const campaignViewSchema = z.object({
  campaignId: z.string(),
  title: z.string(),
  segment: campaignSegmentSchema,
  /** An amount coupon's fen off; a percent coupon has couponPercent (and couponMaxOffFen when capped) instead. */
  couponValueFen: z.number().int().optional(),
  couponPercent: z.number().int().optional(),
  couponMaxOffFen: z.number().int().optional(),
  couponMinSpendFen: z.number().int().optional(),
  budgetCoupons: z.number().int(),
  issued: z.number().int(),
  redeemed: z.number().int(),
  validFrom: z.string(),
  validTo: z.string(),
  status: z.enum(['scheduled', 'active', 'ended']),
  /** The names of the segment's stores (segment.storeIds), id → name; an id that is no store of the chain has none. */
  storeNames: z.record(z.string(), z.string()),
});
export type CampaignView = z.output<typeof campaignViewSchema>;
export const campaignListResponseSchema = z.object({ campaigns: z.array(campaignViewSchema) });
