import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DownlinkCoupon } from '../../edge-sync/client/downlink.js';
import { AppError } from '../../electron/contract/result.js';
import { openDatabase, schemaVersion } from '../../electron/db/connection.js';
import { migrations } from '../../electron/db/migrations/index.js';
import { discountPercentOn, redeemValueFen, tierRule } from '../../electron/services/loyalty/points-math.js';
import { adjustPoints, issueCoupon } from '../../electron/services/loyalty/points-service.js';
import { applyHqCoupon } from '../../electron/services/membership/hq-publications.js';
import { createMember } from '../../electron/services/members/member-service.js';
import { localParts } from '../../electron/services/membership-kernel/local-time.js';
import { purchaseReceiptLayout } from '../../electron/services/printing/layouts/receipt-layouts.js';
import { previewPurchase, recordPurchase, refundPurchase } from '../../electron/services/purchases/purchase-service.js';
import { purchaseReceiptData } from '../../electron/services/receipts/receipt-documents.js';
import { testRandom } from '../support/seeded-random.js';
import { membershipFixture, nextPhone, type MembershipFixture } from './membership-fixture.js';

/**
 * Issue 13, percent coupons at the till: quote and record apply them exactly (integer fen, rounded down,
 * capped, minimum spend on the total, after the tier discount and before points), refunds treat them as
 * they treat amount coupons, and the receipt names the percentage.
 */
let f: MembershipFixture;
beforeEach(() => {
  f = membershipFixture(); // a Wednesday in March, 10:00 in Shanghai
});
afterEach(() => f.close());

const manager = { staffId: 'm1', role: 'manager' as const, displayName: '店长' };
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.code : String(e);
  }
  return 'no error';
};
let couponSeq = 0;
/** A campaign coupon as HQ sends it, usable from a day ago for thirty days. */
function hqCoupon(memberId: string, terms: Partial<DownlinkCoupon>): DownlinkCoupon {
  const now = f.clock.now().getTime();
  return {
    couponId: `cpn-${++couponSeq}`,
    campaignId: 'cmp-1',
    memberId,
    title: '会员折扣券',
    minSpendFen: 0,
    validFrom: new Date(now - 86_400_000).toISOString(),
    expiresAt: new Date(now + 30 * 86_400_000).toISOString(),
    ...terms,
  };
}
const give = (c: DownlinkCoupon) => {
  expect(applyHqCoupon(f.env, c)).toBe('added');
  return c.couponId;
};
const couponRow = (id: string) => f.db.prepare('SELECT status, purchase_id FROM coupons WHERE id = ?').get(id) as { status: string; purchase_id: string | null };

