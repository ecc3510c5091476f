import { EscPosStreamDecoder, opsToReceipts, type DecodedOp, type PrintedReceipt } from '../../../electron/services/printing/escpos/escpos-decoder.js';
import { encodeStatusReply, type PrinterStatusBits } from '../../../electron/services/printing/escpos/escpos-status.js';
import type { PrinterEncoding } from '../../../electron/services/printing/escpos/text-encoding.js';

/**
 * The printer mechanism at the far end of a real channel (TCP socket or pty): what a receipt printer's
 * firmware does with the bytes. Answers DLE EOT like a printer, and "prints" (keeps) data only while it
 * could really print; while offline / out of paper / cover open, data is lost as on a printer whose buffer
 * is cleared by the recovery. Faults: silent (never answers), garbled (answers noise, as after a baud mismatch).
 */
export interface FakePrinterState extends PrinterStatusBits {
  /** Never answers anything (a dead or wrong device). */
  isSilent: boolean;
  /** Answers status requests with line noise, as a printer set to another baud rate appears. */
  isGarbled: boolean;
}

export class FakePrinterDevice {
  state: FakePrinterState = {
    isOnline: true,
    isCoverOpen: false,
    isPaperOut: false,
    isPaperNearEnd: false,
    hasError: false,
    isSilent: false,
    isGarbled: false,
  };
  readonly received: Buffer[] = [];
  readonly printedOps: DecodedOp[] = [];
  lostBytes = 0;
  statusRequests = 0;
  private readonly decoder: EscPosStreamDecoder;

  constructor(encoding: PrinterEncoding = 'gb18030') {
    this.decoder = new EscPosStreamDecoder(encoding);
  }

  set(patch: Partial<FakePrinterState>): void {
    this.state = { ...this.state, ...patch };
    // Paper out or cover open takes a real printer offline.
    this.state.isOnline = patch.isOnline ?? !(this.state.isPaperOut || this.state.isCoverOpen);
  }

  get canPrint(): boolean {
    return this.state.isOnline && !this.state.isPaperOut && !this.state.isCoverOpen && !this.state.hasError;
  }

  /** Feeds bytes from the host; returns the bytes the printer sends back. */
  accept(chunk: Buffer): Buffer {
    this.received.push(Buffer.from(chunk));
    const replies: number[] = [];
    for (const op of this.decoder.push(chunk)) {
      if (op.op === 'status-request') {
        this.statusRequests += 1;
        if (this.state.isSilent) continue;
        replies.push(this.state.isGarbled ? 0xff : encodeStatusReply(op.n, this.state));
        continue;
      }
      if (this.canPrint) this.printedOps.push(op);
      else this.lostBytes += 1;
    }
    return Buffer.from(replies);
  }

  /** Complete receipts (ended by a cut) as a person would read them off the paper. */
  receipts(): PrintedReceipt[] {
    return opsToReceipts(this.printedOps).receipts;
  }
}
