import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignRequestSchema, type CampaignRequest } from '../../edge-sync/hq/publishing/publishing-schemas.js';
import { createCampaign, listCampaigns } from '../../edge-sync/hq/publishing/campaigns.js';
import { changesSince } from '../../edge-sync/hq/hq-downlink.js';
import { downlinkBodySchemas } from '../../edge-sync/protocol/wire.js';
import { openHqEngines } from '../support/hq-engines.js';

/**
 * Issue 13, percent coupons at HQ: the campaign form's request is checked with the coupon terms the stores
 * check (edge-sync/protocol/coupon-terms.ts); a percent campaign is stored with its cap and minimum spend
 * (HQ version 12) on both engines, listed as such, and its coupons go down as percent coupons.
 */
const now = new Date('2026-12-01T04:00:00.000Z');
const base = {
  title: '会员 85 折',
  segment: {},
  budgetCoupons: 10,
  validFrom: '2026-12-06T16:00:00.000Z', // 12-07 00:00 in Shanghai
  validTo: '2026-12-31T15:59:59.999Z', // the end of 12-31 in Shanghai
};
const parse = (coupon: unknown) => campaignRequestSchema.safeParse({ ...base, coupon });

describe('the campaign request refuses coupon terms a store would not apply', () => {
  it('takes a percentage of 1–90, whole, with an optional positive cap and minimum spend', () => {
    expect(parse({ kind: 'percent', value: 1 }).success).toBe(true);
    expect(parse({ kind: 'percent', value: 90, maxOffFen: 5_000, minSpendFen: 20_000 }).success).toBe(true);
    for (const value of [0, 91, 100, 12.5, -5]) expect(parse({ kind: 'percent', value }).success, `percent ${value}`).toBe(false);
    expect(parse({ kind: 'percent', value: 10, maxOffFen: 0 }).success).toBe(false);
    expect(parse({ kind: 'percent', value: 10, minSpendFen: -1 }).success).toBe(false);
  });
  it('keeps amount coupons as they were, and a cap belongs to a percentage only', () => {
    expect(parse({ kind: 'amount', value: 1_000, minSpendFen: 5_000 }).success).toBe(true);
    expect(parse({ kind: 'amount', value: 0 }).success).toBe(false);
    expect(parse({ kind: 'amount', value: 1_000, maxOffFen: 500 }).success).toBe(false);
    expect(parse({ kind: 'gift', value: 1 }).success).toBe(false);
  });
  it('the wire coupon carries exactly one kind', () => {
    const body = { couponId: 'c1', campaignId: 'k1', memberId: 'm1', title: 't', minSpendFen: 0, validFrom: base.validFrom, expiresAt: base.validTo };
    const ok = (extra: object) => downlinkBodySchemas.coupon.safeParse({ ...body, ...extra }).success;
    expect(ok({ amountOffFen: 500 })).toBe(true);
    expect(ok({ percentOff: 15, maxOffFen: 3_000 })).toBe(true);
    expect(ok({ percentOff: 15 })).toBe(true);
    expect(ok({})).toBe(false);
    expect(ok({ amountOffFen: 500, percentOff: 15 })).toBe(false);
    expect(ok({ amountOffFen: 500, maxOffFen: 3_000 })).toBe(false);
    expect(ok({ percentOff: 95 })).toBe(false);
  });
});

let engines: Awaited<ReturnType<typeof openHqEngines>> = [];
beforeAll(async () => {
  engines = await openHqEngines('mk-hq-coupons-');
});
afterAll(async () => {
  for (const e of engines) await e.close();
});

describe('percent campaigns at HQ, on every engine', () => {
  it('stores, lists and sends down a percent coupon with its cap and minimum spend, and an amount coupon as before', async () => {
    expect(engines.length).toBeGreaterThan(0);
    for (const { name, db } of engines) {
      for (const [member, store] of [['m-1', 'store-a'], ['m-2', 'store-b']] as const) {
        await db.query('INSERT INTO member_facts (chain_id, member_id, tier_id, home_store_id, birth_month, last_visit_at) VALUES ($1, $2, $3, $4, $5, $6)', [
          'chain-c', member, 'basic', store, null, null,
        ]);
      }
      const percent = campaignRequestSchema.parse({ ...base, coupon: { kind: 'percent', value: 15, maxOffFen: 3_000, minSpendFen: 10_000 } }) as CampaignRequest;
      const amount = campaignRequestSchema.parse({ ...base, title: '满50减10', coupon: { kind: 'amount', value: 1_000, minSpendFen: 5_000 } }) as CampaignRequest;
      const p = await createCampaign(db, { chainId: 'chain-c', staffId: 'admin-1', campaign: percent, now });
      expect(p.issued, name).toBe(2);
      const a = await createCampaign(db, { chainId: 'chain-c', staffId: 'admin-1', campaign: amount, now: new Date(now.getTime() + 1_000) });
      const listed = await listCampaigns(db, 'chain-c', now);
      expect(listed.find((c) => c.campaignId === p.campaignId), name).toMatchObject({ couponPercent: 15, couponMaxOffFen: 3_000, couponMinSpendFen: 10_000, status: 'scheduled' });
      expect(listed.find((c) => c.campaignId === p.campaignId)?.couponValueFen, name).toBeUndefined();
      expect(listed.find((c) => c.campaignId === a.campaignId), name).toMatchObject({ couponValueFen: 1_000, couponMinSpendFen: 5_000 });
      expect(listed.find((c) => c.campaignId === a.campaignId)?.couponPercent, name).toBeUndefined();

      const feed = await changesSince(db, 'chain-c', 0, 100, 'store-a');
      const coupons = feed.changes.flatMap((c) => (c.type === 'coupon' ? [c.body] : []));
      expect(coupons.map((c) => c.memberId), name).toEqual(['m-1', 'm-1']);
      const [pc, ac] = coupons;
      expect(pc, name).toMatchObject({ campaignId: p.campaignId, percentOff: 15, maxOffFen: 3_000, minSpendFen: 10_000, validFrom: base.validFrom, expiresAt: base.validTo });
      expect(pc && 'amountOffFen' in pc, name).toBe(false);
      expect(ac, name).toMatchObject({ campaignId: a.campaignId, amountOffFen: 1_000, minSpendFen: 5_000 });
      expect(ac && 'percentOff' in ac, name).toBe(false);
      for (const c of coupons) expect(downlinkBodySchemas.coupon.safeParse(c).success, name).toBe(true);
    }
  });
});
