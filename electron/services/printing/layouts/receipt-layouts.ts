import { AppError } from '../../../contract/result.js';
import { maskPhone } from '../../../core/logger.js';
import type { DocBlock, PrintDocument } from './print-document.js';
import type { CheckInTicketData, PurchaseReceiptData, ReceiptLocale } from './layout-types.js';
import { receiptStrings } from './receipt-strings.js';

/** ¥12.34 from integer fen; no floating point touches money. */
export function formatFen(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new AppError('INVALID_ARGUMENT', `Money must be an integer number of fen, got ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** 2026-11-22 15:04 in the store's time zone. */
export function formatLocalTime(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new AppError('INVALID_ARGUMENT', `Not a timestamp: ${iso}`);
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

function requireInt(n: number, what: string): number {
  if (!Number.isSafeInteger(n)) throw new AppError('INVALID_ARGUMENT', `${what} must be an integer`);
  return n;
}

export function checkInTicketLayout(data: CheckInTicketData): PrintDocument {
  const s = receiptStrings(data.locale);
  const blocks: DocBlock[] = [
    { type: 'text', text: data.storeName, align: 'center', bold: true, isUserText: true },
    { type: 'text', text: s.ticketTitle, align: 'center' },
    { type: 'divider' },
    { type: 'text', text: s.queueNumber, align: 'center' },
    { type: 'text', text: data.queueNumber, align: 'center', scale: 2, bold: true, isUserText: true },
    { type: 'divider' },
    data.memberName === null
      ? { type: 'text', text: s.welcomeGuest, align: 'center' }
      : { type: 'text', text: s.welcomeMember(data.memberName), align: 'center', isUserText: true },
  ];
  if (data.memberName !== null) {
    if (data.tierName) blocks.push({ type: 'pair', left: s.tier, right: data.tierName, isUserText: true });
    blocks.push({ type: 'pair', left: s.pointsEarned, right: `+${requireInt(data.pointsEarned, 'pointsEarned')}` });
    blocks.push({ type: 'pair', left: s.pointsBalance, right: String(requireInt(data.pointsBalance, 'pointsBalance')) });
    if (requireInt(data.streakDays, 'streakDays') > 0) blocks.push({ type: 'text', text: s.streak(data.streakDays) });
    if (data.isStreakBonus) blocks.push({ type: 'text', text: s.streakBonus, bold: true });
    if (data.isBirthdayMonth) blocks.push({ type: 'text', text: s.birthday });
  }
  blocks.push({ type: 'divider' }, { type: 'text', text: formatLocalTime(data.checkedInAt, data.timeZone), align: 'center' });
  return { kind: 'check-in-ticket', title: `${s.queueNumber} ${data.queueNumber}`, locale: data.locale, blocks };
}

export function purchaseReceiptLayout(data: PurchaseReceiptData): PrintDocument {
  const s = receiptStrings(data.locale);
  const blocks: DocBlock[] = [
    // The drawer opens as the receipt starts printing, as cashiers expect.
    ...(data.openCashDrawer ? [{ type: 'drawer' } as const] : []),
    { type: 'text', text: data.storeName, align: 'center', bold: true, scale: 2, isUserText: true },
    { type: 'text', text: s.receiptTitle, align: 'center' },
    { type: 'pair', left: s.receiptNo, right: data.receiptNo, isUserText: true },
    { type: 'pair', left: s.time, right: formatLocalTime(data.purchasedAt, data.timeZone) },
  ];
  if (data.cashierName) blocks.push({ type: 'pair', left: s.cashier, right: data.cashierName, isUserText: true });
  blocks.push({ type: 'divider' });
  for (const item of data.items) {
    requireInt(item.quantity, 'quantity');
    blocks.push({ type: 'pair', left: `${item.name} x${item.quantity}`, right: formatFen(item.amountFen), isUserText: true });
  }
  blocks.push({ type: 'divider' }, { type: 'pair', left: s.subtotal, right: formatFen(data.subtotalFen) });
  if (data.coupon && data.coupon.offFen !== 0) {
    const label = data.coupon.kind === 'percent' && data.coupon.percentOff !== null ? s.couponPercent(requireInt(data.coupon.percentOff, 'percentOff')) : s.coupon;
    blocks.push({ type: 'pair', left: label, right: formatFen(-Math.abs(data.coupon.offFen)) });
  }
  if (data.discountFen !== 0) blocks.push({ type: 'pair', left: s.discount, right: formatFen(-Math.abs(data.discountFen)) });
  blocks.push({ type: 'text', text: `${s.total} ${formatFen(data.totalFen)}`, align: 'right', bold: true, scale: 2 });
  if (data.memberName !== null || data.phone !== null) {
    blocks.push({ type: 'divider' });
    if (data.memberName !== null) blocks.push({ type: 'pair', left: s.member, right: data.memberName, isUserText: true });
    if (data.phone !== null) blocks.push({ type: 'pair', left: s.phone, right: maskPhone(data.phone) });
    blocks.push({ type: 'pair', left: s.pointsEarned, right: `+${requireInt(data.pointsEarned, 'pointsEarned')}` });
    if (data.pointsRedeemed) blocks.push({ type: 'pair', left: s.pointsRedeemed, right: `-${requireInt(data.pointsRedeemed, 'pointsRedeemed')}` });
    blocks.push({ type: 'pair', left: s.pointsBalance, right: String(requireInt(data.pointsBalance, 'pointsBalance')) });
  }
  if (data.memberQr) blocks.push({ type: 'feed', lines: 1 }, { type: 'qr', data: data.memberQr, caption: s.memberQrCaption });
  blocks.push({ type: 'feed', lines: 1 }, { type: 'text', text: s.thanks, align: 'center' });
  return { kind: 'purchase-receipt', title: `${s.receiptTitle} ${data.receiptNo}`, locale: data.locale, blocks };
}

export function testPageLayout(locale: ReceiptLocale, info: { storeName: string; printerLabel: string; at: string; timeZone: string }): PrintDocument {
  const s = receiptStrings(locale);
  return {
    kind: 'test-page',
    title: s.testTitle,
    locale,
    blocks: [
      { type: 'text', text: s.testTitle, align: 'center', bold: true, scale: 2 },
      { type: 'text', text: info.storeName, align: 'center', isUserText: true },
      { type: 'text', text: info.printerLabel, isUserText: true },
      { type: 'text', text: formatLocalTime(info.at, info.timeZone) },
      { type: 'divider', char: '=' },
      { type: 'text', text: s.testLine },
      { type: 'text', text: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789' },
      { type: 'qr', data: 'MEMBER-KIOSK-TEST', caption: 'QR' },
    ],
  };
}

/** Marks a copy so nobody mistakes it for a second sale or a second check-in. */
export function markAsReprint(doc: PrintDocument): PrintDocument {
  const s = receiptStrings(doc.locale);
  const mark = { type: 'text', text: s.reprint, align: 'center', bold: true } as const;
  // A copy is paper only: the cash drawer opened (at most) once, for the sale itself.
  const blocks = doc.blocks.filter((b) => b.type !== 'drawer');
  return { ...doc, title: `${doc.title} (${s.reprint.replace(/\*/g, '').trim()})`, blocks: [mark, ...blocks, mark] };
}
