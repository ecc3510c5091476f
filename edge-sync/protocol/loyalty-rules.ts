import { z } from 'zod';

/**
 * The chain's membership rules as data: tiers, points, check-in streaks, birthday and referral
 * bonuses, churn and habit thresholds, retention. Two presets ship (restaurant: five tiers;
 * eyewear: three tiers); a chain may supply its own rules in config (`loyalty.custom`) or publish
 * versions from HQ (issue 13), which stores validate with this very schema before applying them.
 * All money is integer fen; multipliers are integer percentages so no float touches money.
 *
 * It lives in edge-sync/protocol because HQ (which may not import kiosk code) validates what it
 * publishes with it, and the store's sync client validates what it receives; electron/contract
 * re-exports it (lint:deps: contract may import this one zod-only file).
 */
const tierId = z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/);
const localized = z
  .object({ 'zh-CN': z.string().min(1).max(40), 'zh-TW': z.string().min(1).max(40), en: z.string().min(1).max(40) })
  .strict();

export const benefitSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/),
    name: localized,
    kind: z.enum(['discount_percent', 'fast_lane', 'early_booking_minutes', 'free_service', 'birthday_bonus']),
    /** discount percent, minutes early, or uses per year, depending on kind (0 when not applicable). */
    value: z.number().int().min(0).max(100_000),
    /** Weekdays the benefit is active (0 = Sunday … 6 = Saturday); empty = every day. */
    days: z.array(z.number().int().min(0).max(6)).max(7).default([]),
  })
  .strict();

export const tierRuleSchema = z
  .object({
    id: tierId,
    name: localized,
    /** Qualifies when rolling 12-month spend is strictly above this (null: not by spend). */
    spendAboveFen: z.number().int().min(0).nullable(),
    /** Qualifies when rolling 12-month visit days reach this (null: not by visits). */
    minVisits: z.number().int().min(1).nullable(),
    /** Points per yuan are multiplied by this percentage (100 = 1×). */
    earnPercent: z.number().int().min(0).max(10_000),
    /** What 100 points are worth when redeemed, in fen (100 = ¥1). */
    redeemFenPer100Points: z.number().int().min(1).max(100_000),
    benefits: z.array(benefitSchema).max(20).default([]),
    /** No spend for this many consecutive months drops the member to `to` (e.g. Gold → Silver after 3). */
    noSpendDowngrade: z.object({ months: z.number().int().min(1).max(60), to: tierId }).strict().nullable().default(null),
  })
  .strict();

