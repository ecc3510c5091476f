import { randomUUID } from 'node:crypto';
import type { StaffSession } from '../../contract/handlers.js';
import { AppError } from '../../contract/result.js';
import { appendOutboxEvent } from '../../../edge-sync/client/outbox-append.js';
import { audit } from '../audit/audit-log.js';
import { addDay, addMemberDay, addMemberPeriods } from '../dashboard/rollup-repository.js';
import { markCouponUsed } from '../loyalty/coupon-repository.js';
import { priceCoupon } from '../loyalty/coupon-pricing.js';
import { postPoints } from '../loyalty/ledger.js';
import { referralBonusOf } from '../loyalty/ledger-repository.js';
import { discountPercentOn, pointsForSpend, redeemValueFen, tierRule } from '../loyalty/points-math.js';
import { upgradeAfterActivity } from '../loyalty/tier-service.js';
import { localParts } from '../membership-kernel/local-time.js';
import { addToValue, getMember, touchSpend, type MemberRow } from '../members/member-repository.js';
import { requireActiveMember } from '../members/member-service.js';
import { validateFen, validatePoints } from '../members/member-validation.js';
import type { MembershipEnv } from '../membership-kernel/membership-env.js';
import { runOnce } from '../membership-kernel/op-ids.js';
import { countPurchases, getPurchase, insertPurchase, insertRefund, setRefunded, type ItemRow } from './purchase-repository.js';

export interface PurchaseItemInput {
  sku: string;
  name: string;
  qty: number;
  unitPriceFen: number;
}

export interface PurchaseInput {
  opId: string;
  memberId: string;
  items: PurchaseItemInput[];
  /** Optional cross-check: must equal the sum of the lines. */
  totalFen?: number | undefined;
  redeemPoints?: number | undefined;
  couponId?: string | undefined;
}

export interface PurchaseQuote {
  totalFen: number;
  discountPercent: number;
  discountFen: number;
  couponFen: number;
  pointsRedeemed: number;
  redeemedFen: number;
  paidFen: number;
  pointsEarned: number;
  referralBonusPoints: number;
}

export interface PurchaseResult extends PurchaseQuote {
  purchaseId: string;
  memberId: string;
  balanceAfter: number;
  tierChangedTo: string | null;
}

function cleanItems(items: unknown): ItemRow[] {
  if (!Array.isArray(items) || items.length > 200) throw new AppError('ITEMS_INVALID', 'A purchase has at most 200 lines');
  return items.map((raw) => {
    const it = raw as Partial<PurchaseItemInput>;
    if (typeof it.sku !== 'string' || it.sku.trim().length < 1 || it.sku.length > 40) throw new AppError('ITEMS_INVALID', 'Each line needs a sku of 1–40 characters');
    if (typeof it.name !== 'string' || it.name.trim().length < 1 || it.name.length > 80) throw new AppError('ITEMS_INVALID', 'Each line needs a name of 1–80 characters');
    if (typeof it.qty !== 'number' || !Number.isSafeInteger(it.qty) || it.qty < 1 || it.qty > 10_000) throw new AppError('QUANTITY_INVALID', 'Quantities are whole numbers from 1');
    return { sku: it.sku.trim(), name: it.name.trim(), qty: it.qty, unit_price_fen: validateFen(it.unitPriceFen, 'unitPriceFen') };
  });
}

