import { randomBytes } from 'node:crypto';
import { recordHqAudit } from '../audit/hq-audit.js';
import { namesFor, storeNamesOf } from '../chain-names.js';
import type { HqDb } from '../db/hq-db.js';
import { appendChange } from '../hq-downlink.js';
import { anyOf, bulkInsert, listParam, parseJson, type Column } from '../hq-sql.js';
import { windowStartMonth } from '../publishing-effects/member-figures.js';
import { couponTermsToWire } from '../../protocol/coupon-terms.js';
import { downlinkBodySchemas } from '../../protocol/wire.js';
import { campaignCouponTerms, type CampaignRequest, type CampaignSegment, type CampaignView } from './publishing-schemas.js';
import { activeRulesAt } from './rules-versions.js';

/** Churn period when the chain has published no rules yet: the stores' default (PRODUCT.md: 90 days). */
const DEFAULT_CHURN_DAYS = 90;
const COUPON_COLUMNS: readonly Column[] = [
  ['chain_id', 'text'], ['coupon_id', 'text'], ['campaign_id', 'text'], ['member_id', 'text'], ['store_id', 'text'], ['issued_at', 'timestamptz'],
];

/**
 * The members of a segment, most valuable first (12-month spend), from HQ's per-member facts and
 * monthly figures (publishing-effects/member-figures.ts): never a scan of events, always one chain.
 */
async function segmentQuery(db: HqDb, chainId: string, segment: CampaignSegment, now: Date): Promise<{ where: string; params: unknown[] }> {
  const params: unknown[] = [chainId];
  const where = ['f.chain_id = $1'];
  const add = (sqlWith: (first: number) => string, values: unknown[]) => {
    where.push(sqlWith(params.length + 1));
    params.push(...values);
  };
  if (segment.tierIds && segment.tierIds.length > 0) add((n) => anyOf(db, 'f.tier_id', n, segment.tierIds?.length ?? 0), listParam(db, segment.tierIds));
  if (segment.storeIds && segment.storeIds.length > 0) add((n) => anyOf(db, 'f.home_store_id', n, segment.storeIds?.length ?? 0), listParam(db, segment.storeIds));
  if (segment.birthdayMonth !== undefined) add((n) => `f.birth_month = $${n}`, [segment.birthdayMonth]);
  if (segment.churnRisk) {
    const days = (await activeRulesAt(db, chainId, now))?.churn.inactiveDays ?? DEFAULT_CHURN_DAYS;
    add((n) => `f.last_visit_at IS NOT NULL AND f.last_visit_at <= $${n}`, [new Date(now.getTime() - days * 86_400_000).toISOString()]);
  }
  return { where: where.join(' AND '), params };
}