describe('percent coupons at the till', () => {
  it('quote = record = the written rule, over random amounts, percentages, caps, minimum spends, tiers and redemptions', () => {
    const memberId = createMember(f.env, { opId: 'm', name: '王芳', phone: nextPhone() }, null).memberId;
    const weekday = localParts(f.clock.now(), f.env.timeZone).weekday;
    let op = 0;
    fc.assert(
      fc.property(
        fc.record({
          unitFen: fc.integer({ min: 1, max: 300_000 }),
          qty: fc.integer({ min: 1, max: 3 }),
          percentOff: fc.integer({ min: 1, max: 90 }),
          maxOffFen: fc.oneof(fc.constant(undefined), fc.integer({ min: 1, max: 50_000 })),
          minSpendFen: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 400_000 })),
          tier: fc.constantFrom('basic', 'diamond'), // diamond: 10 % off every day in the restaurant preset
          redeemShare: fc.integer({ min: 0, max: 100 }),
        }),
        (s) => {
          op++;
          f.db.prepare('UPDATE members SET tier = ? WHERE id = ?').run(s.tier, memberId);
          const couponId = give(hqCoupon(memberId, { percentOff: s.percentOff, maxOffFen: s.maxOffFen, minSpendFen: s.minSpendFen }));
          const items = [{ sku: 'SET', name: '套餐', qty: s.qty, unitPriceFen: s.unitFen }];
          const total = s.unitFen * s.qty;
          const tier = tierRule(f.env.rules, s.tier);
          const discount = Math.floor((total * discountPercentOn(tier, weekday)) / 100);
          const due = total - discount;
          if (total < s.minSpendFen) {
            expect(codeOf(() => recordPurchase(f.env, { opId: `p${op}`, memberId, items, couponId }, null))).toBe('COUPON_MIN_SPEND');
            expect(couponRow(couponId).status).toBe('issued');
            return;
          }
          const off = Math.min(Math.floor((due * s.percentOff) / 100), s.maxOffFen ?? Number.MAX_SAFE_INTEGER);
          // Points come off what is left after the coupon (1 point = 1 fen in this preset; at least 100 points).
          const points = Math.floor(((due - off) * s.redeemShare) / 100);
          const redeemPoints = points >= f.env.rules.points.minRedeemPoints ? points : undefined;
          if (redeemPoints !== undefined) adjustPoints(f.env, { opId: `a${op}`, memberId, delta: redeemPoints, reason: '测试积分' }, manager);
          const input = { memberId, items, couponId, redeemPoints };
          const quote = previewPurchase(f.env, input);
          const sale = recordPurchase(f.env, { ...input, opId: `p${op}` }, null);
          const redeemedFen = redeemPoints === undefined ? 0 : redeemValueFen(redeemPoints, tier);
          expect(quote).toMatchObject({ totalFen: total, discountFen: discount, couponFen: off, redeemedFen, paidFen: due - off - redeemedFen });
          expect(sale).toMatchObject(quote);
          expect(sale.paidFen).toBeGreaterThanOrEqual(0);
          const row = f.db.prepare('SELECT coupon_id, coupon_fen, paid_fen FROM purchases WHERE id = ?').get(sale.purchaseId);
          expect(row).toEqual({ coupon_id: couponId, coupon_fen: off, paid_fen: sale.paidFen });
          expect(couponRow(couponId)).toEqual({ status: 'used', purchase_id: sale.purchaseId });
        },
      ),
      { numRuns: 60, seed: testRandom('coupon-percent quote/record').fork() | 0 },
    );
  });

  it('points cannot be redeemed against what the coupon already took off', () => {
    const memberId = createMember(f.env, { opId: 'm', name: '王芳', phone: nextPhone() }, null).memberId;
    adjustPoints(f.env, { opId: 'a', memberId, delta: 10_000, reason: '测试积分' }, manager);
    const couponId = give(hqCoupon(memberId, { percentOff: 50 }));
    const items = [{ sku: 'SET', name: '套餐', qty: 1, unitPriceFen: 10_000 }];
    // 50 % off ¥100 leaves ¥50: redeeming ¥50.01 of points is more than is due.
    expect(codeOf(() => previewPurchase(f.env, { memberId, items, couponId, redeemPoints: 5_001 }))).toBe('REDEEM_EXCEEDS_TOTAL');
    const sale = recordPurchase(f.env, { opId: 'p', memberId, items, couponId, redeemPoints: 5_000 }, null);
    expect(sale).toMatchObject({ couponFen: 5_000, redeemedFen: 5_000, paidFen: 0, pointsEarned: 0 });
  });

  it('refunds (partial, then the rest) work as with an amount coupon: money and points come back, the coupon stays used', () => {
    const memberId = createMember(f.env, { opId: 'm', name: '王芳', phone: nextPhone() }, null).memberId;
    const items = [{ sku: 'SET', name: '套餐', qty: 1, unitPriceFen: 10_000 }];
    const percentId = give(hqCoupon(memberId, { percentOff: 15, maxOffFen: 1_200 }));
    const amountId = issueCoupon(f.env, { opId: 'k', memberId, title: '满30减5', amountOffFen: 1_200, validDays: 7 }, manager).couponId;
    const results = [percentId, amountId].map((couponId, i) => {
      const sale = recordPurchase(f.env, { opId: `p${i}`, memberId, items, couponId }, null);
      expect(sale).toMatchObject({ couponFen: 1_200, paidFen: 8_800, pointsEarned: 88 });
      const part = refundPurchase(f.env, { opId: `r${i}a`, purchaseId: sale.purchaseId, amountFen: 4_400, reason: '部分退款' }, manager);
      const rest = refundPurchase(f.env, { opId: `r${i}b`, purchaseId: sale.purchaseId, reason: '余下退款' }, manager);
      expect(codeOf(() => refundPurchase(f.env, { opId: `r${i}c`, purchaseId: sale.purchaseId, reason: '再退' }, manager))).toBe('ALREADY_REFUNDED');
      return { part: [part.amountFen, part.pointsReversed, part.status], rest: [rest.amountFen, rest.pointsReversed, rest.status], coupon: couponRow(couponId), saleId: sale.purchaseId };
    });
    // The percent coupon's purchase refunds exactly like the amount coupon's: at most what was paid, points in proportion.
    expect(results[0]?.part).toEqual([4_400, 44, 'partially_refunded']);
    expect(results[0]?.rest).toEqual([4_400, 44, 'refunded']);
    expect(results[1]?.part).toEqual(results[0]?.part);
    expect(results[1]?.rest).toEqual(results[0]?.rest);
    // Neither coupon is given back by a refund (the code restores points only): both stay used by their sale.
    expect(results[0]?.coupon).toEqual({ status: 'used', purchase_id: results[0]?.saleId });
    expect(results[1]?.coupon).toEqual({ status: 'used', purchase_id: results[1]?.saleId });
  });

  it('the receipt prints the coupon on its own line with its percentage, in each store language', () => {
    const memberId = createMember(f.env, { opId: 'm', name: '王芳', phone: nextPhone() }, null).memberId;
    f.db.prepare("UPDATE members SET tier = 'diamond' WHERE id = ?").run(memberId);
    const couponId = give(hqCoupon(memberId, { percentOff: 15 }));
    const sale = recordPurchase(f.env, { opId: 'p', memberId, items: [{ sku: 'SET', name: '套餐', qty: 1, unitPriceFen: 10_000 }], couponId }, null);
    expect(sale).toMatchObject({ discountFen: 1_000, couponFen: 1_350, paidFen: 7_650 }); // 10 % tier discount, then 15 % of ¥90
    const lines = (locale: 'zh-CN' | 'zh-TW' | 'en') => {
      f.config.ui.locale = locale;
      const data = purchaseReceiptData(f, sale.purchaseId, { memberQr: () => 'QR', cashierName: null, openCashDrawer: false });
      return purchaseReceiptLayout(data).blocks.flatMap((b) => (b.type === 'pair' ? [`${b.left} ${b.right}`] : []));
    };
    expect(lines('zh-CN')).toEqual(expect.arrayContaining(['优惠券（减15%） -¥13.50', '优惠 -¥10.00']));
    expect(lines('zh-TW')).toEqual(expect.arrayContaining(['優惠券（減15%） -¥13.50', '優惠 -¥10.00']));
    expect(lines('en')).toEqual(expect.arrayContaining(['Coupon (15% off) -¥13.50', 'Discount -¥10.00']));
  });
});

