import type { Benefit, TierRule } from '../../../../../electron/contract/loyalty-rules.js';
import type { LoyaltyRules } from '../../api/types.js';

/** Immutable edits of a rules draft (the editor keeps one LoyaltyRules value and replaces it on each change). */
export function setTier(rules: LoyaltyRules, index: number, patch: Partial<TierRule>): LoyaltyRules {
  return { ...rules, tiers: rules.tiers.map((tier, i) => (i === index ? { ...tier, ...patch } : tier)) };
}

export function addTier(rules: LoyaltyRules): LoyaltyRules {
  const top = rules.tiers.at(-1);
  const n = rules.tiers.length + 1;
  const tier: TierRule = {
    id: `tier${n}`,
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

export function removeTier(rules: LoyaltyRules, index: number): LoyaltyRules {
  const removed = rules.tiers[index]?.id;
  // A downgrade that pointed at the removed tier would make the rules invalid: drop it with the tier.
  return {
    ...rules,
    tiers: rules.tiers
      .filter((_, i) => i !== index)
      .map((tier) => (tier.noSpendDowngrade?.to === removed ? { ...tier, noSpendDowngrade: null } : tier)),
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
  const benefit: Benefit = { id: `benefit${n}`, name: { 'zh-CN': `权益${n}`, 'zh-TW': `權益${n}`, en: `Benefit ${n}` }, kind: 'fast_lane', value: 0, days: [] };
  return setTier(rules, tierIndex, { benefits: [...tier.benefits, benefit] });
}

export function removeBenefit(rules: LoyaltyRules, tierIndex: number, benefitIndex: number): LoyaltyRules {
  const tier = rules.tiers[tierIndex];
  if (!tier) return rules;
  return setTier(rules, tierIndex, { benefits: tier.benefits.filter((_, i) => i !== benefitIndex) });
}

/** A number input's text → an integer, or null for an empty box (a threshold that is not used). */
export function intOrNull(text: string): number | null {
  if (text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? Math.trunc(n) : null;
}

/** A chain calendar date (YYYY-MM-DD, Asia/Shanghai) → the ISO instant the version starts at. */
export function startOfChainDay(ymd: string): string {
  return new Date(`${ymd}T00:00:00+08:00`).toISOString();
}
