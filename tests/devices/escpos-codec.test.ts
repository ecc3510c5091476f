import { describe, expect, it } from 'vitest';
import { EscPosEncoder } from '../../electron/services/printing/escpos/escpos-encoder.js';
import { EscPosStreamDecoder, opsToReceipts } from '../../electron/services/printing/escpos/escpos-decoder.js';
import { decodeOfflineCause, decodePaperSensor, decodePrinterStatus, encodeStatusReply, isStatusByte } from '../../electron/services/printing/escpos/escpos-status.js';
import { displayWidth, findUnencodable, wrapToWidth } from '../../electron/services/printing/escpos/text-encoding.js';
import { AppError } from '../../electron/contract/result.js';

function decodeAll(bytes: Uint8Array, encoding: 'gb18030' | 'big5' = 'gb18030', chunk = bytes.length) {
  const dec = new EscPosStreamDecoder(encoding);
  const ops = [];
  for (let i = 0; i < bytes.length; i += chunk) ops.push(...dec.push(bytes.subarray(i, i + chunk)));
  expect(dec.leftover()).toBe(0);
  return opsToReceipts(ops);
}

describe('ESC/POS encoder and decoder', () => {
  it('encodes Chinese text as GB18030, a QR code, a cut and a drawer pulse that decode back', () => {
    const bytes = new EscPosEncoder('gb18030').initialize().align('center').line('欢迎光临，张三！').qr('MK1.abc.def').line('积分 120').pulseDrawer().cut().encode();
    // 欢 in GB18030 is BB B6: the text really is in the printer's code page, not UTF-8.
    expect(Buffer.from(bytes).includes(Buffer.from([0xbb, 0xb6]))).toBe(true);
    expect(Buffer.from(bytes).includes(Buffer.from('欢', 'utf8'))).toBe(false);
    const { receipts, trailing } = decodeAll(bytes);
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toEqual({ lines: ['欢迎光临，张三！', '积分 120'], qrPayloads: ['MK1.abc.def'], isCut: true, drawerPulses: 1 });
    expect(trailing.lines).toEqual([]);
  });

  it('decodes the same bytes in any chunking, including a split inside a double-byte character', () => {
    const bytes = new EscPosEncoder('gb18030').initialize().line('会员积分余额').qr('X'.repeat(300)).cut().encode();
    for (const chunk of [1, 2, 3, 7]) {
      const { receipts } = decodeAll(bytes, 'gb18030', chunk);
      expect(receipts[0]?.lines).toEqual(['会员积分余额']);
      expect(receipts[0]?.qrPayloads).toEqual(['X'.repeat(300)]);
    }
  });

  it('writes Big5 for Traditional Chinese', () => {
    const bytes = new EscPosEncoder('big5').initialize().line('歡迎光臨').cut().encode();
    expect(decodeAll(bytes, 'big5').receipts[0]?.lines).toEqual(['歡迎光臨']);
  });

  it('refuses characters outside the encoding with TEXT_NOT_ENCODABLE naming them', () => {
    expect(() => new EscPosEncoder('gb18030').text('咖啡😀')).toThrowError(AppError);
    try {
      new EscPosEncoder('big5').text('简体字');
    } catch (error) {
      expect((error as AppError).code).toBe('TEXT_NOT_ENCODABLE');
      expect((error as AppError).message).toContain('U+7B80');
    }
    expect.assertions(3);
  });

  it('refuses control characters inside text, so data cannot smuggle printer commands', () => {
    expect(findUnencodable('Bob\x1bp\x00', 'gb18030').map((c) => c.codePoint)).toEqual(['U+001B', 'U+0000']);
    expect(() => new EscPosEncoder('gb18030').text('x\x1dV')).toThrow(/cannot print/);
  });

  it('prints the yuan sign through its full-width twin, which both code pages carry', () => {
    const bytes = new EscPosEncoder('gb18030').line('¥12.34').cut().encode();
    expect(decodeAll(bytes).receipts[0]?.lines).toEqual(['￥12.34']);
  });

  it('measures Chinese as double width and wraps by columns', () => {
    expect(displayWidth('积分ab')).toBe(6);
    expect(wrapToWidth('一二三四五', 4)).toEqual(['一二', '三四', '五']);
  });
});

describe('DLE EOT status bytes', () => {
  it('round-trips offline, cover open, paper out and near end', () => {
    const base = { isOnline: true, isCoverOpen: false, isPaperOut: false, isPaperNearEnd: false, hasError: false };
    expect(encodeStatusReply(1, base)).toBe(0x12);
    expect(decodePrinterStatus(encodeStatusReply(1, { ...base, isOnline: false })).isOnline).toBe(false);
    expect(decodeOfflineCause(encodeStatusReply(2, { ...base, isCoverOpen: true })).isCoverOpen).toBe(true);
    expect(decodeOfflineCause(encodeStatusReply(2, { ...base, isPaperOut: true })).isStoppedForPaper).toBe(true);
    expect(decodePaperSensor(encodeStatusReply(4, { ...base, isPaperOut: true })).isPaperOut).toBe(true);
    expect(decodePaperSensor(encodeStatusReply(4, { ...base, isPaperNearEnd: true }))).toEqual({ isPaperOut: false, isPaperNearEnd: true });
    // Epson's documented example replies are valid status bytes; noise is not.
    expect([0x12, 0x16, 0x1e, 0x72, 0x7e].every(isStatusByte)).toBe(true);
    expect([0x00, 0xff, 0x80, 0x13].some(isStatusByte)).toBe(false);
  });
});
