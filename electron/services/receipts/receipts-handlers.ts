import type { receiptsCalls } from '../../contract/receipts.js';
import type { DomainHandlers, ServiceContext } from '../../core/service-context.js';
import type { DevicesRuntime } from '../devices/devices-runtime.js';
import type { MembershipApi } from '../membership/membership-api.js';
import { checkinTicketData, purchaseReceiptData } from './receipt-documents.js';

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
  };
}
