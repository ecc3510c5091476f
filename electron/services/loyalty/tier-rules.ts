import type { LoyaltyRules } from '../../contract/loyalty-rules.js';
import { qualifiedTier, type TierFacts } from '../../../edge-sync/protocol/loyalty-rules.js';
import { addMonths } from '../membership-kernel/local-time.js';
import { tierRank } from './points-math.js';

export { qualifiedTier, type TierFacts };

/**
 * Tier decisions as pure functions over facts, so crafted histories can be tested directly.
 *
 * - `qualifiedTier` (shared with HQ, in edge-sync/protocol/loyalty-rules.ts): the highest tier whose threshold the rolling 12-month spend or visits meet.
 * - On activity (a purchase, a check-in) a member moves UP to the qualified tier at once.
 * - The periodic re-evaluation only moves DOWN: to the qualified tier when the rolling window no
 *   longer supports the current one, or by a tier's no-spend rule (Gold with no spend for 3
 *   consecutive months → Silver). After such a drop, the member climbs back on their next
 *   purchase, because only activity upgrades — and activity without spend (a check-in) never
 *   lifts a member into a tier whose no-spend rule their last spend already fails: otherwise a
 *   check-in would undo the drop at once (`spendAllows`).
 */
export interface TierDecision {
  tier: string;
  reason: string;
}

/** When the member last spent; `now` is the moment of the activity (a purchase passes itself as the last spend). */
export interface SpendFacts {
  now: Date;
  lastSpendAt: Date | null;
}

/** A tier with a no-spend rule is only open to a member whose last spend is recent enough to keep it. */
export function spendAllows(rules: LoyaltyRules, tierId: string, spend: SpendFacts): boolean {
  const rule = rules.tiers.find((t) => t.id === tierId)?.noSpendDowngrade;
  if (!rule) return true;
  return spend.lastSpendAt !== null && addMonths(spend.lastSpendAt, rule.months) > spend.now;
}

export function upgradeOnActivity(rules: LoyaltyRules, current: string, facts: TierFacts, spend: SpendFacts): TierDecision | null {
  const q = qualifiedTier(rules, facts);
  // The highest qualified tier that the member's spend also keeps (never below where they are).
  let target = q;
  for (let rank = tierRank(rules, q); rank > tierRank(rules, current); rank--) {
    target = rules.tiers[rank]?.id ?? current;
    if (spendAllows(rules, target, spend)) break;
    target = current;
  }
  return tierRank(rules, target) > tierRank(rules, current) ? { tier: target, reason: 'qualified' } : null;
}

export interface PeriodicFacts extends TierFacts {
  now: Date;
  /** Last purchase with spend, or null if never. */
  lastSpendAt: Date | null;
  /** When the member reached the current tier. */
  tierSince: Date;
}

export function reevaluate(rules: LoyaltyRules, current: string, facts: PeriodicFacts): TierDecision | null {
  let target = current;
  let reason = '';
  const q = qualifiedTier(rules, facts);
  if (tierRank(rules, q) < tierRank(rules, target)) {
    target = q;
    reason = 'rolling_12m_below_threshold';
  }
  const rule = rules.tiers.find((t) => t.id === current)?.noSpendDowngrade;
  if (rule) {
    // The clock for "no spend" starts at the later of the last spend and the day the tier was reached.
    const since = facts.lastSpendAt && facts.lastSpendAt > facts.tierSince ? facts.lastSpendAt : facts.tierSince;
    if (addMonths(since, rule.months) <= facts.now && tierRank(rules, rule.to) < tierRank(rules, target)) {
      target = rule.to;
      reason = `no_spend_${rule.months}_months`;
    }
  }
  return target === current ? null : { tier: target, reason };
}
