import { decodeText, type PrinterEncoding } from './text-encoding.js';
import type { StatusQuery } from './escpos-status.js';

/**
 * Turns ESC/POS bytes back into what a printer would do with them. Used by the fake printers in
 * tests (at the hardware edge) and by diagnostics. It knows the lengths of the commands our
 * encoder emits plus the common ones other software sends; an unknown command is reported, not guessed.
 * Incremental: bytes can arrive in any chunking, an incomplete command waits for the rest.
 */
export type DecodedOp =
  | { op: 'init' }
  | { op: 'text'; text: string }
  | { op: 'newline' }
  | { op: 'feed'; lines: number }
  | { op: 'align'; align: 'left' | 'center' | 'right' }
  | { op: 'size'; width: number; height: number }
  | { op: 'bold'; on: boolean }
  | { op: 'qr-store'; data: string }
  | { op: 'qr-print' }
  | { op: 'qr-setting'; fn: number; value: number }
  | { op: 'cut'; partial: boolean }
  | { op: 'drawer'; pin: 2 | 5 }
  | { op: 'status-request'; n: StatusQuery }
  | { op: 'cjk-mode'; on: boolean }
  | { op: 'other'; bytes: number[] }
  | { op: 'unknown'; byte: number };

export class EscPosStreamDecoder {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly encoding: PrinterEncoding) {}

  push(chunk: Uint8Array): DecodedOp[] {
    this.pending = this.pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.pending, chunk]);
    const ops: DecodedOp[] = [];
    let i = 0;
    const buf = this.pending;
    while (i < buf.length) {
      const b = buf[i] as number;
      if (b >= 0x20) {
        let j = i;
        // Multi-byte GB18030/Big5 sequences never contain bytes below 0x20, so a control byte ends the text run.
        while (j < buf.length && (buf[j] as number) >= 0x20) j++;
        if (j === buf.length && !this.textRunMayEndHere(buf.subarray(i, j))) break;
        ops.push({ op: 'text', text: decodeText(buf.subarray(i, j), this.encoding) });
        i = j;
        continue;
      }
      const len = commandLength(buf, i);
      if (len === 'incomplete') break;
      ops.push(decodeCommand(buf, i, len));
      i += len;
    }
    this.pending = buf.subarray(i);
    return ops;
  }

  /** A text run cut in the middle of a multi-byte character must wait for its second half. */
  private textRunMayEndHere(run: Buffer): boolean {
    let k = 0;
    while (k < run.length) {
      const b = run[k] as number;
      if (b < 0x80) {
        k += 1;
        continue;
      }
      if (this.encoding === 'gb18030' && k + 1 < run.length) {
        const b2 = run[k + 1] as number;
        k += b2 >= 0x30 && b2 <= 0x39 ? 4 : 2;
      } else k += 2;
    }
    return k === run.length;
  }

  /** Bytes that never formed a complete command (a truncated job). */
  leftover(): number {
    return this.pending.length;
  }
}

type Len = number | 'incomplete';

function commandLength(buf: Buffer, i: number): Len {
  const b = buf[i] as number;
  const need = (n: number): Len => (i + n <= buf.length ? n : 'incomplete');
  const at = (k: number) => buf[i + k];
  switch (b) {
    case 0x0a:
    case 0x0d:
    case 0x09:
      return 1;
    case 0x10: // DLE EOT n / DLE DC4 …
      if (i + 1 >= buf.length) return 'incomplete';
      if (at(1) === 0x04 || at(1) === 0x05) return need(3);
      if (at(1) === 0x14) return need(5);
      return 1;
    case 0x1b: {
      if (i + 1 >= buf.length) return 'incomplete';
      const c = at(1) as number;
      if (c === 0x40 || c === 0x32 || c === 0x3c) return 2;
      if (c === 0x70) return need(5);
      if ([0x61, 0x45, 0x64, 0x21, 0x74, 0x33, 0x4d, 0x2d, 0x47, 0x4a, 0x52, 0x7b, 0x20, 0x56, 0x63].includes(c)) return need(3);
      return 2;
    }
    case 0x1d: {
      if (i + 1 >= buf.length) return 'incomplete';
      const c = at(1) as number;
      if (c === 0x28) {
        if (i + 4 >= buf.length) return 'incomplete';
        const dataLen = (at(3) as number) + (at(4) as number) * 256;
        return need(5 + dataLen);
      }
      if (c === 0x56) {
        if (i + 2 >= buf.length) return 'incomplete';
        const m = at(2) as number;
        return m === 65 || m === 66 || m === 97 || m === 98 ? need(4) : need(3);
      }
      if ([0x21, 0x42, 0x48, 0x66, 0x68, 0x77, 0x49, 0x72, 0x61, 0x62].includes(c)) return need(3);
      return 2;
    }
    case 0x1c: {
      if (i + 1 >= buf.length) return 'incomplete';
      const c = at(1) as number;
      if (c === 0x26 || c === 0x2e) return 2;
      if (c === 0x21 || c === 0x43 || c === 0x57) return need(3);
      return 2;
    }
    default:
      return 1;
  }
}

