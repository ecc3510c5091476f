import iconv from 'iconv-lite';
import { AppError } from '../../../contract/result.js';

/** The code pages Chinese receipt printers understand. Printers have no UTF-8. */
export type PrinterEncoding = 'gb18030' | 'big5';

export interface UnencodableChar {
  char: string;
  codePoint: string;
  index: number;
}

/**
 * Characters a printer font can draw in the given encoding.
 * GB18030 maps every Unicode code point, but printer fonts only carry the one- and two-byte (GBK) range:
 * a four-byte sequence (emoji, rare CJK extensions) prints as garbage, so it counts as not encodable.
 * C0 control characters other than newline are refused: inside text they would be printer commands
 * (a member name containing ESC could otherwise cut the paper or open the drawer).
 */
export function findUnencodable(text: string, encoding: PrinterEncoding): UnencodableChar[] {
  const bad: UnencodableChar[] = [];
  let index = 0;
  for (const char of normalizeForPrinter(text)) {
    if (!isPrintable(char, encoding)) {
      bad.push({ char, codePoint: `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`, index });
    }
    index += 1;
  }
  return bad;
}

function isPrintable(char: string, encoding: PrinterEncoding): boolean {
  const cp = char.codePointAt(0) ?? 0;
  if (char === '\n') return true;
  if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0)) return false;
  if (cp < 0x80) return true;
  const bytes = iconv.encode(char, encoding);
  if (encoding === 'gb18030') return bytes.length <= 2;
  // Big5 has no four-byte form; iconv-lite substitutes '?' for what it cannot map.
  return !(bytes.length === 1 && bytes[0] === 0x3f);
}

/** Encodes text for the printer, or throws TEXT_NOT_ENCODABLE naming the characters. */
export function encodeText(text: string, encoding: PrinterEncoding): Buffer {
  const bad = findUnencodable(text, encoding);
  if (bad.length > 0) {
    const list = bad
      .slice(0, 5)
      .map((b) => `${b.codePoint}`)
      .join(', ');
    throw new AppError('TEXT_NOT_ENCODABLE', `Text contains ${bad.length} character(s) the printer cannot print in ${encoding.toUpperCase()}: ${list}`, {
      details: { encoding, characters: bad.slice(0, 20).map((b) => b.codePoint) },
    });
  }
  return iconv.encode(normalizeForPrinter(text), encoding);
}

/**
 * Characters with a printable twin in the printer's font. The yen/yuan sign U+00A5 is a four-byte
 * sequence in GB18030 and absent from Big5, while the full-width ￥ (U+FFE5) is in both fonts.
 */
const PRINTER_SUBSTITUTES: Record<string, string> = { '\u00a5': '\uffe5' };

export function normalizeForPrinter(text: string): string {
  return text.replace(/\u00a5/g, (c) => PRINTER_SUBSTITUTES[c] ?? c);
}

/** Replaces what the printer cannot print with a substitute: for member-supplied text such as names. */
export function sanitizeForPrinter(text: string, encoding: PrinterEncoding, substitute = '?'): string {
  let out = '';
  for (const char of normalizeForPrinter(text)) out += isPrintable(char, encoding) && char !== '\n' ? char : substitute;
  return out;
}

export function decodeText(bytes: Uint8Array, encoding: PrinterEncoding): string {
  return iconv.decode(Buffer.from(bytes), encoding);
}

/**
 * Columns a string takes on a receipt printer: CJK and other wide characters take two
 * (the printer's Chinese font is twice as wide as its ASCII font).
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += isWide(char.codePointAt(0) ?? 0) ? 2 : 1;
  return width;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd) ||
    // GB2312 renders these punctuation marks and symbols from its double-width font.
    cp === 0x00a5 || cp === 0x2014 || cp === 0x2026 || cp === 0x00b7 ||
    (cp >= 0x2018 && cp <= 0x201d)
  );
}

/** Cuts text to at most `columns` display columns. */
export function truncateToWidth(text: string, columns: number): string {
  let out = '';
  let width = 0;
  for (const char of text) {
    const w = displayWidth(char);
    if (width + w > columns) break;
    out += char;
    width += w;
  }
  return out;
}

/** Splits text into lines of at most `columns` display columns (no word hyphenation: receipts are short). */
export function wrapToWidth(text: string, columns: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let width = 0;
    for (const char of paragraph) {
      const w = displayWidth(char);
      if (width + w > columns && line !== '') {
        lines.push(line);
        line = '';
        width = 0;
      }
      line += char;
      width += w;
    }
    lines.push(line);
  }
  return lines;
}
