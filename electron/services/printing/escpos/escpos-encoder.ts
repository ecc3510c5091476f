import { AppError } from '../../../contract/result.js';
import { encodeText, type PrinterEncoding } from './text-encoding.js';

/**
 * A small ESC/POS command builder. We write our own rather than use an npm encoder: the maintained
 * ones (esc-pos-encoder / @point-of-sale/receipt-printer-encoder) map text to single-byte code pages
 * and have no double-byte GB18030/Big5 text mode; the forks that add Chinese are unmaintained.
 * The command set we need is small and documented in Epson's ESC/POS reference.
 */
export type Align = 'left' | 'center' | 'right';
export type QrErrorLevel = 'L' | 'M' | 'Q' | 'H';

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const LF = 0x0a;

/** GS ( k stores at most 7089 bytes; printers with little memory fail well before, so we keep to a sane limit. */
export const QR_MAX_BYTES = 700;

export class EscPosEncoder {
  private readonly chunks: Uint8Array[] = [];

  constructor(private readonly encoding: PrinterEncoding) {}

  private push(...bytes: number[]): this {
    this.chunks.push(Uint8Array.from(bytes));
    return this;
  }

  /** ESC @ resets the printer; FS & switches a Chinese-firmware printer to its double-byte character mode. */
  initialize(): this {
    return this.push(ESC, 0x40, FS, 0x26);
  }

  align(align: Align): this {
    return this.push(ESC, 0x61, align === 'left' ? 0 : align === 'center' ? 1 : 2);
  }

  /** Character magnification 1–8 in each direction (GS !). */
  size(width: number, height: number): this {
    const w = clampInt(width, 1, 8) - 1;
    const h = clampInt(height, 1, 8) - 1;
    return this.push(GS, 0x21, (w << 4) | h);
  }

  bold(on: boolean): this {
    return this.push(ESC, 0x45, on ? 1 : 0);
  }

  /** Text in the printer's code page; throws TEXT_NOT_ENCODABLE for anything it cannot print. */
  text(text: string): this {
    this.chunks.push(encodeText(text, this.encoding));
    return this;
  }

  line(text = ''): this {
    if (text !== '') this.text(text);
    return this.push(LF);
  }

  /** ESC d n: print and feed n lines. */
  feed(lines = 1): this {
    return this.push(ESC, 0x64, clampInt(lines, 0, 255));
  }

  /**
   * QR code through GS ( k: select model 2, module size, error correction, store data, print.
   * The payload is ASCII (member codes and URLs); anything else is refused so what we print is what the
   * scanner reads back.
   */
  qr(data: string, options: { moduleSize?: number; errorLevel?: QrErrorLevel } = {}): this {
    if (data.length === 0) throw new AppError('QR_PAYLOAD_INVALID', 'A QR code needs a payload');
    // eslint-disable-next-line no-control-regex
    if (!/^[\x20-\x7e]*$/.test(data)) throw new AppError('QR_PAYLOAD_INVALID', 'A QR payload must be printable ASCII');
    const bytes = Buffer.from(data, 'ascii');
    if (bytes.length > QR_MAX_BYTES) throw new AppError('QR_PAYLOAD_INVALID', `A QR payload is limited to ${QR_MAX_BYTES} bytes`);
    const moduleSize = clampInt(options.moduleSize ?? 6, 1, 16);
    const level = { L: 48, M: 49, Q: 50, H: 51 }[options.errorLevel ?? 'M'];
    const storeLen = bytes.length + 3;
    this.push(GS, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0); // fn 165: model 2
    this.push(GS, 0x28, 0x6b, 3, 0, 0x31, 0x43, moduleSize); // fn 167: module size
    this.push(GS, 0x28, 0x6b, 3, 0, 0x31, 0x45, level); // fn 169: error correction
    this.push(GS, 0x28, 0x6b, storeLen & 0xff, storeLen >> 8, 0x31, 0x50, 0x30); // fn 180: store
    this.chunks.push(bytes);
    return this.push(GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30); // fn 181: print
  }

  /** GS V 66 n: feed n dots past the cutter, then a partial cut (full cuts jam cheap cutters). */
  cut(feedDots = 48): this {
    return this.push(GS, 0x56, 66, clampInt(feedDots, 0, 255));
  }

  /** ESC p m t1 t2: pulse the cash drawer kick-out connector (pin 2 or 5), 50 ms on, 500 ms off. */
  pulseDrawer(pin: 2 | 5 = 2): this {
    return this.push(ESC, 0x70, pin === 2 ? 0 : 1, 25, 250);
  }

  raw(bytes: Uint8Array): this {
    this.chunks.push(bytes);
    return this;
  }

  encode(): Uint8Array {
    return Buffer.concat(this.chunks);
  }
}

function clampInt(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(n)));
}
