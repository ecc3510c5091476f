import { EscPosEncoder } from '../escpos/escpos-encoder.js';
import { displayWidth, normalizeForPrinter, sanitizeForPrinter, truncateToWidth, wrapToWidth, type PrinterEncoding } from '../escpos/text-encoding.js';
import type { DocBlock, PrintDocument } from './print-document.js';

export interface PaperSpec {
  /** Characters per line in font A at normal size: 48 on 80 mm paper, 32 on 58 mm. */
  columns: number;
  /** The printer has an auto-cutter (default). Without one the paper is fed past the tear bar instead of cut. */
  hasCutter?: boolean;
  /** The printer draws QR codes itself, GS ( k (default). Without it a QR block and its caption are left out. */
  hasQr?: boolean;
}

/** Lines fed after the last line on a printer without a cutter, so it can be torn off below the text. */
export const TEAR_OFF_FEED_LINES = 6;

export function columnsForPaper(paperWidthMm: 58 | 80): number {
  return paperWidthMm === 58 ? 32 : 48;
}

/** One line of the on-screen preview: what the paper will show, already wrapped to the paper width. */
export type PreviewLine =
  | { kind: 'text'; text: string; align: 'left' | 'center' | 'right'; scale: 1 | 2; bold: boolean }
  | { kind: 'qr'; data: string }
  | { kind: 'cut' };

/** The lines a block prints, wrapped to the paper (double-size text has half the columns). */
function blockLines(block: DocBlock, columns: number, encoding: PrinterEncoding | null): string[] {
  const clean = (text: string, isUser?: boolean) => {
    const t = normalizeForPrinter(text);
    return isUser && encoding ? sanitizeForPrinter(t, encoding) : t;
  };
  switch (block.type) {
    case 'text': {
      const cols = Math.floor(columns / (block.scale ?? 1));
      return wrapToWidth(clean(block.text, block.isUserText), cols);
    }
    case 'pair': {
      const right = clean(block.right);
      const room = columns - displayWidth(right) - 1;
      const left = clean(block.left, block.isUserText);
      if (displayWidth(left) <= room) return [left + ' '.repeat(columns - displayWidth(left) - displayWidth(right)) + right];
      // A long item name takes its own lines; the price goes right-aligned below it.
      const wrapped = wrapToWidth(left, columns);
      return [...wrapped, ' '.repeat(Math.max(0, columns - displayWidth(right))) + right];
    }
    case 'divider':
      return [(block.char ?? '-').repeat(columns)];
    default:
      return [];
  }
}

export function renderPreview(doc: PrintDocument, paper: PaperSpec): PreviewLine[] {
  const out: PreviewLine[] = [];
  for (const block of doc.blocks) {
    if (block.type === 'qr') {
      if (paper.hasQr === false) continue;
      out.push({ kind: 'qr', data: block.data });
      if (block.caption) out.push({ kind: 'text', text: truncateToWidth(block.caption, paper.columns), align: 'center', scale: 1, bold: false });
      continue;
    }
    if (block.type === 'feed') {
      for (let i = 0; i < block.lines; i++) out.push({ kind: 'text', text: '', align: 'left', scale: 1, bold: false });
      continue;
    }
    if (block.type === 'drawer') continue;
    const align = block.type === 'text' ? (block.align ?? 'left') : 'left';
    const scale = block.type === 'text' ? (block.scale ?? 1) : 1;
    const bold = block.type === 'text' || block.type === 'pair' ? (block.bold ?? false) : false;
    for (const text of blockLines(block, paper.columns, null)) out.push({ kind: 'text', text, align, scale, bold });
  }
  // The end of the ticket: cut, or torn off at the tear bar on a printer without a cutter.
  out.push({ kind: 'cut' });
  return out;
}

/** The bytes for the printer, as far as it can print them. Throws TEXT_NOT_ENCODABLE for fixed text the printer cannot print. */
export function renderEscPos(doc: PrintDocument, paper: PaperSpec, encoding: PrinterEncoding): Uint8Array {
  const enc = new EscPosEncoder(encoding).initialize();
  for (const block of doc.blocks) {
    switch (block.type) {
      case 'qr':
        // A printer without QR support would print the command bytes as garbage: no code, no caption.
        if (paper.hasQr === false) break;
        enc.align('center').qr(block.data);
        enc.line();
        if (block.caption) enc.line(truncateToWidth(block.caption, paper.columns));
        enc.align('left');
        break;
      case 'feed':
        enc.feed(block.lines);
        break;
      case 'drawer':
        enc.pulseDrawer();
        break;
      case 'text': {
        const scale = block.scale ?? 1;
        enc.align(block.align ?? 'left');
        if (scale !== 1) enc.size(scale, scale);
        if (block.bold) enc.bold(true);
        for (const line of blockLines(block, paper.columns, encoding)) enc.line(line);
        if (block.bold) enc.bold(false);
        if (scale !== 1) enc.size(1, 1);
        enc.align('left');
        break;
      }
      default: {
        const bold = block.type === 'pair' && block.bold;
        if (bold) enc.bold(true);
        for (const line of blockLines(block, paper.columns, encoding)) enc.line(line);
        if (bold) enc.bold(false);
      }
    }
  }
  if (paper.hasCutter === false) return enc.feed(TEAR_OFF_FEED_LINES).encode();
  return enc.feed(3).cut().encode();
}