export const loyaltyRulesSchema = z
  .object({
    /** Lowest first; the first tier is the entry tier (no thresholds). */
    tiers: z.array(tierRuleSchema).min(1).max(10),
    /**
     * How the two thresholds combine: either one reached (default), both (a missing threshold counts
     * as reached), or only one of them.
     */
    tierBasis: z.enum(['spend_or_visits', 'spend_and_visits', 'spend', 'visits']).default('spend_or_visits'),
    points: z
      .object({
        pointsPerYuan: z.number().int().min(0).max(1000),
        /** Earned points expire this many months after they were earned (0 = never). */
        expiryMonths: z.number().int().min(0).max(120),
        minRedeemPoints: z.number().int().min(1),
      })
      .strict(),
    checkin: z
      .object({
        points: z.number().int().min(0).max(100_000),
        /** From this many consecutive days on, the check-in earns `streakPercent` of its points. */
        streakMinDays: z.number().int().min(2).max(365),
        streakPercent: z.number().int().min(100).max(1000),
      })
      .strict(),
    birthday: z
      .object({
        /** Points added once a year, on the first check-in of the birthday month. */
        bonusPoints: z.number().int().min(0).max(100_000),
        /** The birthday-month benefit, active every day of that month: purchases earn this percentage (100 = none). */
        monthEarnPercent: z.number().int().min(100).max(1000).default(100),
      })
      .strict(),
    /** A referred member's first purchase earns this percentage; the referrer gets the base points. */
    referral: z.object({ firstPurchasePercent: z.number().int().min(100).max(1000) }).strict(),
    churn: z.object({ inactiveDays: z.number().int().min(1).max(3650), followupHours: z.number().int().min(1).max(720) }).strict(),
    habits: z
      .object({
        minSupport: z.number().int().min(2).max(100),
        minConfidence: z.number().min(0.1).max(1),
        /** Items never used for suggestions (e.g. medicines): sku prefixes. */
        excludeSkuPrefixes: z.array(z.string().min(1).max(40)).max(100).default([]),
      })
      .strict(),
    retention: z
      .object({
        /** Members with no activity for this many days are erased by the retention timer (null = never). */
        inactiveMemberEraseDays: z.number().int().min(30).nullable(),
      })
      .strict(),
    memberCodeTtlSeconds: z.number().int().min(30).max(86_400),
  })
  .strict()
  .superRefine((rules, ctx) => {
    const ids = rules.tiers.map((t) => t.id);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: ['tiers'], message: 'tier ids must be unique' });
    const first = rules.tiers[0];
    if (first && (first.spendAboveFen !== null || first.minVisits !== null)) {
      ctx.addIssue({ code: 'custom', path: ['tiers', 0], message: 'the entry tier has no thresholds' });
    }
    let lastSpend = -1;
    rules.tiers.forEach((tier, i) => {
      if (i > 0 && tier.spendAboveFen === null && tier.minVisits === null) {
        ctx.addIssue({ code: 'custom', path: ['tiers', i], message: 'a tier above the entry tier needs a spend or visit threshold' });
      }
      if (tier.spendAboveFen !== null) {
        if (tier.spendAboveFen <= lastSpend) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'spendAboveFen'], message: 'spend thresholds must increase' });
        lastSpend = tier.spendAboveFen;
      }
      if (tier.noSpendDowngrade) {
        const to = ids.indexOf(tier.noSpendDowngrade.to);
        if (to < 0 || to >= i) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'noSpendDowngrade', 'to'], message: 'must name a lower tier' });
      }
    });
  });

export type LoyaltyRules = z.output<typeof loyaltyRulesSchema>;
export type TierRule = z.output<typeof tierRuleSchema>;
export type Benefit = z.output<typeof benefitSchema>;

const yuan = (y: number): number => y * 100;
const n = (zhCN: string, zhTW: string, en: string) => ({ 'zh-CN': zhCN, 'zh-TW': zhTW, en });

const common = {
  points: { pointsPerYuan: 1, expiryMonths: 24, minRedeemPoints: 100 },
  checkin: { points: 10, streakMinDays: 2, streakPercent: 200 },
  birthday: { bonusPoints: 200, monthEarnPercent: 200 },
  referral: { firstPurchasePercent: 200 },
  churn: { inactiveDays: 90, followupHours: 72 },
  habits: { minSupport: 4, minConfidence: 0.6, excludeSkuPrefixes: [] },
  // On by default (issue 14): three years without a visit or a purchase, a year after the last points expired.
  retention: { inactiveMemberEraseDays: 1095 },
  memberCodeTtlSeconds: 300,
};

const weekend = [0, 6];

