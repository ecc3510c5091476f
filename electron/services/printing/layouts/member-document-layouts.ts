import type { DocBlock, PrintDocument } from './print-document.js';
import type { ErasureReceiptPrintData, MemberCardData } from './layout-types.js';
import { memberDocumentStrings } from './member-document-strings.js';
import { formatLocalTime } from './receipt-layouts.js';

/**
 * The printable member card: store name, the member's masked name and the long-lived card code as QR.
 * Nothing else personal goes on paper that may be lost (no phone, points or tier).
 */
export function memberCardLayout(data: MemberCardData): PrintDocument {
  const s = memberDocumentStrings(data.locale);
  const blocks: DocBlock[] = [
    { type: 'text', text: data.storeName, align: 'center', bold: true, scale: 2, isUserText: true },
    { type: 'text', text: s.cardTitle, align: 'center', bold: true },
    { type: 'divider' },
    { type: 'pair', left: s.cardMember, right: data.maskedName, isUserText: true },
    { type: 'feed', lines: 1 },
    { type: 'qr', data: data.cardCode, caption: s.cardCaption },
    { type: 'feed', lines: 1 },
    { type: 'text', text: s.cardHint, align: 'center' },
  ];
  return { kind: 'member-card', title: `${s.cardTitle} ${data.maskedName}`, locale: data.locale, blocks };
}

/** The erasure receipt handed to the member: what was erased, in words, never column names. */
export function erasureReceiptLayout(data: ErasureReceiptPrintData): PrintDocument {
  const s = memberDocumentStrings(data.locale);
  const names = [...new Set(data.cleared.map((key) => s.dataClasses[key] ?? s.otherData))];
  const blocks: DocBlock[] = [
    { type: 'text', text: data.storeName, align: 'center', bold: true, isUserText: true },
    { type: 'text', text: s.erasureTitle, align: 'center', bold: true, scale: 2 },
    { type: 'divider' },
    { type: 'pair', left: s.erasureCode, right: data.receiptCode },
    { type: 'pair', left: s.erasureTime, right: formatLocalTime(data.at, data.timeZone) },
    { type: 'pair', left: s.erasureFaceTemplates, right: String(data.faceTemplatesDeleted) },
    { type: 'divider' },
    { type: 'text', text: s.erasureCleared, bold: true },
    ...names.map((name): DocBlock => ({ type: 'text', text: `- ${name}` })),
    { type: 'divider' },
    { type: 'text', text: s.erasureKept },
  ];
  return { kind: 'erasure-receipt', title: `${s.erasureTitle} ${data.receiptCode}`, locale: data.locale, blocks };
}