/** Prices a purchase for this member today without writing anything (also the cashier's preview). */
export function quotePurchase(env: MembershipEnv, member: MemberRow, items: ItemRow[], input: Omit<PurchaseInput, 'opId' | 'memberId' | 'items'>, now: Date): PurchaseQuote {
  const total = items.reduce((s, it) => s + it.qty * it.unit_price_fen, 0);
  if (items.length === 0 && input.totalFen === undefined) throw new AppError('ITEMS_INVALID', 'A purchase needs item lines or a total');
  const totalFen = items.length === 0 ? validateFen(input.totalFen, 'totalFen') : validateFen(total, 'total');
  if (input.totalFen !== undefined && validateFen(input.totalFen, 'totalFen') !== totalFen) throw new AppError('TOTAL_MISMATCH', 'totalFen does not equal the sum of the lines');
  const lp = localParts(now, env.timeZone);
  const tier = tierRule(env.rules, member.tier);
  const discountPercent = discountPercentOn(tier, lp.weekday);
  const discountFen = Math.floor((totalFen * discountPercent) / 100);
  // Tier discount, then the coupon on what remains, then points (coupon-pricing.ts has the rules).
  const couponFen = input.couponId === undefined ? 0 : priceCoupon(env.db, { couponId: input.couponId, memberId: member.id, totalFen, dueFen: totalFen - discountFen, now });
  const due = totalFen - discountFen - couponFen;
  let pointsRedeemed = 0;
  let redeemedFen = 0;
  if (input.redeemPoints !== undefined) {
    pointsRedeemed = validatePoints(input.redeemPoints, 'redeemPoints');
    if (pointsRedeemed < env.rules.points.minRedeemPoints) {
      throw new AppError('REDEEM_BELOW_MINIMUM', `Redeem at least ${env.rules.points.minRedeemPoints} points`);
    }
    if (pointsRedeemed > member.points_balance) {
      throw new AppError('INSUFFICIENT_POINTS', `Only ${member.points_balance} points available`, { details: { balance: member.points_balance } });
    }
    redeemedFen = redeemValueFen(pointsRedeemed, tier);
    if (redeemedFen > due) throw new AppError('REDEEM_EXCEEDS_TOTAL', 'Redeeming more than the amount due', { details: { dueFen: due } });
  }
  const paidFen = due - redeemedFen;
  const isReferredFirst = member.referred_by !== null && countPurchases(env.db, member.id) === 0;
  // The birthday-month benefit lasts the whole month; bonuses do not stack, the larger applies.
  const birthdayPercent = member.birth_month === lp.month ? env.rules.birthday.monthEarnPercent : 100;
  const bonus = Math.max(isReferredFirst ? env.rules.referral.firstPurchasePercent : 100, birthdayPercent);
  return {
    totalFen,
    discountPercent,
    discountFen,
    couponFen,
    pointsRedeemed,
    redeemedFen,
    paidFen,
    pointsEarned: pointsForSpend(paidFen, env.rules, tier, bonus),
    referralBonusPoints: isReferredFirst ? pointsForSpend(paidFen, env.rules, tierRule(env.rules, env.rules.tiers[0]?.id ?? 'basic')) : 0,
  };
}

export function previewPurchase(env: MembershipEnv, input: Omit<PurchaseInput, 'opId'>): PurchaseQuote {
  const member = requireActiveMember(env, input.memberId);
  return quotePurchase(env, member, cleanItems(input.items), input, env.clock.now());
}

