import { describe, expect, it } from 'vitest';
import { loyaltyPresets, loyaltyRulesSchema } from '../../contract/loyalty-rules.js';
import { qualifiedTier, reevaluate, upgradeOnActivity } from './tier-rules.js';

const restaurant = loyaltyPresets.restaurant;
const withBasis = (tierBasis: string) => loyaltyRulesSchema.parse({ ...restaurant, tierBasis });

describe('tier rules', () => {
  it('spend strictly above, or visits reached, by default', () => {
    expect(qualifiedTier(restaurant, { spend12mFen: 50_000, visits12m: 0 })).toBe('basic');
    expect(qualifiedTier(restaurant, { spend12mFen: 50_001, visits12m: 0 })).toBe('silver');
    expect(qualifiedTier(restaurant, { spend12mFen: 0, visits12m: 36 })).toBe('gold');
    expect(qualifiedTier(restaurant, { spend12mFen: 1_000_001, visits12m: 0 })).toBe('diamond');
  });

  it('the basis is configurable: both, spend only, visits only', () => {
    expect(qualifiedTier(withBasis('spend_and_visits'), { spend12mFen: 250_000, visits12m: 12 })).toBe('silver');
    expect(qualifiedTier(withBasis('spend_and_visits'), { spend12mFen: 250_000, visits12m: 40 })).toBe('gold');
    expect(qualifiedTier(withBasis('spend'), { spend12mFen: 0, visits12m: 100 })).toBe('basic');
    expect(qualifiedTier(withBasis('visits'), { spend12mFen: 900_000, visits12m: 12 })).toBe('silver');
  });

  it('activity only upgrades; re-evaluation only downgrades', () => {
    expect(upgradeOnActivity(restaurant, 'gold', { spend12mFen: 0, visits12m: 0 }, { now: new Date('2026-05-01T00:00:00Z'), lastSpendAt: null })).toBeNull();
    const facts = { spend12mFen: 300_000, visits12m: 0, now: new Date('2026-05-01T00:00:00Z'), lastSpendAt: new Date('2026-04-20T00:00:00Z'), tierSince: new Date('2026-01-01T00:00:00Z') };
    expect(reevaluate(restaurant, 'silver', facts)).toBeNull();
    expect(reevaluate(restaurant, 'platinum', facts)).toEqual({ tier: 'gold', reason: 'rolling_12m_below_threshold' });
    expect(reevaluate(restaurant, 'gold', { ...facts, lastSpendAt: new Date('2026-01-31T00:00:00Z') })).toEqual({ tier: 'silver', reason: 'no_spend_3_months' });
  });
});
