import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../electron/contract/result.js';
import { issueCoupon, adjustPoints } from '../../electron/services/loyalty/points-service.js';
import { createMember } from '../../electron/services/members/member-service.js';
import { previewPurchase, recordPurchase, refundPurchase } from '../../electron/services/purchases/purchase-service.js';
import { membershipFixture, nextPhone, type MembershipFixture } from './membership-fixture.js';

let f: MembershipFixture;
beforeEach(() => {
  f = membershipFixture();
});
afterEach(() => f.close());

const manager = { staffId: 'm1', role: 'manager' as const, displayName: '店长' };
const balance = (id: string) => f.db.prepare('SELECT points_balance FROM members WHERE id = ?').pluck().get(id) as number;
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.code : String(e);
  }
  return 'no error';
};
const lines = (fen: number) => [{ sku: 'SET', name: '双人套餐', qty: 1, unitPriceFen: fen }];

describe('purchases', () => {
  it('a referred member’s first purchase earns double and the referrer gets the base points, once', () => {
    const referrerPhone = nextPhone();
    const referrer = createMember(f.env, { opId: 'r', name: '王芳', phone: referrerPhone }, null).memberId;
    const friend = createMember(f.env, { opId: 'f', name: '李娜', phone: nextPhone(), referrerPhone }, null).memberId;
    const first = recordPurchase(f.env, { opId: 'p1', memberId: friend, items: lines(10_000) }, null);
    expect(first.pointsEarned).toBe(200);
    expect(first.referralBonusPoints).toBe(100);
    expect(balance(referrer)).toBe(100);
    const second = recordPurchase(f.env, { opId: 'p2', memberId: friend, items: lines(10_000) }, null);
    expect(second.pointsEarned).toBe(100);
    expect(balance(referrer)).toBe(100);
    expect(codeOf(() => createMember(f.env, { opId: 'x', name: '赵敏', phone: nextPhone(), referrerPhone: '13999999999' }, null))).toBe('REFERRER_NOT_FOUND');
  });

  it('applies a coupon once, with its minimum spend and expiry', () => {
    const id = createMember(f.env, { opId: 'j', name: '王芳', phone: nextPhone() }, null).memberId;
    const { couponId } = issueCoupon(f.env, { opId: 'k', memberId: id, title: '满30减5', amountOffFen: 500, minSpendFen: 3_000, validDays: 7 }, manager);
    expect(codeOf(() => recordPurchase(f.env, { opId: 'small', memberId: id, items: lines(2_000), couponId }, null))).toBe('COUPON_MIN_SPEND');
    const quote = previewPurchase(f.env, { memberId: id, items: lines(3_000), couponId });
    const sale = recordPurchase(f.env, { opId: 'ok', memberId: id, items: lines(3_000), couponId }, null);
    expect(sale).toMatchObject({ ...quote, couponFen: 500, paidFen: 2_500, pointsEarned: 25 });
    expect(codeOf(() => recordPurchase(f.env, { opId: 'again', memberId: id, items: lines(3_000), couponId }, null))).toBe('COUPON_USED');
    const other = issueCoupon(f.env, { opId: 'k2', memberId: id, title: '满30减5', amountOffFen: 500, validDays: 7 }, manager).couponId;
    f.clock.advance(8 * 86_400_000);
    expect(codeOf(() => recordPurchase(f.env, { opId: 'late', memberId: id, items: lines(3_000), couponId: other }, null))).toBe('COUPON_EXPIRED');
    const stranger = createMember(f.env, { opId: 's', name: '周杰', phone: nextPhone() }, null).memberId;
    expect(codeOf(() => recordPurchase(f.env, { opId: 'steal', memberId: stranger, items: lines(3_000), couponId: other }, null))).toBe('COUPON_NOT_FOUND');
  });

  it('partial refunds add up to a full refund: earned points reversed, redeemed points restored', () => {
    const id = createMember(f.env, { opId: 'j', name: '王芳', phone: nextPhone() }, null).memberId;
    adjustPoints(f.env, { opId: 'a', memberId: id, delta: 1_000, reason: '开业赠送' }, manager);
    const sale = recordPurchase(f.env, { opId: 'p', memberId: id, items: lines(10_000), redeemPoints: 1_000 }, null);
    expect(sale).toMatchObject({ redeemedFen: 1_000, paidFen: 9_000, pointsEarned: 90 });
    expect(balance(id)).toBe(90);
    const r1 = refundPurchase(f.env, { opId: 'r1', purchaseId: sale.purchaseId, amountFen: 3_000, reason: '少一份' }, manager);
    expect(r1).toMatchObject({ status: 'partially_refunded', pointsReversed: 30, pointsRestored: 333 });
    const r2 = refundPurchase(f.env, { opId: 'r2', purchaseId: sale.purchaseId, reason: '整单退' }, manager);
    expect(r2).toMatchObject({ status: 'refunded', amountFen: 6_000, pointsReversed: 60, pointsRestored: 667 });
    expect(balance(id)).toBe(1_000);
    expect(codeOf(() => refundPurchase(f.env, { opId: 'r3', purchaseId: sale.purchaseId, reason: '再退' }, manager))).toBe('ALREADY_REFUNDED');
  });

  it('a refund never drives the balance negative: points already spent are reported, not taken', () => {
    const id = createMember(f.env, { opId: 'j', name: '王芳', phone: nextPhone() }, null).memberId;
    const sale = recordPurchase(f.env, { opId: 'p', memberId: id, items: lines(50_000) }, null); // 500 points
    recordPurchase(f.env, { opId: 'spend', memberId: id, items: lines(10_000), redeemPoints: 450 }, null); // 95 earned back
    const before = balance(id);
    const r = refundPurchase(f.env, { opId: 'r', purchaseId: sale.purchaseId, reason: '退货' }, manager);
    expect(r.pointsReversed).toBe(before);
    expect(r.pointsNotRecovered).toBe(500 - before);
    expect(balance(id)).toBe(0);
  });
});
