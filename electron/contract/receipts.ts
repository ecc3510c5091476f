import { z } from 'zod';
import { call } from './define.js';
import { printJobSchema } from './printing.js';

/** Printing what happened at the counter: a check-in ticket at the kiosk, a receipt at the till. */
export const receiptsCalls = {
  /** The member's own ticket after checking in (queue number, greeting, points, streak). Same store day only. */
  'receipts.printCheckinTicket': call(
    z.object({ checkinId: z.string().min(1).max(64) }).strict(),
    z.object({ job: printJobSchema, queueNumber: z.string() }),
  ),
  /** The purchase receipt (items, points earned, balance, masked phone, member QR code). */
  'receipts.printPurchaseReceipt': call(
    z.object({ purchaseId: z.string().min(1).max(64), openCashDrawer: z.boolean().default(false) }).strict(),
    z.object({ job: printJobSchema }),
    'staff',
  ),
  /** A member card: store name, masked name and the long-lived card code as QR (issue 14). Audited. */
  'receipts.printMemberCard': call(z.object({ memberId: z.string().min(1).max(64) }).strict(), z.object({ job: printJobSchema }), 'staff'),
  /** The erased member's erasure receipt, in words (no column names). Audited. */
  'receipts.printErasureReceipt': call(z.object({ memberId: z.string().min(1).max(64) }).strict(), z.object({ job: printJobSchema }), 'staff'),
};
