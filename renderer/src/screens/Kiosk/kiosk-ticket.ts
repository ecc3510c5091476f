import type { Envelope, EventPayload, ResultOf } from '../../../../electron/contract/index.js';
import type { TicketOffer, TicketStatus } from '../../components/kiosk/kiosk-types.js';

type PrintJob = EventPayload<'printing.jobUpdated'>;
type PrinterState = EventPayload<'printing.status'>['printer']['state'];

export function ticketOffer(printer: { state: PrinterState; isReady: boolean } | null): TicketOffer {
  if (!printer) return { kind: 'unknown' };
  if (printer.state === 'not-configured') return { kind: 'none' };
  // Paper near its end still prints; anything else would leave the member waiting at the kiosk.
  if (printer.isReady || printer.state === 'ready' || printer.state === 'paper-near-end') return { kind: 'available' };
  return { kind: 'blocked', state: printer.state };
}

/** The answer of receipts.printCheckinTicket, as the ticket's state on screen. */
export function ticketFromPrintResult(envelope: Envelope<ResultOf<'receipts.printCheckinTicket'>>): TicketStatus {
  if (!envelope.ok) {
    if (envelope.error.code === 'PRINTER_NOT_CONFIGURED') return { status: 'no-printer' };
    if (envelope.error.code === 'CHECKIN_NOT_TODAY') return { status: 'not-today' };
    return { status: 'failed', queueNumber: null, code: envelope.error.code };
  }
  const { job, queueNumber } = envelope.value;
  return ticketAfterJobUpdate({ status: 'queued', jobId: job.id, queueNumber, isPrinting: false }, job);
}

/** A print job changed: only the job of this member's ticket moves the ticket on; a printed ticket stays printed. */
export function ticketAfterJobUpdate(ticket: TicketStatus, job: Pick<PrintJob, 'id' | 'state' | 'errorCode'>): TicketStatus {
  if (ticket.status !== 'queued' || ticket.jobId !== job.id) return ticket;
  switch (job.state) {
    case 'printed':
      return { status: 'printed', jobId: job.id, queueNumber: ticket.queueNumber };
    case 'failed':
      return { status: 'failed', queueNumber: ticket.queueNumber, code: job.errorCode ?? 'PRINT_FAILED' };
    case 'printing':
      return { ...ticket, isPrinting: true };
    case 'queued':
      return { ...ticket, isPrinting: false };
  }
}
