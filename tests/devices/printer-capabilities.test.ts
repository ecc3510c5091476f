import { afterEach, describe, expect, it } from 'vitest';
import { opsToReceipts } from '../../electron/services/printing/escpos/escpos-decoder.js';
import { TEAR_OFF_FEED_LINES } from '../../electron/services/printing/layouts/render-document.js';
import type { PrintingService } from '../../electron/services/printing/printing-service.js';
import { FakeTcpPrinter } from './fakes/fake-tcp-printer.js';
import { makeService, printerConfig, receipt, TempStore, until } from './support/printing-fixture.js';

/** The printer model's cutter and QR support decide the bytes, through the real queue and a TCP printer. */
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function printReceiptOn(model: string): Promise<{ printer: FakeTcpPrinter; service: PrintingService }> {
  const printer = new FakeTcpPrinter();
  await printer.start(0);
  cleanups.push(() => printer.stop());
  const store = new TempStore();
  cleanups.push(() => store.cleanup());
  const { service } = makeService(store.db(), printerConfig({ transport: 'tcp', host: '127.0.0.1', port: printer.port, model }));
  service.start();
  cleanups.push(() => service.close());
  const job = service.enqueuePurchaseReceipt(receipt());
  await until(() => service.getJob(job.id)?.state === 'printed', `receipt printed on ${model}`);
  return { printer, service };
}

describe('printer capabilities', () => {
  it('a printer with a cutter and QR gets both', async () => {
    const { printer } = await printReceiptOn('epson-tm-t88');
    const [paper] = printer.device.receipts();
    expect(paper?.isCut).toBe(true);
    expect(paper?.qrPayloads).toEqual(['MK1.m-0001.t5abcd.c2lnbmF0dXJlLXRlc3Q']);
    expect(paper?.lines).toContain('会员码（出示即可签到）');
  });

  it('a printer without a cutter (Xprinter XP-58) is never sent a cut, and the paper is fed past the tear bar', async () => {
    const { printer } = await printReceiptOn('xprinter-xp-58');
    const ops = printer.device.printedOps;
    expect(ops.some((op) => op.op === 'cut')).toBe(false);
    expect(ops.at(-1)).toEqual({ op: 'feed', lines: TEAR_OFF_FEED_LINES });
    const { receipts, trailing } = opsToReceipts(ops);
    expect(receipts).toHaveLength(0);
    expect(trailing.lines).toContain('谢谢惠顾，欢迎再次光临');
    expect(trailing.qrPayloads).toEqual(['MK1.m-0001.t5abcd.c2lnbmF0dXJlLXRlc3Q']);
  });

  it('a printer without QR support (Epson TM-T88IV) gets no QR command and no caption for a code it cannot print', async () => {
    const { printer, service } = await printReceiptOn('epson-tm-t88iv');
    const ops = printer.device.printedOps;
    expect(ops.some((op) => op.op === 'qr-store' || op.op === 'qr-print' || op.op === 'qr-setting')).toBe(false);
    const [paper] = printer.device.receipts();
    expect(paper?.isCut).toBe(true);
    expect(paper?.lines).not.toContain('会员码（出示即可签到）');
    expect(paper?.lines).toContain('谢谢惠顾，欢迎再次光临');
    // The cashier's preview shows what the paper shows.
    const [job] = service.listJobs(1);
    expect(service.preview(job!.id).lines.some((l) => l.kind === 'qr')).toBe(false);
  });
});
