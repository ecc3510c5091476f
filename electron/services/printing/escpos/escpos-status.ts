/**
 * Real-time status (DLE EOT n). The printer answers each request with one byte, even while offline,
 * whose bits 0 and 7 are 0 and bits 1 and 4 are 1: a byte that breaks that pattern is line noise,
 * which on a serial line almost always means the baud rate is wrong.
 */
export type StatusQuery = 1 | 2 | 3 | 4;

export const DLE = 0x10;
export const EOT = 0x04;

export function statusRequest(n: StatusQuery): Uint8Array {
  return Uint8Array.of(DLE, EOT, n);
}

export function isStatusByte(byte: number): boolean {
  return (byte & 0b1001_0011) === 0b0001_0010;
}

export interface PrinterStatusBits {
  isOnline: boolean;
  isCoverOpen: boolean;
  isPaperOut: boolean;
  isPaperNearEnd: boolean;
  /** Error state: cutter jam, head overheating, etc. */
  hasError: boolean;
}

const bit = (byte: number, n: number) => (byte & (1 << n)) !== 0;

/** n=1 printer status: bit 3 set = offline. */
export function decodePrinterStatus(byte: number): Pick<PrinterStatusBits, 'isOnline'> {
  return { isOnline: !bit(byte, 3) };
}

/** n=2 offline cause: bit 2 cover open, bit 5 stopped for paper end, bit 6 error. */
export function decodeOfflineCause(byte: number): Pick<PrinterStatusBits, 'isCoverOpen' | 'hasError'> & { isStoppedForPaper: boolean } {
  return { isCoverOpen: bit(byte, 2), isStoppedForPaper: bit(byte, 5), hasError: bit(byte, 6) };
}

/** n=3 error cause: bit 3 autocutter, bit 5 unrecoverable, bit 6 auto-recoverable (head temperature). */
export function decodeErrorCause(byte: number): { isCutterError: boolean; isUnrecoverable: boolean; isAutoRecoverable: boolean } {
  return { isCutterError: bit(byte, 3), isUnrecoverable: bit(byte, 5), isAutoRecoverable: bit(byte, 6) };
}

/** n=4 roll paper sensor: bits 2–3 paper near end, bits 5–6 paper end. */
export function decodePaperSensor(byte: number): Pick<PrinterStatusBits, 'isPaperOut' | 'isPaperNearEnd'> {
  return { isPaperNearEnd: bit(byte, 2) || bit(byte, 3), isPaperOut: bit(byte, 5) || bit(byte, 6) };
}

/** Builds the reply bytes a printer in this state would send: used by the fake printers at the hardware edge. */
export function encodeStatusReply(n: StatusQuery, state: PrinterStatusBits): number {
  let b = 0b0001_0010;
  const set = (i: number, on: boolean) => {
    if (on) b |= 1 << i;
  };
  if (n === 1) set(3, !state.isOnline);
  if (n === 2) {
    set(2, state.isCoverOpen);
    set(5, state.isPaperOut);
    set(6, state.hasError);
  }
  if (n === 3) set(6, state.hasError);
  if (n === 4) {
    set(2, state.isPaperNearEnd);
    set(3, state.isPaperNearEnd);
    set(5, state.isPaperOut);
    set(6, state.isPaperOut);
  }
  return b;
}
