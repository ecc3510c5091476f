import type { Benefit, LoyaltyRules, TierRule } from '../../electron/contract/loyalty-rules.js';

/**
 * Immutable edits of a loyalty rules draft, shared by the store's rules tab and HQ's rules page (both
 * edit the one rules document the stores apply). Each editor keeps one LoyaltyRules value and replaces
 * it on each change. Validation is the schema's, so these never refuse a value; they only avoid
 * producing one that is invalid by construction (duplicate ids, a downgrade to a removed tier).
 */
export function setTier(rules: LoyaltyRules, index: number, patch: Partial<TierRule>): LoyaltyRules {
  return { ...rules, tiers: rules.tiers.map((tier, i) => (i === index ? { ...tier, ...patch } : tier)) };
}

/** The first `<prefix><n>` not taken, so a new tier or benefit never collides with a renamed or removed one's id. */
function freeId(prefix: string, taken: readonly string[]): string {
  for (let n = taken.length + 1; ; n++) if (!taken.includes(`${prefix}${n}`)) return `${prefix}${n}`;
}

/** A new top tier above the current top one (its threshold higher, so the draft stays valid). */
export function addTier(rules: LoyaltyRules): LoyaltyRules {
  const top = rules.tiers.at(-1);
  const n = rules.tiers.length + 1;
  const tier: TierRule = {
    id: freeId('tier', rules.tiers.map((t) => t.id)),
    name: { 'zh-CN': `等级${n}`, 'zh-TW': `等級${n}`, en: `Tier ${n}` },
    spendAboveFen: (top?.spendAboveFen ?? 0) + 100_000,
    minVisits: null,
    earnPercent: top?.earnPercent ?? 100,
    redeemFenPer100Points: top?.redeemFenPer100Points ?? 100,
    benefits: [],
    noSpendDowngrade: null,
  };
  return { ...rules, tiers: [...rules.tiers, tier] };
}

/**
 * Removes a tier; a no-spend downgrade that pointed at it goes with it (it would name no tier). The
 * entry tier (index 0) stays: every member must have a tier to fall into.
 */
export function removeTier(rules: LoyaltyRules, index: number): LoyaltyRules {
  if (index === 0) return rules;
  const removed = rules.tiers[index]?.id;
  return {
    ...rules,
    tiers: rules.tiers.filter((_, i) => i !== index).map((tier) => (tier.noSpendDowngrade?.to === removed ? { ...tier, noSpendDowngrade: null } : tier)),
  };
}

export function setBenefit(rules: LoyaltyRules, tierIndex: number, benefitIndex: number, patch: Partial<Benefit>): LoyaltyRules {
  const tier = rules.tiers[tierIndex];
  if (!tier) return rules;
  return setTier(rules, tierIndex, { benefits: tier.benefits.map((b, i) => (i === benefitIndex ? { ...b, ...patch } : b)) });
}

export function addBenefit(rules: LoyaltyRules, tierIndex: number): LoyaltyRules {
  const tier = rules.tiers[tierIndex];
  if (!tier) return rules;
  const n = tier.benefits.length + 1;
  const benefit: Benefit = {
    id: freeId('benefit', tier.benefits.map((b) => b.id)),
    name: { 'zh-CN': `权益${n}`, 'zh-TW': `權益${n}`, en: `Benefit ${n}` },
    kind: 'fast_lane',
    value: 0,
    days: [],
  };
  return setTier(rules, tierIndex, { benefits: [...tier.benefits, benefit] });
}

export function removeBenefit(rules: LoyaltyRules, tierIndex: number, benefitIndex: number): LoyaltyRules {
  const tier = rules.tiers[tierIndex];
  if (!tier) return rules;
  return setTier(rules, tierIndex, { benefits: tier.benefits.filter((_, i) => i !== benefitIndex) });
}
