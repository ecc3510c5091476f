import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../electron/core/clock.js';
import { AppError } from '../../electron/contract/result.js';
import { displayWidth } from '../../electron/services/printing/escpos/text-encoding.js';
import type { PrintingService } from '../../electron/services/printing/printing-service.js';
import { FakeTcpPrinter } from './fakes/fake-tcp-printer.js';
import { FakeSerialPrinter } from './fakes/fake-serial-printer.js';
import { openPtyPair, skipWithoutSocat } from './fakes/socat-pair.js';
import { makeService, printerConfig, receipt, TempStore, ticket, until } from './support/printing-fixture.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function tcpPrinter(port = 0): Promise<FakeTcpPrinter> {
  const printer = new FakeTcpPrinter();
  await printer.start(port);
  cleanups.push(() => printer.stop());
  return printer;
}

function store(): TempStore {
  const s = new TempStore();
  cleanups.push(() => s.cleanup());
  return s;
}

function started(service: PrintingService): PrintingService {
  service.start();
  cleanups.push(() => service.close());
  return service;
}

const jobState = (service: PrintingService, id: string) => service.getJob(id)?.state;

describe('print queue over a TCP printer', () => {
  it('prints a purchase receipt: Chinese text, masked phone, member QR and cut, decoded from the received bytes', async () => {
    const printer = await tcpPrinter();
    const s = store();
    const { service } = makeService(s.db(), printerConfig({ transport: 'tcp', host: '127.0.0.1', port: printer.port }));
    started(service);
    const job = service.enqueuePurchaseReceipt(receipt());
    expect(job.state).toBe('queued'); // returned at once, before any byte was sent
    await until(() => jobState(service, job.id) === 'printed', 'receipt printed');

    const receipts = printer.device.receipts();
    expect(receipts).toHaveLength(1);
    const paper = receipts[0]!;
    const text = paper.lines.join('\n');
    expect(paper.isCut).toBe(true);
    expect(paper.qrPayloads).toEqual(['MK1.m-0001.t5abcd.c2lnbmF0dXJlLXRlc3Q']);
    expect(text).toContain('购物小票');
    expect(text).toMatch(/冰美式 x2 +￥30\.00/);
    expect(text).toMatch(/提拉米苏蛋糕 x1 +￥28\.50/);
    expect(text).toMatch(/优惠 +-￥5\.00/);
    expect(text).toContain('合计 ￥53.50');
    expect(text).toMatch(/手机 +138\*\*\*\*5678/);
    expect(text).toMatch(/本次积分 +\+107/);
    expect(text).toMatch(/积分余额 +1627/);
    expect(text).toContain('2026-11-22 15:31'); // UTC 07:31 shown in Asia/Shanghai
    expect(text).not.toContain('13812345678');
    // Every pair line fills exactly the 80 mm paper (48 columns, Chinese counts double).
    expect(displayWidth(paper.lines.find((l) => l.startsWith('冰美式')) ?? '')).toBe(48);
  });

  it('holds a job while the printer is out of paper and prints it exactly once after the roll is changed', async () => {
    const printer = await tcpPrinter();
    printer.device.set({ isPaperOut: true });
    const s = store();
    const { service } = makeService(s.db(), printerConfig({ transport: 'tcp', host: '127.0.0.1', port: printer.port }));
    started(service);
    const job = service.enqueueCheckInTicket(ticket({ sourceRef: 'checkin-1' }));
    await until(() => service.getJob(job.id)?.errorCode === 'PRINTER_PAPER_OUT', 'job waiting for paper');
    expect(service.getJob(job.id)).toMatchObject({ state: 'queued', errorMessage: 'The printer is out of paper' });
    expect(service.getStatus()).toMatchObject({ printer: { state: 'paper-out' }, queue: { queued: 1 } });
    expect(printer.device.receipts()).toHaveLength(0);
    expect(printer.device.lostBytes).toBe(0); // nothing was sent into an empty printer

    printer.device.set({ isPaperOut: false });
    await until(() => jobState(service, job.id) === 'printed', 'printed after paper change');
    // Let the queue run a few more rounds: still one ticket.
    const rounds = printer.device.statusRequests;
    await until(() => printer.device.statusRequests > rounds + 6, 'status polled again');
    const receipts = printer.device.receipts();
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!.lines).toEqual(expect.arrayContaining(['签到小票', 'A012', '欢迎光临，王小明！', '已连续签到 3 天', '连续签到，今日积分翻倍']));
  });

  it('waits while the cover is open, then prints once', async () => {
    const printer = await tcpPrinter();
    printer.device.set({ isCoverOpen: true });
    const s = store();
    const { service } = makeService(s.db(), printerConfig({ transport: 'tcp', host: '127.0.0.1', port: printer.port }));
    started(service);
    const job = service.enqueueCheckInTicket(ticket());
    await until(() => service.getJob(job.id)?.errorCode === 'PRINTER_COVER_OPEN', 'cover open seen');
    printer.device.set({ isCoverOpen: false });
    await until(() => jobState(service, job.id) === 'printed', 'printed after cover closed');
    expect(printer.device.receipts()).toHaveLength(1);
  });

  it('keeps jobs across a restart while the printer is off, and prints each exactly once when it is back', async () => {
    const probe = await tcpPrinter();
    const port = probe.port;
    await probe.stop(); // the printer is switched off: connections are refused
    const s = store();
    const first = makeService(s.db(), printerConfig({ transport: 'tcp', host: '127.0.0.1', port }));
    first.service.start();
    const a = first.service.enqueueCheckInTicket(ticket({ queueNumber: 'A001', sourceRef: 'c-1' }));
    const b = first.service.enqueuePurchaseReceipt(receipt({ receiptNo: 'R-2', sourceRef: 'p-2' }));
    await until(() => first.service.getJob(a.id)?.errorCode === 'PRINTER_UNREACHABLE', 'unreachable noted');
    await first.service.close(); // the app is closed (or the terminal restarted)

    const printer = await tcpPrinter(port); // printer switched on again
    const second = makeService(s.db(), printerConfig({ transport: 'tcp', host: '127.0.0.1', port }));
    started(second.service);
    await until(() => jobState(second.service, a.id) === 'printed' && jobState(second.service, b.id) === 'printed', 'both printed after restart');
    const receipts = printer.device.receipts();
    expect(receipts).toHaveLength(2);
    expect(receipts[0]!.lines).toContain('A001'); // in the order they were queued
    expect(receipts[1]!.lines.join('\n')).toContain('R-2');

    // A third start finds nothing left to print.
    await second.service.close();
    const third = makeService(s.db(), printerConfig({ transport: 'tcp', host: '127.0.0.1', port }));
    started(third.service);
    await third.service.refreshStatus();
    await third.service.whenIdle();
    expect(printer.device.receipts()).toHaveLength(2);
  });

  it('never prints twice when the app dies between sending the bytes and recording it: the cashier decides', async () => {
    const printer = await tcpPrinter();
    const s = store();
    const config = printerConfig({ transport: 'tcp', host: '127.0.0.1', port: printer.port });
    let release!: () => void;
    const hung = new Promise<void>((r) => (release = r));
    let isWritten = false;
    const first = makeService(s.db(), config, {
      afterWrite: async () => {
        isWritten = true;
        await hung; // the process "dies" here: nothing after the write is ever recorded
      },
    });
    first.service.start();
    const job = first.service.enqueuePurchaseReceipt(receipt({ sourceRef: 'p-9' }));
    await until(() => isWritten && printer.device.receipts().length === 1, 'bytes on paper');
    expect(first.service.getJob(job.id)?.state).toBe('printing');

    // Restart over the same database file while the first instance is frozen.
    const second = makeService(s.db(), config);
    started(second.service);
    expect(second.service.getJob(job.id)).toMatchObject({ state: 'failed', errorCode: 'PRINT_INTERRUPTED', mayHavePrinted: true });
    await second.service.refreshStatus();
    await second.service.whenIdle();
    expect(printer.device.receipts()).toHaveLength(1);

    // The frozen instance waking up must not overwrite the recovery either.
    release();
    await first.service.close();
    expect(second.service.getJob(job.id)?.state).toBe('failed');

    // The cashier sees the receipt is missing (say) and reprints: a marked copy, once.
    const copy = second.service.reprint(job.id);
    expect(copy.reprintOf).toBe(job.id);
    await until(() => jobState(second.service, copy.id) === 'printed', 'reprint printed');
    const receipts = printer.device.receipts();
    expect(receipts).toHaveLength(2);
    expect(receipts[1]!.lines[0]).toBe('*** 补打 ***');
  });

  it('reports a printer that never answers as PRINTER_TIMEOUT while enqueueing still returns at once', async () => {
    const printer = await tcpPrinter();
    printer.device.set({ isSilent: true });
    const s = store();
    const { service } = makeService(s.db(), printerConfig({ transport: 'tcp', host: '127.0.0.1', port: printer.port, timeoutMs: 300 }));
    started(service);
    // enqueue is synchronous: it cannot wait for the printer, whatever the printer does.
    const job = service.enqueueCheckInTicket(ticket());
    expect(job.state).toBe('queued');
    await until(() => service.getJob(job.id)?.errorCode === 'PRINTER_TIMEOUT', 'timeout noted');
    expect(service.getStatus().printer).toMatchObject({ state: 'unreachable', errorCode: 'PRINTER_TIMEOUT' });
    expect(printer.device.receipts()).toHaveLength(0);
  });

  it('reports an unknown printer model as PRINTER_MODEL_UNKNOWN and keeps the jobs', async () => {
    const s = store();
    const { service } = makeService(s.db(), printerConfig({ transport: 'tcp', host: '127.0.0.1', port: 9, model: 'acme-9000' }));
    started(service);
    const status = service.getStatus().printer;
    expect(status).toMatchObject({ state: 'error', errorCode: 'PRINTER_MODEL_UNKNOWN' });
    expect(status.message).toContain('generic-escpos');
    const job = service.enqueueCheckInTicket(ticket());
    expect(service.getJob(job.id)?.state).toBe('queued');
  });

  it('refuses text the printer cannot print with TEXT_NOT_ENCODABLE, and prints names it cannot render with "?"', async () => {
    const printer = await tcpPrinter();
    const s = store();
    // A Big5 (Traditional) printer cannot print the Simplified layout.
    const big5 = makeService(s.db(), printerConfig({ transport: 'tcp', host: '127.0.0.1', port: printer.port, encoding: 'big5' }));
    started(big5.service);
    expect(() => big5.service.enqueueCheckInTicket(ticket())).toThrowError(expect.objectContaining({ code: 'TEXT_NOT_ENCODABLE' }) as unknown as AppError);
    expect(big5.service.listJobs(10)).toHaveLength(0);
    await big5.service.close(); // the store switches the setting back: one queue per database

    const gb = makeService(s.db(), printerConfig({ transport: 'tcp', host: '127.0.0.1', port: printer.port }));
    // The member chose an emoji in their nickname: the ticket prints, with '?' for it.
    const job = gb.service.enqueueCheckInTicket(ticket({ memberName: '小明😀' }));
    started(gb.service);
    await until(() => jobState(gb.service, job.id) === 'printed', 'printed with substitute');
    expect(printer.device.receipts()[0]!.lines).toContain('欢迎光临，小明?！');
  });

  it('queues one ticket per check-in, drops stale tickets, and previews a job as wrapped lines', async () => {
    const s = store();
    const clock = fixedClock('2026-11-22T08:00:00.000Z');
    const { service } = makeService(s.db(), printerConfig({ transport: 'tcp', host: '127.0.0.1', port: 9, ticketExpiryMinutes: 30 }), { clock });
    const first = service.enqueueCheckInTicket(ticket({ sourceRef: 'checkin-77' }));
    const again = service.enqueueCheckInTicket(ticket({ sourceRef: 'checkin-77' }));
    expect(again.id).toBe(first.id);
    expect(service.listJobs(10)).toHaveLength(1);

    const preview = service.preview(first.id);
    expect(preview.columns).toBe(48);
    expect(preview.lines).toContainEqual({ kind: 'text', text: 'A012', align: 'center', scale: 2, bold: true });
    expect(preview.lines.at(-1)).toEqual({ kind: 'cut' });

    clock.advance(31 * 60_000);
    started(service); // the queue runs: the printer is unreachable, the ticket is past its use
    await until(() => jobState(service, first.id) === 'failed', 'ticket expired');
    expect(service.getJob(first.id)).toMatchObject({ errorCode: 'PRINT_EXPIRED', mayHavePrinted: false });
  });
});

describe.skipIf(skipWithoutSocat())('print queue over a serial line (socat pty pair)', () => {
  it('prints a check-in ticket in Chinese and recovers from paper-out exactly once', async () => {
    const pty = await openPtyPair();
    cleanups.push(() => pty.close());
    const fake = new FakeSerialPrinter();
    await fake.attach(pty.devicePath);
    cleanups.push(() => fake.detach());
    fake.device.set({ isPaperOut: true });
    const s = store();
    const { service } = makeService(s.db(), printerConfig({ transport: 'serial', path: pty.hostPath, baudRate: 19200 }));
    started(service);
    const job = service.enqueueCheckInTicket(ticket({ locale: 'zh-CN', memberName: '陈静', queueNumber: 'B007' }));
    await until(() => service.getJob(job.id)?.errorCode === 'PRINTER_PAPER_OUT', 'paper out over serial');
    fake.device.set({ isPaperOut: false });
    await until(() => jobState(service, job.id) === 'printed', 'printed over serial');
    const receipts = fake.device.receipts();
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!.isCut).toBe(true);
    expect(receipts[0]!.lines).toEqual(expect.arrayContaining(['B007', '欢迎光临，陈静！']));
  });
});
