import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DownlinkCoupon } from '../../edge-sync/client/downlink.js';
import { AppError } from '../../electron/contract/result.js';
import { applyHqCoupon } from '../../electron/services/membership/hq-publications.js';
import { memberCard } from '../../electron/services/membership/member-card.js';
import { createMember } from '../../electron/services/members/member-service.js';
import { previewPurchase, recordPurchase } from '../../electron/services/purchases/purchase-service.js';
import { membershipFixture, nextPhone, type MembershipFixture } from './membership-fixture.js';

/**
 * Issue 13: a coupon's validity window is enforced at the store, on the store's (injected) clock: not
 * before validFrom, not after expiresAt (that instant itself still counts). HQ's console sends whole
 * chain days in Asia/Shanghai: from 00:00 of the first day to 23:59:59.999 of the last.
 */
let f: MembershipFixture;
let memberId = '';
beforeEach(() => {
  f = membershipFixture({ start: '2026-03-04T02:00:00Z' });
  memberId = createMember(f.env, { opId: 'm', name: '王芳', phone: nextPhone() }, null).memberId;
});
afterEach(() => f.close());

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.code : String(e);
  }
  return 'no error';
};
const items = [{ sku: 'SET', name: '套餐', qty: 1, unitPriceFen: 10_000 }];
/** A 20 % coupon for Monday 2026-03-09 through the end of March, Shanghai time, written with HQ's +08:00 offset or in UTC. */
function give(id: string, window: { validFrom: string; expiresAt: string }): string {
  const c: DownlinkCoupon = { couponId: id, campaignId: 'cmp-1', memberId, title: '三月会员券', percentOff: 20, minSpendFen: 0, ...window };
  expect(applyHqCoupon(f.env, c)).toBe('added');
  return id;
}
const quoteAt = (at: string, couponId: string) => {
  f.clock.set(at);
  return codeOf(() => previewPurchase(f.env, { memberId, items, couponId }));
};
const onCard = (couponId: string) => memberCard(f.env, memberId, null).coupons.find((c) => c.couponId === couponId);

describe('coupon validity at the store', () => {
  it('starts at local midnight of its first day, to the millisecond', () => {
    const id = give('c-start', { validFrom: '2026-03-09T00:00:00.000+08:00', expiresAt: '2026-03-31T23:59:59.999+08:00' });
    expect(quoteAt('2026-03-04T02:00:00.000Z', id)).toBe('COUPON_NOT_YET_VALID');
    // Sunday 23:59:59.999 in Shanghai: still too early.
    expect(quoteAt('2026-03-08T15:59:59.999Z', id)).toBe('COUPON_NOT_YET_VALID');
    // The card lists it, not yet usable, with its start (stored in UTC).
    expect(onCard(id)).toMatchObject({ isUsableNow: false, validFrom: '2026-03-08T16:00:00.000Z', percentOff: 20, kind: 'percent' });
    // Monday 00:00 in Shanghai: usable.
    expect(quoteAt('2026-03-08T16:00:00.000Z', id)).toBe('no error');
    expect(onCard(id)?.isUsableNow).toBe(true);
    const sale = recordPurchase(f.env, { opId: 'p', memberId, items, couponId: id }, null);
    expect(sale).toMatchObject({ couponFen: 2_000, paidFen: 8_000 });
  });

  it('ends at the last millisecond of the last day, across the end of the month', () => {
    const id = give('c-end', { validFrom: '2026-03-08T16:00:00.000Z', expiresAt: '2026-03-31T15:59:59.999Z' });
    expect(quoteAt('2026-03-31T15:59:59.999Z', id)).toBe('no error'); // 03-31 23:59:59.999 in Shanghai
    expect(quoteAt('2026-03-31T16:00:00.000Z', id)).toBe('COUPON_EXPIRED'); // 04-01 00:00 in Shanghai
    expect(onCard(id)).toBeUndefined();
    expect(codeOf(() => recordPurchase(f.env, { opId: 'late', memberId, items, couponId: id }, null))).toBe('COUPON_EXPIRED');
  });

  it('a record at the boundary follows the clock at the moment it is recorded, and a refused sale writes nothing', () => {
    const id = give('c-edge', { validFrom: '2026-04-30T16:00:00.000Z', expiresAt: '2026-05-31T15:59:59.999Z' });
    f.clock.set('2026-04-30T15:59:59.999Z'); // April 30, 23:59:59.999 in Shanghai: the coupon is for May
    expect(codeOf(() => recordPurchase(f.env, { opId: 'early', memberId, items, couponId: id }, null))).toBe('COUPON_NOT_YET_VALID');
    expect(f.db.prepare('SELECT count(*) AS n FROM purchases').get()).toEqual({ n: 0 });
    f.clock.advance(1);
    expect(recordPurchase(f.env, { opId: 'may', memberId, items, couponId: id }, null).couponFen).toBe(2_000);
  });
});
