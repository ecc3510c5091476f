import type { receiptsCalls } from '../../contract/receipts.js';
import type { DomainHandlers, ServiceContext } from '../../core/service-context.js';
import type { DevicesRuntime } from '../devices/devices-runtime.js';
import type { MembershipApi } from '../membership/membership-api.js';
import { audit } from '../audit/audit-log.js';
import { erasureReceiptLayout, memberCardLayout } from '../printing/layouts/member-document-layouts.js';
import { checkinTicketData, erasureReceiptPrintData, memberCardData, purchaseReceiptData } from './receipt-documents.js';

export interface ReceiptsDeps {
  devices: DevicesRuntime;
  membershipApi: MembershipApi;
}

export function createReceiptsHandlers(ctx: ServiceContext, deps: ReceiptsDeps): DomainHandlers<keyof typeof receiptsCalls> {
  const printing = deps.devices.printing;
  return {
    'receipts.printCheckinTicket': (args) => {
      const data = checkinTicketData(ctx, args.checkinId);
      return { job: printing.enqueueCheckInTicket(data), queueNumber: data.queueNumber };
    },
    'receipts.printPurchaseReceipt': (args, call) => {
      const data = purchaseReceiptData(ctx, args.purchaseId, {
        // The long-lived card code: a receipt's QR works at the next visit (the 300 s phone code did not).
        memberQr: (memberId) => deps.membershipApi.memberCardCode(memberId),
        cashierName: call.session?.displayName ?? null,
        openCashDrawer: args.openCashDrawer,
      });
      return { job: printing.enqueuePurchaseReceipt(data) };
    },
    'receipts.printMemberCard': (args, call) => {
      const data = memberCardData(ctx, args.memberId, (id) => deps.membershipApi.memberCardCode(id));
      // Queued and audited together: a card printed for a member is a staff action on their data.
      return ctx.db.transaction(() => {
        const job = printing.enqueue(memberCardLayout(data), { sourceRef: null, expiresAt: null });
        audit(ctx.db, ctx.clock.now(), call.session, 'member.card_printed', args.memberId, { jobId: job.id });
        return { job };
      })();
    },
    'receipts.printErasureReceipt': (args, call) => {
      const { receiptId, ...data } = erasureReceiptPrintData(ctx, args.memberId);
      return ctx.db.transaction(() => {
        // One original per erasure; further copies go through printing.reprint (marked as such).
        const job = printing.enqueue(erasureReceiptLayout(data), { sourceRef: `erasure:${receiptId}`, expiresAt: null });
        audit(ctx.db, ctx.clock.now(), call.session, 'member.erasure_receipt_printed', args.memberId, { jobId: job.id, receiptId });
        return { job };
      })();
    },
  };
}