function decodeCommand(buf: Buffer, i: number, len: number): DecodedOp {
  const bytes = [...buf.subarray(i, i + len)];
  const [b0, b1, b2, b3] = bytes as [number, number?, number?, number?];
  if (b0 === 0x0a) return { op: 'newline' };
  if (b0 === 0x10 && b1 === 0x04 && b2 !== undefined && b2 >= 1 && b2 <= 4) return { op: 'status-request', n: b2 as StatusQuery };
  if (b0 === 0x1b) {
    if (b1 === 0x40) return { op: 'init' };
    if (b1 === 0x61) return { op: 'align', align: b2 === 1 || b2 === 49 ? 'center' : b2 === 2 || b2 === 50 ? 'right' : 'left' };
    if (b1 === 0x45) return { op: 'bold', on: ((b2 ?? 0) & 1) === 1 };
    if (b1 === 0x64) return { op: 'feed', lines: b2 ?? 0 };
    if (b1 === 0x70) return { op: 'drawer', pin: b2 === 1 || b2 === 49 ? 5 : 2 };
  }
  if (b0 === 0x1d) {
    if (b1 === 0x21) return { op: 'size', width: ((b2 ?? 0) >> 4) + 1, height: ((b2 ?? 0) & 0x0f) + 1 };
    if (b1 === 0x56) return { op: 'cut', partial: b2 === 1 || b2 === 49 || b2 === 66 || b2 === 98 };
    if (b1 === 0x28 && bytes[2] === 0x6b && bytes[5] === 0x31) {
      const fn = bytes[6] as number;
      if (fn === 0x50) return { op: 'qr-store', data: Buffer.from(bytes.slice(8)).toString('latin1') };
      if (fn === 0x51) return { op: 'qr-print' };
      return { op: 'qr-setting', fn, value: bytes[7] ?? 0 };
    }
  }
  if (b0 === 0x1c && (b1 === 0x26 || b1 === 0x2e)) return { op: 'cjk-mode', on: b1 === 0x26 };
  if (len === 1 && b0 !== 0x0d && b0 !== 0x09) return { op: 'unknown', byte: b0 };
  void b3;
  return { op: 'other', bytes };
}

/** What came out of the printer, as a person reading the paper (and a scanner reading the QR) would see it. */
export interface PrintedReceipt {
  lines: string[];
  qrPayloads: string[];
  isCut: boolean;
  drawerPulses: number;
}

/** Splits an op stream into receipts at each cut; text between cuts becomes lines. */
export function opsToReceipts(ops: readonly DecodedOp[]): { receipts: PrintedReceipt[]; trailing: PrintedReceipt } {
  const receipts: PrintedReceipt[] = [];
  let current = emptyReceipt();
  let line = '';
  let pendingQr: string | null = null;
  const flushLine = () => {
    current.lines.push(line);
    line = '';
  };
  for (const op of ops) {
    switch (op.op) {
      case 'text':
        line += op.text;
        break;
      case 'newline':
        flushLine();
        break;
      case 'feed':
        if (line !== '') flushLine();
        break;
      case 'qr-store':
        pendingQr = op.data;
        break;
      case 'qr-print':
        if (pendingQr !== null) current.qrPayloads.push(pendingQr);
        break;
      case 'drawer':
        current.drawerPulses += 1;
        break;
      case 'cut':
        if (line !== '') flushLine();
        current.isCut = true;
        receipts.push(current);
        current = emptyReceipt();
        break;
      default:
        break;
    }
  }
  if (line !== '') current.lines.push(line);
  return { receipts, trailing: current };
}

function emptyReceipt(): PrintedReceipt {
  return { lines: [], qrPayloads: [], isCut: false, drawerPulses: 0 };
}
