import type { Align } from '../escpos/escpos-encoder.js';

/**
 * A receipt as structured blocks, independent of the printer: the queue stores it (JSON), the preview
 * renders it as text lines for the UI, and the ESC/POS renderer turns it into bytes at print time with
 * the printer's current encoding and paper width.
 */
export type DocBlock =
  | {
      type: 'text';
      text: string;
      align?: Align;
      /** Magnification 1 or 2: double-size text for queue numbers and totals. */
      scale?: 1 | 2;
      bold?: boolean;
      /** Member- or staff-supplied text (names, item names): unprintable characters become '?' instead of failing the job. */
      isUserText?: boolean;
    }
  /** A left label and a right value on one line (item and price). */
  | { type: 'pair'; left: string; right: string; bold?: boolean; isUserText?: boolean }
  | { type: 'divider'; char?: '-' | '=' }
  | { type: 'qr'; data: string; caption?: string }
  | { type: 'feed'; lines: number }
  | { type: 'drawer' };

export type DocumentKind = 'check-in-ticket' | 'purchase-receipt' | 'test-page' | 'member-card' | 'erasure-receipt';

export interface PrintDocument {
  kind: DocumentKind;
  /** Short human title for the cashier's job list, e.g. "Ticket A012" — never a full phone number. */
  title: string;
  locale: 'zh-CN' | 'zh-TW' | 'en';
  blocks: DocBlock[];
}
