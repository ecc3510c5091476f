import type { LoyaltyRules, TierRule } from '../../contract/loyalty-rules.js';

/** Integer-only points arithmetic: fen × points-per-yuan × tier percent × bonus percent, rounded down. */
export function pointsForSpend(paidFen: number, rules: LoyaltyRules, tier: TierRule, bonusPercent = 100): number {
  // paidFen ≤ 1e9, pointsPerYuan ≤ 1e3, percents ≤ 1e4 each: the product stays below 2^53 only if we divide stepwise.
  const base = Math.floor((paidFen * rules.points.pointsPerYuan) / 100);
  return Math.floor((base * tier.earnPercent * bonusPercent) / 10_000);
}

/** What redeeming `points` is worth in fen at this tier (rounded down: the store never over-credits). */
export function redeemValueFen(points: number, tier: TierRule): number {
  return Math.floor((points * tier.redeemFenPer100Points) / 100);
}

export function tierRule(rules: LoyaltyRules, id: string): TierRule {
  return rules.tiers.find((t) => t.id === id) ?? (rules.tiers[0] as TierRule);
}

export function tierRank(rules: LoyaltyRules, id: string): number {
  const i = rules.tiers.findIndex((t) => t.id === id);
  return i < 0 ? 0 : i;
}

/** Benefits of a tier active on a weekday (0 = Sunday). */
export function benefitsOn(tier: TierRule, weekday: number): TierRule['benefits'] {
  return tier.benefits.filter((b) => b.days.length === 0 || b.days.includes(weekday));
}

/** The automatic discount percent of a tier today (the largest active discount benefit). */
export function discountPercentOn(tier: TierRule, weekday: number): number {
  return benefitsOn(tier, weekday)
    .filter((b) => b.kind === 'discount_percent')
    .reduce((max, b) => Math.max(max, b.value), 0);
}
