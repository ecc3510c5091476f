import type { Benefit, LoyaltyRules, TierRule } from '../../../../../electron/contract/loyalty-rules.js';

/**
 * Immutable edits of a rules draft: the editor keeps one LoyaltyRules value and replaces it on each
 * change. Validation is the service's (the schema HQ publishes with), so these never refuse a value.
 */
export function setTier(rules: LoyaltyRules, index: number, patch: Partial<TierRule>): LoyaltyRules {
  return { ...rules, tiers: rules.tiers.map((tier, i) => (i === index ? { ...tier, ...patch } : tier)) };
}

export function setPoints(rules: LoyaltyRules, patch: Partial<LoyaltyRules['points']>): LoyaltyRules {
  return { ...rules, points: { ...rules.points, ...patch } };
}

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

/** Removes a tier; a no-spend downgrade that pointed at it goes with it (it would name no tier). */
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

/**
 * A number box's text → a number for the draft: an empty box is null (a threshold not used), anything
 * else goes as typed (a fraction or junk becomes NaN or stays fractional, and the schema names it).
 */
export function numberOrNull(text: string): number | null {
  return text.trim() === '' ? null : Number(text);
}

/** Yuan as typed → fen (two decimals); null stays null. */
export function yuanToFen(text: string): number | null {
  const yuan = numberOrNull(text);
  return yuan === null ? null : Math.round(yuan * 100);
}

export function fenToYuanText(fen: number | null): string {
  return fen === null ? '' : String(fen / 100);
}