export function recordPurchase(env: MembershipEnv, input: PurchaseInput, by: StaffSession | null): PurchaseResult {
  const now = env.clock.now();
  const items = cleanItems(input.items);
  const request = { memberId: input.memberId, items, totalFen: input.totalFen, redeemPoints: input.redeemPoints, couponId: input.couponId };
  return env.db.transaction(() =>
    runOnce(env.db, input.opId, 'purchases.record', request, now, (): PurchaseResult => {
      const member = requireActiveMember(env, input.memberId);
      const q = quotePurchase(env, member, items, input, now);
      const lp = localParts(now, env.timeZone);
      const purchaseId = randomUUID();
      const at = now.toISOString();
      insertPurchase(
        env.db,
        {
          id: purchaseId,
          member_id: member.id,
          at,
          local_date: lp.date,
          local_hour: lp.hour,
          weekday: lp.weekday,
          total_fen: q.totalFen,
          coupon_id: input.couponId ?? null,
          coupon_fen: q.couponFen,
          points_redeemed: q.pointsRedeemed,
          redeemed_fen: q.redeemedFen,
          paid_fen: q.paidFen,
          points_earned: q.pointsEarned,
          staff_id: by?.staffId ?? null,
        },
        items,
      );
      const expiryMonths = env.rules.points.expiryMonths;
      if (q.pointsRedeemed > 0) postPoints(env.db, { memberId: member.id, delta: -q.pointsRedeemed, kind: 'redeem', at: now, ref: purchaseId, opId: input.opId, staffId: by?.staffId ?? null });
      if (q.pointsEarned > 0) postPoints(env.db, { memberId: member.id, delta: q.pointsEarned, kind: 'earn', at: now, ref: purchaseId, opId: input.opId, expiryMonths });
      if (q.referralBonusPoints > 0 && member.referred_by) {
        const referrer = getMember(env.db, member.referred_by);
        if (referrer?.status === 'active') {
          // ref = the purchase, so a refund of it can find and reverse the bonus (P4).
          postPoints(env.db, { memberId: referrer.id, delta: q.referralBonusPoints, kind: 'referral', at: now, ref: purchaseId, reason: 'referred a friend', expiryMonths });
        }
      }
      if (input.couponId !== undefined) markCouponUsed(env.db, input.couponId, purchaseId, at);
      addMemberDay(env.db, lp.date, member.id, { purchases: 1, spendFen: q.paidFen, checkins: 0 });
      const priorPurchaseDate = member.last_spend_at ? localParts(new Date(member.last_spend_at), env.timeZone).date : null;
      addMemberPeriods(env.db, lp.date, member.id, { purchases: 1, spendFen: q.paidFen, checkins: 0 }, priorPurchaseDate);
      addDay(env.db, lp.date, { purchases: 1, revenueFen: q.paidFen, checkins: 0 });
      touchSpend(env.db, member.id, at, q.paidFen);
      const tierChange = upgradeAfterActivity(env, member.id, now);
      appendOutboxEvent(
        env.db,
        'purchase.recorded',
        {
          purchaseId,
          memberId: member.id,
          at,
          localDate: lp.date,
          totalFen: q.totalFen,
          discountFen: q.discountFen,
          couponId: input.couponId ?? null,
          couponFen: q.couponFen,
          pointsRedeemed: q.pointsRedeemed,
          redeemedFen: q.redeemedFen,
          paidFen: q.paidFen,
          pointsEarned: q.pointsEarned,
          items: items.map((it) => ({ sku: it.sku, name: it.name, qty: it.qty, unitPriceFen: it.unit_price_fen })),
        },
        { memberId: member.id, occurredAt: now },
      );
      if (by) audit(env.db, now, by, 'purchase.record', member.id, { purchaseId, paidFen: q.paidFen });
      return { ...q, purchaseId, memberId: member.id, balanceAfter: (getMember(env.db, member.id) as MemberRow).points_balance, tierChangedTo: tierChange?.tier ?? null };
    }),
  )();
}

export interface RefundResult {
  refundId: string;
  purchaseId: string;
  amountFen: number;
  pointsReversed: number;
  /** Earned points that could not be taken back because the member had already spent them. */
  pointsNotRecovered: number;
  pointsRestored: number;
  status: 'partially_refunded' | 'refunded';
  balanceAfter: number;
}

/**
 * Refunds money paid (all that remains when `amountFen` is omitted). Earned points are reversed
 * and redeemed points restored in proportion to the share refunded, so several partial refunds
 * add up to exactly one full refund. Reversal never drives the balance negative: what the member
 * already spent is reported as not recovered.
 */
