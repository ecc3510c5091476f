import { afterEach, describe, expect, it } from 'vitest';
import { loyaltyPresets } from '../../electron/contract/loyalty-rules.js';
import { parseConfig } from '../../electron/core/config.js';
import { checkinByPhone } from '../../electron/services/checkin/checkin-service.js';
import { reevaluateMember } from '../../electron/services/loyalty/tier-service.js';
import { runMaintenance } from '../../electron/services/membership/maintenance.js';
import { createMember } from '../../electron/services/members/member-service.js';
import { recordPurchase } from '../../electron/services/purchases/purchase-service.js';
import { membershipFixture, nextPhone, type MembershipFixture } from './membership-fixture.js';

const DAY = 86_400_000;
let f: MembershipFixture;
afterEach(() => f?.close());

const tierOf = (id: string) => f.db.prepare('SELECT tier FROM members WHERE id = ?').pluck().get(id) as string;
const buy = (id: string, fen: number, op: string) =>
  recordPurchase(f.env, { opId: op, memberId: id, items: [{ sku: 'FRAME', name: '镜架', qty: 1, unitPriceFen: fen }] }, null);
const history = (id: string) =>
  (f.db.prepare('SELECT from_tier, to_tier, reason FROM tier_history WHERE member_id = ? ORDER BY id').all(id) as Array<{ from_tier: string | null; to_tier: string; reason: string }>).map(
    (r) => `${r.from_tier ?? '-'}→${r.to_tier}:${r.reason}`,
  );

describe('tiers on crafted histories (eyewear preset: Silver > ¥2,000, Gold > ¥5,000)', () => {
  it('climbs on spend, drops Gold → Silver after 3 months without spend, and climbs back on the next purchase', () => {
    f = membershipFixture({ preset: 'eyewear', start: '2026-01-10T04:00:00Z' });
    const id = createMember(f.env, { opId: 'j', name: '孙丽', phone: nextPhone() }, null).memberId;
    buy(id, 200_000, 'p0'); // exactly ¥2,000 is not above the threshold
    expect(tierOf(id)).toBe('basic');
    expect(buy(id, 50_000, 'p1').tierChangedTo).toBe('silver'); // ¥2,500
    expect(buy(id, 300_000, 'p2').tierChangedTo).toBe('gold'); // ¥5,500
    const lastSpend = f.clock.now();

    f.clock.set(new Date(lastSpend.getTime() + 60 * DAY)); // two months: still Gold
    expect(f.env.db.transaction(() => reevaluateMember(f.env, id, f.clock.now()))()).toBeNull();
    expect(tierOf(id)).toBe('gold');

    f.clock.set('2026-04-10T03:59:59Z'); // one second short of 3 calendar months
    expect(f.env.db.transaction(() => reevaluateMember(f.env, id, f.clock.now()))()).toBeNull();
    f.clock.set('2026-04-10T04:00:00Z');
    expect(runMaintenance(f.env).tiersChanged).toBe(1);
    expect(tierOf(id)).toBe('silver');
    // The periodic run never upgrades back, even though the 12-month spend still qualifies for Gold.
    f.clock.advance(DAY);
    expect(runMaintenance(f.env).tiersChanged).toBe(0);
    expect(tierOf(id)).toBe('silver');

    expect(buy(id, 1_000, 'p3').tierChangedTo).toBe('gold');
    expect(history(id)).toEqual(['-→basic:joined', 'basic→silver:qualified', 'silver→gold:qualified', 'gold→silver:no_spend_3_months', 'silver→gold:qualified']);
    const events = f.db.prepare("SELECT payload FROM outbox WHERE kind = 'tier.changed' ORDER BY seq").all() as Array<{ payload: string }>;
    expect(events.map((e) => (JSON.parse(e.payload) as { toTier: string }).toTier)).toEqual(['silver', 'gold', 'silver', 'gold']);
  });

  it('falls back to the tier the rolling 12 months support', () => {
    f = membershipFixture({ preset: 'eyewear', start: '2026-01-10T04:00:00Z' });
    const id = createMember(f.env, { opId: 'j', name: '孙丽', phone: nextPhone() }, null).memberId;
    buy(id, 250_000, 'p1');
    expect(tierOf(id)).toBe('silver');
    f.clock.set('2027-01-11T04:00:00Z'); // the purchase left the 12-month window
    runMaintenance(f.env);
    expect(tierOf(id)).toBe('basic');
    expect(history(id).at(-1)).toBe('silver→basic:rolling_12m_below_threshold');
  });

  it('earns at the tier multiplier and redeems at the tier value (eyewear Gold: 100 points = ¥2)', () => {
    f = membershipFixture({ preset: 'eyewear', start: '2026-01-10T04:00:00Z' });
    const id = createMember(f.env, { opId: 'j', name: '孙丽', phone: nextPhone() }, null).memberId;
    buy(id, 600_000, 'p1'); // 6000 points, now Gold
    const r = recordPurchase(f.env, { opId: 'p2', memberId: id, items: [{ sku: 'LENS', name: '镜片', qty: 1, unitPriceFen: 10_000 }], redeemPoints: 1000 }, null);
    expect(r.redeemedFen).toBe(2_000);
    expect(r.paidFen).toBe(8_000);
  });
});

describe('tiers on crafted histories (restaurant preset)', () => {
  it('reaches Silver by visits (12 visit days) and Gold gets the weekend discount', () => {
    f = membershipFixture({ start: '2026-03-02T02:00:00Z' }); // Monday
    const m = createMember(f.env, { opId: 'j', name: '周杰', phone: nextPhone() }, null);
    for (let d = 0; d < 11; d++) {
      checkinByPhone(f.env, { opId: `c${d}`, phone: m.maskedPhone!.slice(-4) });
      f.clock.advance(DAY);
    }
    expect(tierOf(m.memberId)).toBe('basic');
    expect(checkinByPhone(f.env, { opId: 'c11', phone: m.maskedPhone!.slice(-4) }).tierChangedTo).toBe('silver');
    buy(m.memberId, 300_000, 'big'); // Friday 13 March: ¥3,000 → Gold
    expect(tierOf(m.memberId)).toBe('gold');
    f.clock.set('2026-03-14T04:00:00Z'); // Saturday
    const sat = buy(m.memberId, 10_000, 'sat');
    expect(sat.discountPercent).toBe(5);
    expect(sat.paidFen).toBe(9_500);
    expect(sat.pointsEarned).toBe(Math.floor((95 * 150) / 100));
  });

  it('rules are validated: a downgrade must name a lower tier, thresholds must increase', () => {
    const rules = structuredClone(loyaltyPresets.eyewear) as unknown as { tiers: Array<{ noSpendDowngrade: unknown; spendAboveFen: number | null }> };
    rules.tiers[1]!.noSpendDowngrade = { months: 3, to: 'gold' };
    expect(() => parseConfig({ loyalty: { custom: rules } })).toThrow(/must name a lower tier/);
    const rules2 = structuredClone(loyaltyPresets.eyewear) as unknown as { tiers: Array<{ spendAboveFen: number | null }> };
    rules2.tiers[2]!.spendAboveFen = 100;
    expect(() => parseConfig({ loyalty: { custom: rules2 } })).toThrow(/spend thresholds must increase/);
    expect(parseConfig({ loyalty: { preset: 'eyewear' } }).loyalty.preset).toBe('eyewear');
    expect(parseConfig({}).loyalty.preset).toBe('restaurant');
    expect(loyaltyPresets.restaurant.tiers.map((t) => t.id)).toEqual(['basic', 'silver', 'gold', 'platinum', 'diamond']);
  });
});