export const loyaltyPresets = {
  restaurant: loyaltyRulesSchema.parse({
    ...common,
    tiers: [
      { id: 'basic', name: n('普通', '普通', 'Basic'), spendAboveFen: null, minVisits: null, earnPercent: 100, redeemFenPer100Points: 100 },
      {
        id: 'silver', name: n('银卡', '銀卡', 'Silver'), spendAboveFen: yuan(500), minVisits: 12, earnPercent: 120, redeemFenPer100Points: 100,
        benefits: [{ id: 'fast_lane', name: n('快速通道', '快速通道', 'Fast lane'), kind: 'fast_lane', value: 0 }],
      },
      {
        id: 'gold', name: n('金卡', '金卡', 'Gold'), spendAboveFen: yuan(2000), minVisits: 36, earnPercent: 150, redeemFenPer100Points: 100,
        noSpendDowngrade: { months: 3, to: 'silver' },
        benefits: [
          { id: 'fast_lane', name: n('快速通道', '快速通道', 'Fast lane'), kind: 'fast_lane', value: 0 },
          { id: 'weekend_discount', name: n('周末95折', '週末95折', 'Weekend 5% off'), kind: 'discount_percent', value: 5, days: weekend },
        ],
      },
      {
        id: 'platinum', name: n('白金', '白金', 'Platinum'), spendAboveFen: yuan(5000), minVisits: null, earnPercent: 180, redeemFenPer100Points: 100,
        noSpendDowngrade: { months: 3, to: 'gold' },
        benefits: [
          { id: 'fast_lane', name: n('快速通道', '快速通道', 'Fast lane'), kind: 'fast_lane', value: 0 },
          { id: 'weekend_discount', name: n('周末9折', '週末9折', 'Weekend 10% off'), kind: 'discount_percent', value: 10, days: weekend },
          { id: 'early_booking', name: n('新品提前1小时预订', '新品提前1小時預訂', 'Book new items 1 h early'), kind: 'early_booking_minutes', value: 60 },
        ],
      },
      {
        id: 'diamond', name: n('钻石', '鑽石', 'Diamond'), spendAboveFen: yuan(10000), minVisits: null, earnPercent: 200, redeemFenPer100Points: 100,
        noSpendDowngrade: { months: 3, to: 'platinum' },
        benefits: [
          { id: 'fast_lane', name: n('快速通道', '快速通道', 'Fast lane'), kind: 'fast_lane', value: 0 },
          { id: 'discount', name: n('全周9折', '全週9折', '10% off every day'), kind: 'discount_percent', value: 10 },
          { id: 'early_booking', name: n('新品提前1小时预订', '新品提前1小時預訂', 'Book new items 1 h early'), kind: 'early_booking_minutes', value: 60 },
        ],
      },
    ],
  }),
  eyewear: loyaltyRulesSchema.parse({
    ...common,
    points: { pointsPerYuan: 1, expiryMonths: 24, minRedeemPoints: 100 },
    churn: { inactiveDays: 180, followupHours: 72 },
    tiers: [
      { id: 'basic', name: n('普通', '普通', 'Basic'), spendAboveFen: null, minVisits: null, earnPercent: 100, redeemFenPer100Points: 100 },
      {
        id: 'silver', name: n('银卡', '銀卡', 'Silver'), spendAboveFen: yuan(2000), minVisits: null, earnPercent: 100, redeemFenPer100Points: 150,
        benefits: [{ id: 'fast_lane', name: n('快速通道', '快速通道', 'Fast lane'), kind: 'fast_lane', value: 0 }],
      },
      {
        id: 'gold', name: n('金卡', '金卡', 'Gold'), spendAboveFen: yuan(5000), minVisits: null, earnPercent: 100, redeemFenPer100Points: 200,
        noSpendDowngrade: { months: 3, to: 'silver' },
        benefits: [
          { id: 'fast_lane', name: n('快速通道', '快速通道', 'Fast lane'), kind: 'fast_lane', value: 0 },
          { id: 'free_recheck', name: n('每年两次免费复查视力', '每年兩次免費複查視力', 'Two free eye re-checks a year'), kind: 'free_service', value: 2 },
        ],
      },
    ],
  }),
} as const satisfies Record<string, LoyaltyRules>;

export type LoyaltyPresetName = keyof typeof loyaltyPresets;

/** The rolling 12-month figures a tier is decided on. */
export interface TierFacts {
  spend12mFen: number;
  visits12m: number;
}

/**
 * The highest tier whose threshold the rolling 12-month spend or visits meet, as `tierBasis` combines
 * them. Shared: the store decides tiers with it, and HQ previews a rules version with it.
 */
export function qualifiedTier(rules: LoyaltyRules, facts: TierFacts): string {
  let best = rules.tiers[0]?.id ?? 'basic';
  for (const tier of rules.tiers.slice(1)) {
    const spendMet = tier.spendAboveFen !== null && facts.spend12mFen > tier.spendAboveFen;
    const visitsMet = tier.minVisits !== null && facts.visits12m >= tier.minVisits;
    const qualifies =
      rules.tierBasis === 'spend' ? spendMet
      : rules.tierBasis === 'visits' ? visitsMet
      : rules.tierBasis === 'spend_and_visits' ? (tier.spendAboveFen === null || spendMet) && (tier.minVisits === null || visitsMet)
      : spendMet || visitsMet;
    if (qualifies) best = tier.id;
  }
  return best;
}