export function refundPurchase(env: MembershipEnv, input: { opId: string; purchaseId: string; amountFen?: number | undefined; reason: string }, by: StaffSession | null): RefundResult {
  const now = env.clock.now();
  if (typeof input.reason !== 'string' || input.reason.trim().length < 1 || input.reason.length > 200) throw new AppError('REASON_REQUIRED', 'A refund needs a reason of 1–200 characters');
  const amount = input.amountFen === undefined ? undefined : validateFen(input.amountFen, 'amountFen', { allowZero: false });
  return env.db.transaction(() =>
    runOnce(env.db, input.opId, 'purchases.refund', { purchaseId: input.purchaseId, amountFen: amount, reason: input.reason }, now, (): RefundResult => {
      const p = typeof input.purchaseId === 'string' ? getPurchase(env.db, input.purchaseId) : undefined;
      if (!p) throw new AppError('PURCHASE_NOT_FOUND', 'No such purchase');
      if (p.status === 'refunded') throw new AppError('ALREADY_REFUNDED', 'This purchase was already refunded in full');
      const remaining = p.paid_fen - p.refunded_fen;
      const amountFen = amount ?? remaining;
      if (amountFen > remaining) throw new AppError('REFUND_EXCEEDS_PAID', `At most ${remaining} fen can still be refunded`, { details: { remainingFen: remaining } });
      const member = getMember(env.db, p.member_id);
      if (!member || member.status !== 'active') throw new AppError('MEMBER_NOT_FOUND', 'The purchase belongs to a member who is no longer active');
      const newRefunded = p.refunded_fen + amountFen;
      const isFull = newRefunded === p.paid_fen;
      const share = (x: number, refunded: number) => (p.paid_fen === 0 ? 0 : Math.floor((x * refunded) / p.paid_fen));
      const restored = (isFull ? p.points_redeemed : share(p.points_redeemed, newRefunded)) - share(p.points_redeemed, p.refunded_fen);
      const reverseDue = (isFull ? p.points_earned : share(p.points_earned, newRefunded)) - share(p.points_earned, p.refunded_fen);
      const refundId = randomUUID();
      if (restored > 0) {
        postPoints(env.db, { memberId: member.id, delta: restored, kind: 'refund', at: now, ref: refundId, reason: 'redeemed points restored', opId: input.opId, expiryMonths: env.rules.points.expiryMonths });
      }
      const balance = (getMember(env.db, member.id) as MemberRow).points_balance;
      const reversed = Math.min(reverseDue, balance);
      if (reversed > 0) {
        postPoints(env.db, { memberId: member.id, delta: -reversed, kind: 'refund', at: now, ref: refundId, reason: 'earned points reversed', opId: input.opId });
      }
      // The referrer's bonus came from this purchase: it is taken back in the same proportion (P4).
      const bonus = member.referred_by ? referralBonusOf(env.db, member.referred_by, p.id) : undefined;
      if (bonus) {
        const bonusDue = (isFull ? bonus.delta : share(bonus.delta, newRefunded)) - share(bonus.delta, p.refunded_fen);
        const referrerBalance = getMember(env.db, bonus.member_id)?.points_balance ?? 0;
        const bonusReversed = Math.min(bonusDue, referrerBalance);
        if (bonusReversed > 0) {
          postPoints(env.db, { memberId: bonus.member_id, delta: -bonusReversed, kind: 'refund', at: now, ref: refundId, reason: 'referral bonus reversed', opId: input.opId });
        }
      }
      const status = isFull ? 'refunded' : 'partially_refunded';
      setRefunded(env.db, p.id, newRefunded, status);
      const at = now.toISOString();
      insertRefund(env.db, { id: refundId, purchaseId: p.id, amountFen, pointsReversed: reversed, pointsRestored: restored, reason: input.reason, at, staffId: by?.staffId ?? null });
      if (amountFen > 0) {
        addMemberDay(env.db, p.local_date, member.id, { purchases: 0, spendFen: -amountFen, checkins: 0 });
        addMemberPeriods(env.db, p.local_date, member.id, { purchases: 0, spendFen: -amountFen, checkins: 0 }, null);
        addToValue(env.db, member.id, -amountFen);
        addDay(env.db, p.local_date, { purchases: 0, revenueFen: -amountFen, checkins: 0 });
      }
      appendOutboxEvent(
        env.db,
        'purchase.refunded',
        { refundId, purchaseId: p.id, memberId: member.id, amountFen, pointsReversed: reversed, pointsRestored: restored, reason: input.reason.slice(0, 200), at },
        { memberId: member.id, occurredAt: now },
      );
      audit(env.db, now, by, 'purchase.refund', member.id, { purchaseId: p.id, amountFen });
      return {
        refundId,
        purchaseId: p.id,
        amountFen,
        pointsReversed: reversed,
        pointsNotRecovered: reverseDue - reversed,
        pointsRestored: restored,
        status,
        balanceAfter: (getMember(env.db, member.id) as MemberRow).points_balance,
      };
    }),
  )();
}
