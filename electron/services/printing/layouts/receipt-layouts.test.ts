import { describe, expect, it } from 'vitest';
import { EscPosStreamDecoder, opsToReceipts } from '../escpos/escpos-decoder.js';
import { columnsForPaper, renderEscPos, renderPreview } from './render-document.js';
import { checkInTicketLayout, formatFen, formatLocalTime, markAsReprint, purchaseReceiptLayout } from './receipt-layouts.js';
import type { CheckInTicketData, PurchaseReceiptData } from './layout-types.js';

const ticket: CheckInTicketData = {
  storeName: '信義店',
  timeZone: 'Asia/Taipei',
  locale: 'zh-TW',
  queueNumber: 'C021',
  memberName: '林小姐',
  tierName: '白金',
  pointsEarned: 10,
  pointsBalance: 880,
  streakDays: 1,
  isBirthdayMonth: true,
  checkedInAt: '2026-11-22T15:59:00.000Z',
};

const receipt: PurchaseReceiptData = {
  storeName: 'Demo Store',
  timeZone: 'Asia/Shanghai',
  locale: 'en',
  receiptNo: 'R-1',
  items: [{ name: 'Iced americano with an extra shot and oat milk', quantity: 1, amountFen: 3200 }],
  subtotalFen: 3200,
  discountFen: 0,
  totalFen: 3200,
  memberName: null,
  phone: null,
  pointsEarned: 0,
  pointsBalance: 0,
  memberQr: null,
  purchasedAt: '2026-11-22T01:05:00.000Z',
};

function printed(bytes: Uint8Array, encoding: 'gb18030' | 'big5') {
  const dec = new EscPosStreamDecoder(encoding);
  return opsToReceipts(dec.push(bytes)).receipts;
}

describe('money and time formatting', () => {
  it('formats integer fen as yuan and refuses fractions', () => {
    expect(formatFen(1234)).toBe('¥12.34');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(-500)).toBe('-¥5.00');
    expect(() => formatFen(12.5)).toThrow(/integer/);
  });
  it('shows UTC timestamps in the store time zone', () => {
    expect(formatLocalTime('2026-11-22T15:59:00.000Z', 'Asia/Taipei')).toBe('2026-11-22 23:59');
    expect(formatLocalTime('2026-11-22T16:00:00.000Z', 'Asia/Shanghai')).toBe('2026-11-23 00:00');
  });
});

describe('layouts', () => {
  it('prints a Traditional Chinese ticket in Big5 on 58 mm paper', () => {
    const doc = checkInTicketLayout(ticket);
    const [paper] = printed(renderEscPos(doc, { columns: columnsForPaper(58) }, 'big5'), 'big5');
    expect(paper?.lines).toEqual(
      expect.arrayContaining(['信義店', '簽到小票', '排隊號', 'C021', '歡迎光臨，林小姐！', '已連續簽到 1 天', '生日快樂！本月享生日禮遇', '2026-11-22 23:59']),
    );
    expect(paper?.lines.find((l) => l.startsWith('點數餘額'))).toMatch(/^點數餘額 +880$/);
    expect(paper?.isCut).toBe(true);
  });

  it('prints a guest ticket without member lines', () => {
    const doc = checkInTicketLayout({ ...ticket, locale: 'zh-CN', storeName: '示例门店', memberName: null });
    const lines = renderPreview(doc, { columns: 48 }).flatMap((l) => (l.kind === 'text' ? [l.text] : []));
    expect(lines).toContain('欢迎光临！');
    expect(lines.some((l) => l.includes('积分'))).toBe(false);
  });

  it('wraps a long English item name and keeps the price right-aligned, without member or QR parts', () => {
    const doc = purchaseReceiptLayout(receipt);
    const preview = renderPreview(doc, { columns: 32 });
    const lines = preview.flatMap((l) => (l.kind === 'text' ? [l.text] : []));
    expect(lines).toContain('Iced americano with an extra sho');
    expect(lines).toContain(`${' '.repeat(25)}￥32.00`); // ￥ is double width, as printed
    expect(preview.some((l) => l.kind === 'qr')).toBe(false);
    expect(lines.some((l) => l.startsWith('Phone'))).toBe(false);
    expect(lines.every((l) => l.length <= 32)).toBe(true);
  });

  it('pulses the cash drawer only when asked', () => {
    const withDrawer = printed(renderEscPos(purchaseReceiptLayout({ ...receipt, openCashDrawer: true }), { columns: 48 }, 'gb18030'), 'gb18030');
    const without = printed(renderEscPos(purchaseReceiptLayout(receipt), { columns: 48 }, 'gb18030'), 'gb18030');
    expect(withDrawer[0]?.drawerPulses).toBe(1);
    expect(without[0]?.drawerPulses).toBe(0);
  });

  it('marks reprints at the top and bottom', () => {
    const doc = markAsReprint(purchaseReceiptLayout(receipt));
    const texts = renderPreview(doc, { columns: 48 }).flatMap((l) => (l.kind === 'text' ? [l.text] : []));
    expect(texts[0]).toBe('*** REPRINT ***');
    expect(texts.at(-1)).toBe('*** REPRINT ***');
    expect(doc.title).toBe('RECEIPT R-1 (REPRINT)');
  });

  it('a reprint never opens the cash drawer again', () => {
    const original = purchaseReceiptLayout({ ...receipt, openCashDrawer: true });
    const copy = printed(renderEscPos(markAsReprint(original), { columns: 48 }, 'gb18030'), 'gb18030');
    expect(copy[0]?.drawerPulses).toBe(0);
    expect(copy[0]?.isCut).toBe(true);
  });
});
