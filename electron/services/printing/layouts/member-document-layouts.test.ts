import { describe, expect, it } from 'vitest';
import { EscPosStreamDecoder, opsToReceipts } from '../escpos/escpos-decoder.js';
import { columnsForPaper, renderEscPos } from './render-document.js';
import { erasureReceiptLayout, memberCardLayout } from './member-document-layouts.js';
import type { ErasureReceiptPrintData, MemberCardData } from './layout-types.js';

function printed(bytes: Uint8Array, encoding: 'gb18030' | 'big5') {
  return opsToReceipts(new EscPosStreamDecoder(encoding).push(bytes)).receipts;
}

const card: MemberCardData = {
  storeName: '示例门店',
  timeZone: 'Asia/Shanghai',
  locale: 'zh-CN',
  maskedName: '王**',
  cardCode: 'MC1.abcdefghijklmnop.1.SIGNATURE_0123456789',
};

const erasure: ErasureReceiptPrintData = {
  storeName: '信義店',
  timeZone: 'Asia/Taipei',
  locale: 'zh-TW',
  receiptCode: 'ER-0A1B2C3D4E',
  at: '2026-11-22T15:59:00.000Z',
  faceTemplatesDeleted: 3,
  cleared: ['name', 'phone', 'followup_notes', 'face_templates', 'some_future_column'],
};

describe('member card layout', () => {
  it('prints the store, the masked name and the card code as QR in GB18030, and cuts', () => {
    const [paper, ...rest] = printed(renderEscPos(memberCardLayout(card), { columns: columnsForPaper(80) }, 'gb18030'), 'gb18030');
    expect(rest).toHaveLength(0);
    expect(paper?.qrPayloads).toEqual([card.cardCode]);
    expect(paper?.lines).toEqual(expect.arrayContaining(['示例门店', '会员卡', '会员卡码（出示即可签到）']));
    expect(paper?.lines.find((l) => l.endsWith('王**'))).toMatch(/^会员 +王\*\*$/);
    expect(paper?.isCut).toBe(true);
  });

  it('carries no other personal data than the masked name', () => {
    const doc = memberCardLayout({ ...card, locale: 'en' });
    const text = JSON.stringify(doc.blocks);
    expect(text).not.toMatch(/\d{3}\*{4}\d{4}|Points|Tier|Phone/);
    expect(doc.title).toBe('MEMBER CARD 王**');
  });

  it('leaves the QR off on a printer without QR support but keeps the card readable', () => {
    const [paper] = printed(renderEscPos(memberCardLayout(card), { columns: 48, hasQr: false }, 'gb18030'), 'gb18030');
    expect(paper?.qrPayloads).toEqual([]);
    expect(paper?.lines).toContain('会员卡');
  });
});

describe('erasure receipt layout', () => {
  it('prints translated data classes in Big5, never column names', () => {
    const [paper] = printed(renderEscPos(erasureReceiptLayout(erasure), { columns: columnsForPaper(58) }, 'big5'), 'big5');
    const lines = paper?.lines ?? [];
    expect(lines).toEqual(expect.arrayContaining(['信義店', '個人資料刪除憑證', '已刪除的資料', '- 姓名', '- 手機號碼', '- 回訪紀錄', '- 人臉特徵', '- 其他個人資料']));
    expect(lines.find((l) => l.startsWith('憑證號'))).toMatch(/ER-0A1B2C3D4E$/);
    expect(lines.find((l) => l.startsWith('刪除時間'))).toMatch(/2026-11-22 23:59$/);
    expect(lines.find((l) => l.startsWith('已刪除人臉特徵'))).toMatch(/ 3$/);
    expect(lines.join('\n')).not.toMatch(/followup_notes|face_templates|some_future_column|_/);
    expect(paper?.isCut).toBe(true);
  });

  it('prints English wording for an English store', () => {
    const [paper] = printed(renderEscPos(erasureReceiptLayout({ ...erasure, locale: 'en', storeName: 'Demo' }), { columns: 48 }, 'gb18030'), 'gb18030');
    expect(paper?.lines).toEqual(expect.arrayContaining(['ERASURE RECEIPT', 'Data erased', '- Follow-up notes', '- Other personal data']));
  });
});