describe('store migration 21', () => {
  it('keeps every coupon of an older store as an amount coupon usable from its issue', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-coupon-mig-'));
    try {
      const file = path.join(dir, 'store.sqlite');
      const old = openDatabase(file, { migrations: migrations.filter((m) => m.version < 21) });
      old.prepare("INSERT INTO members (id, member_code, tier, tier_since, created_at, updated_at) VALUES ('m1', 'M0001', 'basic', '2026-01-01', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')").run();
      old.prepare("INSERT INTO coupons (id, member_id, title, amount_off_fen, min_spend_fen, source, status, issued_at, expires_at) VALUES ('c1', 'm1', '满30减5', 500, 3000, 'manual', 'issued', '2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z')").run();
      old.close();
      const db = openDatabase(file);
      expect(schemaVersion(db)).toBe(Math.max(...migrations.map((m) => m.version)));
      expect(db.prepare('SELECT id, kind, amount_off_fen, percent_off, max_off_fen, min_spend_fen, valid_from, expires_at, status FROM coupons').all()).toEqual([
        { id: 'c1', kind: 'amount', amount_off_fen: 500, percent_off: null, max_off_fen: null, min_spend_fen: 3000, valid_from: null, expires_at: '2026-02-01T00:00:00.000Z', status: 'issued' },
      ]);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      // A coupon is one kind or the other, with its own columns only.
      const insert = db.prepare("INSERT INTO coupons (id, member_id, title, kind, amount_off_fen, percent_off, source, issued_at) VALUES (?, 'm1', 't', ?, ?, ?, 'x', '2026-01-01T00:00:00.000Z')");
      expect(() => insert.run('c2', 'percent', 500, 10)).toThrow(/CHECK/);
      expect(() => insert.run('c3', 'percent', null, 91)).toThrow(/CHECK/);
      expect(() => insert.run('c4', 'amount', null, null)).toThrow(/CHECK/);
      insert.run('c5', 'percent', null, 90);
      db.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
