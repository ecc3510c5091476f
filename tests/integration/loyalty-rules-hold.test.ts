import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { loyaltyPresets } from '../../electron/contract/loyalty-rules.js';
import { addMonths } from '../../electron/services/membership-kernel/local-time.js';
import { checkinByPhone } from '../../electron/services/checkin/checkin-service.js';
import { buildGreeting } from '../../electron/services/checkin/greeting.js';
import { runMaintenance } from '../../electron/services/membership/maintenance.js';
import { spendAllows, upgradeOnActivity } from '../../electron/services/loyalty/tier-rules.js';
import { createMember, requireActiveMember } from '../../electron/services/members/member-service.js';
import { recordPurchase, refundPurchase } from '../../electron/services/purchases/purchase-service.js';
import { membershipFixture, nextPhone, type MembershipFixture } from './membership-fixture.js';

/**
 * Issue 14, "loyalty rules that do not hold": P1 (a check-in gave back a tier lost for not
 * spending), P4 (the referrer kept the bonus of a refunded purchase), the birthday-month benefit
 * (one check-in instead of the whole month), the birthday greeting (once, on the first check-in
 * day of the month) and the first-visit greeting. Every clock is injected.
 */
const DAY = 86_400_000;
let f: MembershipFixture;
afterEach(() => f?.close());

const tierOf = (id: string) => f.db.prepare('SELECT tier FROM members WHERE id = ?').pluck().get(id) as string;
const balance = (id: string) => f.db.prepare('SELECT points_balance FROM members WHERE id = ?').pluck().get(id) as number;
const buy = (id: string, fen: number, op: string) =>
  recordPurchase(f.env, { opId: op, memberId: id, items: [{ sku: 'FRAME', name: '镜架', qty: 1, unitPriceFen: fen }] }, null);
const lastFour = (id: string) => (f.db.prepare('SELECT phone FROM members WHERE id = ?').pluck().get(id) as string).slice(-4);

describe('P1: a tier lost for not spending comes back only by spending', () => {
  it('Gold → Silver after 3 months without spend; a check-in keeps Silver, the next purchase gives Gold', () => {
    f = membershipFixture({ preset: 'eyewear', start: '2026-01-10T04:00:00Z' });
    const id = createMember(f.env, { opId: 'j', name: '孙丽', phone: nextPhone() }, null).memberId;
    buy(id, 550_000, 'p1');
    expect(tierOf(id)).toBe('gold');
    f.clock.set('2026-04-10T04:00:00Z');
    runMaintenance(f.env);
    expect(tierOf(id)).toBe('silver');
    f.clock.advance(DAY);
    const checkin = checkinByPhone(f.env, { opId: 'c1', phone: lastFour(id) });
    expect(checkin.tierChangedTo).toBeNull();
    expect(tierOf(id)).toBe('silver');
    expect(buy(id, 1_000, 'p2').tierChangedTo).toBe('gold');
  });

  it('property: activity never lands a member on a tier whose no-spend rule their last spend already fails', () => {
    const rules = loyaltyPresets.restaurant;
    const now = new Date('2026-06-15T04:00:00Z');
    fc.assert(
      fc.property(
        fc.constantFrom(...rules.tiers.map((t) => t.id)),
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.integer({ min: 0, max: 60 }),
        fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }),
        (current, spend12mFen, visits12m, daysSinceSpend) => {
          const lastSpendAt = daysSinceSpend === null ? null : new Date(now.getTime() - daysSinceSpend * DAY);
          const decision = upgradeOnActivity(rules, current, { spend12mFen, visits12m }, { now, lastSpendAt });
          if (decision === null) return;
          expect(spendAllows(rules, decision.tier, { now, lastSpendAt })).toBe(true);
          const rule = rules.tiers.find((t) => t.id === decision.tier)?.noSpendDowngrade;
          if (rule) expect(lastSpendAt !== null && addMonths(lastSpendAt, rule.months) > now).toBe(true);
        },
      ),
      { seed: 1414, numRuns: 500 },
    );
  });
});

