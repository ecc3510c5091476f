import { AppError } from '../../contract/result.js';
import { checkinOrdinalOfDay, getCheckin } from '../checkin/checkin-repository.js';
import { localParts } from '../membership-kernel/local-time.js';
import { versionedRulesInForce } from '../membership-kernel/local-rules-versions.js';
import { getMember, type MemberRow } from '../members/member-repository.js';
import { getPurchase, purchaseItems } from '../purchases/purchase-repository.js';
import { getCoupon } from '../loyalty/coupon-repository.js';
import type { CheckInTicketData, ErasureReceiptPrintData, MemberCardData, PurchaseReceiptData, StoreHeader } from '../printing/layouts/layout-types.js';
import { erasureReceiptFor } from '../consent/consent-repository.js';
import { maskName } from '../members/member-views.js';
import type { ServiceContext } from '../../core/service-context.js';
import { effectiveRules } from '../../contract/loyalty-rules.js';

/**
 * Maps what membership recorded into the plain data the printing layouts take. Printing never reads
 * member tables; membership never formats paper. This is the one place that knows both.
 */
type Ctx = Pick<ServiceContext, 'db' | 'config' | 'clock'>;

function header(ctx: Ctx): StoreHeader {
  return { storeName: ctx.config.store.name, timeZone: ctx.config.store.timeZone, locale: ctx.config.ui.locale };
}

function activeMember(ctx: Ctx, memberId: string): MemberRow {
  const member = getMember(ctx.db, memberId);
  if (!member || member.status !== 'active') throw new AppError('MEMBER_NOT_FOUND', 'The member of this document no longer exists');
  return member;
}

function tierName(ctx: Ctx, tierId: string): string | null {
  // The rules in force: an HQ-published version once active, else the store's own version, else the configured preset.
  const rules = versionedRulesInForce(ctx.db, ctx.clock.now())?.rules ?? effectiveRules(ctx.config.loyalty);
  const tier = rules.tiers.find((t) => t.id === tierId);
  return tier ? tier.name[ctx.config.ui.locale] : null;
}

export function checkinTicketData(ctx: Ctx, checkinId: string): CheckInTicketData {
  const checkin = getCheckin(ctx.db, checkinId);
  if (!checkin) throw new AppError('CHECKIN_NOT_FOUND', 'No such check-in');
  const today = localParts(ctx.clock.now(), ctx.config.store.timeZone);
  // A ticket is a queue position for today; yesterday's check-in cannot jump today's queue.
  if (checkin.local_date !== today.date) throw new AppError('CHECKIN_NOT_TODAY', 'Tickets can only be printed on the day of the check-in');
  const member = activeMember(ctx, checkin.member_id);
  return {
    ...header(ctx),
    queueNumber: `A${String(checkinOrdinalOfDay(ctx.db, checkin)).padStart(3, '0')}`,
    memberName: member.name,
    tierName: tierName(ctx, member.tier),
    pointsEarned: checkin.points_awarded,
    pointsBalance: member.points_balance,
    streakDays: checkin.streak_days,
    isStreakBonus: checkin.streak_days >= 2 && checkin.points_awarded > 0,
    isBirthdayMonth: member.birth_month === today.month,
    checkedInAt: checkin.at,
    sourceRef: `checkin:${checkin.id}`,
  };
}

export function purchaseReceiptData(
  ctx: Ctx,
  purchaseId: string,
  options: { memberQr: (memberId: string) => string; cashierName: string | null; openCashDrawer: boolean },
): PurchaseReceiptData {
  const purchase = getPurchase(ctx.db, purchaseId);
  if (!purchase) throw new AppError('PURCHASE_NOT_FOUND', 'No such purchase');
  const member = activeMember(ctx, purchase.member_id);
  const items = purchaseItems(ctx.db, purchaseId).map((i) => ({ name: i.name, quantity: i.qty, amountFen: i.unit_price_fen * i.qty }));
  const subtotalFen = items.reduce((sum, i) => sum + i.amountFen, 0);
  const coupon = purchase.coupon_id !== null && purchase.coupon_fen > 0 ? getCoupon(ctx.db, purchase.coupon_id) : undefined;
  return {
    ...header(ctx),
    receiptNo: purchase.id.replace(/-/g, '').slice(0, 12).toUpperCase(),
    items,
    subtotalFen,
    discountFen: subtotalFen - purchase.paid_fen - purchase.coupon_fen,
    // The coupon row outlives its use (status 'used'); an erased member's coupon is voided, never deleted.
    coupon: purchase.coupon_fen > 0 ? { kind: coupon?.kind ?? 'amount', percentOff: coupon?.percent_off ?? null, offFen: purchase.coupon_fen } : null,
    totalFen: purchase.paid_fen,
    memberName: member.name,
    phone: member.phone,
    pointsEarned: purchase.points_earned,
    pointsRedeemed: purchase.points_redeemed,
    pointsBalance: member.points_balance,
    memberQr: options.memberQr(member.id),
    purchasedAt: purchase.at,
    cashierName: options.cashierName,
    openCashDrawer: options.openCashDrawer,
    sourceRef: `purchase:${purchase.id}`,
  };
}

/** A member card: the masked name only (a card can be lost), and the current card code. */
export function memberCardData(ctx: Ctx, memberId: string, cardCode: (memberId: string) => string): MemberCardData {
  const member = activeMember(ctx, memberId);
  return { ...header(ctx), maskedName: maskName(member.name), cardCode: cardCode(member.id) };
}

/** The erasure receipt of an erased member, as recorded at erasure (NOT_FOUND when there is none). */
export function erasureReceiptPrintData(ctx: Ctx, memberId: string): ErasureReceiptPrintData & { receiptId: string } {
  const r = erasureReceiptFor(ctx.db, memberId);
  if (!r) throw new AppError('NOT_FOUND', 'No erasure receipt for this member');
  return {
    ...header(ctx),
    receiptId: r.id,
    receiptCode: r.receipt_code,
    at: r.at,
    faceTemplatesDeleted: r.face_templates_deleted,
    cleared: JSON.parse(r.cleared) as string[],
  };
}
