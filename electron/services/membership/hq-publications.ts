import { loyaltyRulesSchema } from '../../contract/loyalty-rules.js';
import { appendOutboxEvent } from '../../../edge-sync/client/outbox-append.js';
import type { DownlinkCoupon, DownlinkRulesVersion } from '../../../edge-sync/client/downlink.js';
import { couponTermsFromWire, couponTermsToWire } from '../../../edge-sync/protocol/coupon-terms.js';
import { audit } from '../audit/audit-log.js';
import { getCoupon, insertCoupon } from '../loyalty/coupon-repository.js';
import { getMember } from '../members/member-repository.js';
import type { MembershipEnv } from '../membership-kernel/membership-env.js';
import { hasRulesVersion, insertRulesRefusal, insertRulesVersion } from '../membership-kernel/rules-versions.js';

/**
 * What HQ publishes, applied here inside the downlink page's transaction (issue 13): a rules version
 * is checked with the store's own rules schema and then stored whole, or refused whole; either way the
 * store audits it and tells HQ (`rules.applied` / `rules.refused`), in the same transaction. A version
 * seen before (a page pulled twice after a crash) changes nothing.
 */
export function applyHqRulesVersion(env: MembershipEnv, change: DownlinkRulesVersion): 'applied' | 'refused' | 'known' {
  if (hasRulesVersion(env.db, change.version)) return 'known';
  const now = env.clock.now();
  const at = now.toISOString();
  const parsed = loyaltyRulesSchema.safeParse(change.rules);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message = `${issue?.path.map(String).join('.') || 'rules'}: ${issue?.message ?? 'invalid'}`.slice(0, 300);
    insertRulesRefusal(env.db, change.version, message, at);
    audit(env.db, now, null, 'rules.hq_refused', null, { version: change.version, message });
    appendOutboxEvent(env.db, 'rules.refused', { version: change.version, message, at }, { occurredAt: now });
    env.log.warn('loyalty.rules_refused', { version: change.version, message });
    return 'refused';
  }
  insertRulesVersion(env.db, { version: change.version, startsAt: change.startsAt, publishedAt: change.publishedAt, rules: parsed.data }, at);
  audit(env.db, now, null, 'rules.hq_applied', null, { version: change.version, startsAt: change.startsAt, tiers: parsed.data.tiers.map((t) => t.id) });
  appendOutboxEvent(env.db, 'rules.applied', { version: change.version, startsAt: change.startsAt, at }, { occurredAt: now });
  env.log.info('loyalty.rules_applied', { version: change.version, startsAt: change.startsAt });
  return 'applied';
}

/**
 * A campaign coupon HQ issued to a member: added to the member's coupons (shown on the cashier's card,
 * redeemable at the till from its validFrom through its expiresAt), once however often it arrives. A
 * member this store does not hold is skipped (HQ sends coupons to the member's home store). The body
 * was checked on arrival with the wire schema, whose coupon terms are the ones HQ's campaign form is
 * checked with (edge-sync/protocol/coupon-terms.ts), so only terms this store applies get here.
 */
export function applyHqCoupon(env: MembershipEnv, c: DownlinkCoupon): 'added' | 'known' | 'not_here' {
  if (getCoupon(env.db, c.couponId)) return 'known';
  if (getMember(env.db, c.memberId)?.status !== 'active') return 'not_here';
  const now = env.clock.now();
  const terms = couponTermsFromWire(c);
  insertCoupon(env.db, {
    id: c.couponId,
    member_id: c.memberId,
    title: c.title,
    terms,
    source: `hq:${c.campaignId}`.slice(0, 40),
    issued_at: now.toISOString(),
    // Normalised to UTC ISO text, whatever offset HQ wrote.
    valid_from: new Date(c.validFrom).toISOString(),
    expires_at: new Date(c.expiresAt).toISOString(),
  });
  audit(env.db, now, null, 'coupon.hq_received', c.memberId, { couponId: c.couponId, campaignId: c.campaignId, ...couponTermsToWire(terms) });
  return 'added';
}