/** How many members a campaign would reach: the segment's size, capped by the budget. */
export async function previewCampaign(db: HqDb, chainId: string, c: CampaignRequest, now: Date): Promise<number> {
  const q = await segmentQuery(db, chainId, c.segment, now);
  const rows = await db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM member_facts f WHERE ${q.where}`, q.params);
  return Math.min(Number(rows[0]?.n ?? 0), c.budgetCoupons);
}

/**
 * Creates the campaign and issues its coupons in one transaction: one per member of the segment,
 * most valuable first, at most `budgetCoupons`. Each coupon goes down to the member's home store
 * (or every store), where the store adds it to the member's card; audited as campaign.created.
 */
export async function createCampaign(db: HqDb, input: { chainId: string; staffId: string; campaign: CampaignRequest; now: Date }): Promise<{ campaignId: string; issued: number }> {
  const { chainId, campaign: c, now } = input;
  const campaignId = `cmp-${randomBytes(8).toString('hex')}`;
  const terms = campaignCouponTerms(c.coupon);
  return db.tx(async (t) => {
    await t.query(
      `INSERT INTO campaigns (chain_id, campaign_id, title, segment, coupon_kind, coupon_value, coupon_max_off_fen, coupon_min_spend_fen, budget_coupons, valid_from, valid_to, created_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        chainId, campaignId, c.title, JSON.stringify(c.segment), terms.kind, c.coupon.value, terms.kind === 'percent' ? terms.maxOffFen : null, terms.minSpendFen,
        c.budgetCoupons, new Date(c.validFrom).toISOString(), new Date(c.validTo).toISOString(), now.toISOString(), input.staffId,
      ],
    );
    const q = await segmentQuery(t, chainId, c.segment, now);
    const members = await t.query<{ member_id: string; home_store_id: string | null }>(
      `SELECT f.member_id, f.home_store_id FROM member_facts f
         LEFT JOIN (SELECT member_id, SUM(spend_fen) AS spend FROM member_month_figures WHERE chain_id = $1 AND month >= $${q.params.length + 1} GROUP BY member_id) s
           ON s.member_id = f.member_id
        WHERE ${q.where} ORDER BY COALESCE(s.spend, 0) DESC, f.member_id LIMIT $${q.params.length + 2}`,
      [...q.params, windowStartMonth(now), c.budgetCoupons],
    );
    const coupons = members.map((m) => ({
      couponId: `cpn-${randomBytes(10).toString('hex')}`,
      memberId: m.member_id,
      storeId: c.deliverTo === 'every_store' ? null : m.home_store_id,
    }));
    await bulkInsert(t, 'campaign_coupons', COUPON_COLUMNS, coupons.map((x) => [chainId, x.couponId, campaignId, x.memberId, x.storeId, now.toISOString()]), '');
    for (const x of coupons) {
      // Checked with the wire schema the stores read it with, so HQ never queues a coupon a store would refuse.
      const body = downlinkBodySchemas.coupon.parse({
        couponId: x.couponId,
        campaignId,
        memberId: x.memberId,
        title: c.title,
        ...couponTermsToWire(terms),
        validFrom: new Date(c.validFrom).toISOString(),
        expiresAt: new Date(c.validTo).toISOString(),
      });
      // Keyed by member, so an erasure removes the member's coupons from the feed with their profile.
      await appendChange(t, chainId, 'coupon', x.memberId, body, now, x.storeId);
    }
    await recordHqAudit(
      t,
      { chainId, staffId: input.staffId, action: 'campaign.created', subjectType: 'campaign', subjectId: campaignId, detail: { issued: coupons.length, budgetCoupons: c.budgetCoupons } },
      now,
    );
    return { campaignId, issued: coupons.length };
  });
}

export async function listCampaigns(db: HqDb, chainId: string, now: Date): Promise<CampaignView[]> {
  const rows = await db.query<{
    campaign_id: string; title: string; segment: unknown; coupon_kind: string; coupon_value: number; coupon_max_off_fen: number | null; coupon_min_spend_fen: number | null;
    budget_coupons: number; valid_from: string; valid_to: string; issued: number; redeemed: number;
  }>(
    `SELECT c.campaign_id, c.title, c.segment, c.coupon_kind, c.coupon_value, c.coupon_max_off_fen, c.coupon_min_spend_fen, c.budget_coupons, c.valid_from, c.valid_to,
            (SELECT COUNT(*) FROM campaign_coupons k WHERE k.chain_id = c.chain_id AND k.campaign_id = c.campaign_id) AS issued,
            (SELECT COUNT(*) FROM campaign_coupons k WHERE k.chain_id = c.chain_id AND k.campaign_id = c.campaign_id AND k.redeemed_at IS NOT NULL) AS redeemed
       FROM campaigns c WHERE c.chain_id = $1 ORDER BY c.created_at DESC, c.campaign_id`,
    [chainId],
  );
  // The segment's store ids sit in its JSON document: named from the chain's stores in one read.
  const storeName = await storeNamesOf(db, chainId);
  return rows.map((r) => {
    const from = new Date(r.valid_from);
    const to = new Date(r.valid_to);
    const segment = parseJson(r.segment) as CampaignSegment;
    return {
      campaignId: r.campaign_id,
      title: r.title,
      segment,
      storeNames: namesFor(segment.storeIds ?? [], storeName),
      ...(r.coupon_kind === 'percent'
        ? { couponPercent: Number(r.coupon_value), ...(r.coupon_max_off_fen !== null ? { couponMaxOffFen: Number(r.coupon_max_off_fen) } : {}) }
        : { couponValueFen: Number(r.coupon_value) }),
      // Campaigns created before HQ kept the minimum spend (HQ version 12) have none to show.
      ...(r.coupon_min_spend_fen !== null ? { couponMinSpendFen: Number(r.coupon_min_spend_fen) } : {}),
      budgetCoupons: Number(r.budget_coupons),
      issued: Number(r.issued),
      redeemed: Number(r.redeemed),
      validFrom: from.toISOString(),
      validTo: to.toISOString(),
      status: now < from ? 'scheduled' : now > to ? 'ended' : 'active',
    };
  });
}
