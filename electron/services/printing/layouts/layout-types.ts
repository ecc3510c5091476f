/**
 * What the layouts print, as plain data. The lead maps membership/check-in results into these;
 * printing never reads member tables itself. Money is integer fen, points are integers,
 * timestamps are UTC ISO strings shown in the store's time zone.
 */
export type ReceiptLocale = 'zh-CN' | 'zh-TW' | 'en';

export interface StoreHeader {
  storeName: string;
  timeZone: string;
  locale: ReceiptLocale;
}

export interface CheckInTicketData extends StoreHeader {
  /** The queue/ticket number called at the counter, e.g. "A012". */
  queueNumber: string;
  /** Display name (nickname or surname + title); null for a guest ticket. */
  memberName: string | null;
  tierName?: string | null;
  pointsEarned: number;
  pointsBalance: number;
  /** Consecutive daily check-ins including today. */
  streakDays: number;
  /** Double points today because of the streak. */
  isStreakBonus?: boolean;
  isBirthdayMonth?: boolean;
  checkedInAt: string;
  /** The check-in id: printing the same check-in twice by accident is refused (a reprint is explicit). */
  sourceRef?: string;
}

export interface ReceiptItem {
  name: string;
  quantity: number;
  /** Line amount in fen after item discounts. */
  amountFen: number;
}

export interface PurchaseReceiptData extends StoreHeader {
  receiptNo: string;
  items: ReceiptItem[];
  subtotalFen: number;
  /** Every reduction other than the coupon (tier discount, points redeemed). */
  discountFen: number;
  /** The coupon used, if any, on its own line: a percent coupon names its percentage. */
  coupon?: { kind: 'amount' | 'percent'; percentOff: number | null; offFen: number } | null;
  totalFen: number;
  memberName: string | null;
  /** The member's phone; the layout prints it masked (138****5678) and never stores it in full. */
  phone: string | null;
  pointsEarned: number;
  pointsRedeemed?: number;
  pointsBalance: number;
  /** The member's signed QR payload (verified by the membership service when scanned). */
  memberQr: string | null;
  purchasedAt: string;
  cashierName?: string | null;
  /** Pulse the cash drawer connected to the printer when this receipt prints (cash payments). */
  openCashDrawer?: boolean;
  /** The purchase id: one receipt per purchase unless reprinted explicitly. */
  sourceRef?: string;
}

/** A printable member card (issue 14): only the masked name and the card code, no other personal data. */
export interface MemberCardData extends StoreHeader {
  /** As maskName gives it: 王** — the card may be lost. */
  maskedName: string;
  /** The long-lived card code (MC1…), printed as QR. */
  cardCode: string;
}

/** The erasure receipt as handed to the member; `cleared` holds the service's data-class keys. */
export interface ErasureReceiptPrintData extends StoreHeader {
  receiptCode: string;
  at: string;
  faceTemplatesDeleted: number;
  cleared: readonly string[];
}