describe('P4: the referrer’s bonus follows the friend’s purchase', () => {
  it('a full refund of the friend’s first purchase takes the referrer’s bonus back', () => {
    f = membershipFixture();
    const referrerPhone = nextPhone();
    const referrer = createMember(f.env, { opId: 'r', name: '王芳', phone: referrerPhone }, null).memberId;
    const friend = createMember(f.env, { opId: 'f', name: '李娜', phone: nextPhone(), referrerPhone }, null).memberId;
    const first = buy(friend, 10_000, 'p1');
    expect(first.referralBonusPoints).toBe(100);
    expect(balance(referrer)).toBe(100);
    refundPurchase(f.env, { opId: 'rf', purchaseId: first.purchaseId, reason: '退货' }, null);
    expect(balance(referrer)).toBe(0);
    const reversal = f.db.prepare("SELECT delta, kind, reason FROM points_ledger WHERE member_id = ? AND delta < 0").all(referrer);
    expect(reversal).toEqual([{ delta: -100, kind: 'refund', reason: 'referral bonus reversed' }]);
  });

  it('property: partial refunds take back the bonus in proportion, and all of it once the purchase is fully refunded', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 500_000 }), fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 5 }), (paidFen, parts) => {
        f = membershipFixture();
        try {
          const referrerPhone = nextPhone();
          const referrer = createMember(f.env, { opId: 'r', name: '王芳', phone: referrerPhone }, null).memberId;
          const friend = createMember(f.env, { opId: 'f', name: '李娜', phone: nextPhone(), referrerPhone }, null).memberId;
          const p = buy(friend, paidFen, 'p1');
          const bonus = p.referralBonusPoints;
          expect(balance(referrer)).toBe(bonus);
          let refunded = 0;
          parts.forEach((part, i) => {
            const amount = Math.max(1, Math.floor(((paidFen - refunded) * part) / 100));
            if (refunded + amount > paidFen) return;
            refundPurchase(f.env, { opId: `rf${i}`, purchaseId: p.purchaseId, amountFen: amount, reason: '部分退款' }, null);
            refunded += amount;
            // Never more than the refunded share, rounded down; never less than the rounded-down share.
            expect(bonus - balance(referrer)).toBe(Math.floor((bonus * refunded) / paidFen));
          });
          if (refunded < paidFen) refundPurchase(f.env, { opId: 'rest', purchaseId: p.purchaseId, reason: '退余款' }, null);
          expect(balance(referrer)).toBe(0);
        } finally {
          f.close();
        }
      }),
      { seed: 1415, numRuns: 25 },
    );
    f = membershipFixture(); // afterEach closes one
  });
});

describe('birthday month: the benefit lasts the month, the greeting comes once', () => {
  it('purchases earn the birthday-month percentage on any day of the month, not only at one check-in', () => {
    f = membershipFixture({ start: '2026-03-02T02:00:00Z' }); // Monday 2 March, Shanghai
    const id = createMember(f.env, { opId: 'j', name: '陈静', phone: nextPhone(), birthday: '1988-03-20' }, null).memberId;
    const other = createMember(f.env, { opId: 'k', name: '周杰', phone: nextPhone(), birthday: '1988-07-20' }, null).memberId;
    f.clock.set('2026-03-25T04:00:00Z'); // Wednesday, late in the month, after a check-in on another day
    const percent = f.env.rules.birthday.monthEarnPercent;
    expect(percent).toBeGreaterThan(100);
    expect(buy(id, 10_000, 'p1').pointsEarned).toBe(Math.floor((100 * percent) / 100));
    expect(buy(other, 10_000, 'p2').pointsEarned).toBe(100);
    const greeting = buildGreeting(f.env, requireActiveMember(f.env, id), f.clock.now());
    expect(greeting.benefitsToday.map((b) => b.kind)).toContain('birthday_bonus');
    f.clock.set('2026-04-01T04:00:00Z');
    expect(buy(id, 10_000, 'p3').pointsEarned).toBe(100);
    expect(buildGreeting(f.env, requireActiveMember(f.env, id), f.clock.now()).benefitsToday.map((b) => b.kind)).not.toContain('birthday_bonus');
  });

  it('the greeting is shown on the first check-in day of the month, even after a purchase earlier that month, and not after', () => {
    f = membershipFixture({ start: '2026-03-02T02:00:00Z' });
    const id = createMember(f.env, { opId: 'j', name: '陈静', phone: nextPhone(), birthday: '1988-03-20' }, null).memberId;
    f.clock.set('2026-03-03T04:00:00Z');
    buy(id, 5_000, 'p1'); // a purchase without a check-in
    f.clock.set('2026-03-05T04:00:00Z');
    const first = checkinByPhone(f.env, { opId: 'c1', phone: lastFour(id) });
    expect(first.greeting.showBirthdayGreeting).toBe(true);
    expect(first.birthdayBonusPoints).toBe(200);
    // The same visit seen again (face greeting, second tap): still that day's greeting.
    expect(checkinByPhone(f.env, { opId: 'c1b', phone: lastFour(id) }).greeting.showBirthdayGreeting).toBe(true);
    f.clock.advance(DAY);
    expect(buildGreeting(f.env, requireActiveMember(f.env, id), f.clock.now()).showBirthdayGreeting).toBe(false);
    expect(checkinByPhone(f.env, { opId: 'c2', phone: lastFour(id) }).greeting.showBirthdayGreeting).toBe(false);
  });
});

describe('greetings: first visit versus welcome back', () => {
  it('a member who joined a minute ago is welcomed; the next day, and a member who joined without face, is welcomed back', () => {
    f = membershipFixture({ start: '2026-03-04T02:00:00Z' });
    const id = createMember(f.env, { opId: 'j', name: '刘洋', phone: nextPhone() }, null).memberId;
    f.clock.advance(60_000);
    const justJoined = checkinByPhone(f.env, { opId: 'c1', phone: lastFour(id) });
    expect(justJoined.greeting.isFirstVisit).toBe(true);
    f.clock.advance(DAY);
    const nextDay = checkinByPhone(f.env, { opId: 'c2', phone: lastFour(id) });
    expect(nextDay.greeting.isFirstVisit).toBe(false);
    f.clock.advance(DAY);
    expect(buildGreeting(f.env, requireActiveMember(f.env, id), f.clock.now()).isFirstVisit).toBe(false);
  });
});
