import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PrinterTransport } from '../../electron/services/printing/transports/printer-transport.js';
import { PrinterDriver } from '../../electron/services/printing/printer-driver.js';
import { findPrinterModel } from '../../electron/services/printing/printer-models.js';
import { TcpTransport } from '../../electron/services/printing/transports/tcp-transport.js';
import { SerialTransport } from '../../electron/services/printing/transports/serial-transport.js';
import { UsbLpTransport } from '../../electron/services/printing/transports/usb-lp-transport.js';
import { EscPosEncoder } from '../../electron/services/printing/escpos/escpos-encoder.js';
import { FakeTcpPrinter } from './fakes/fake-tcp-printer.js';
import { FakeSerialPrinter } from './fakes/fake-serial-printer.js';
import { openPtyPair, skipWithoutSocat, type PtyPair } from './fakes/socat-pair.js';
import type { FakePrinterDevice } from './fakes/fake-printer-device.js';
import { until } from '../support/until.js';

const model = findPrinterModel('generic-escpos');
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const receiptBytes = () => new EscPosEncoder('gb18030').initialize().line('签到成功：李四').qr('MK1.member.sig').cut().encode();

/** Until the device has printed n receipts (the bytes travel through real sockets/ptys). */
async function untilReceipts(device: FakePrinterDevice, n: number): Promise<void> {
  await until(() => device.receipts().length >= n, `the fake printer printed ${n} receipt(s)`);
}

async function exerciseDriver(driver: PrinterDriver, device: FakePrinterDevice) {
  expect((await driver.checkStatus()).state).toBe('ready');
  await driver.write(receiptBytes());
  await untilReceipts(device, 1);
  expect(device.receipts()).toEqual([{ lines: ['签到成功：李四'], qrPayloads: ['MK1.member.sig'], isCut: true, drawerPulses: 0 }]);

  device.set({ isPaperOut: true });
  expect(await driver.checkStatus()).toMatchObject({ state: 'paper-out', errorCode: 'PRINTER_PAPER_OUT', isReady: false });
  device.set({ isPaperOut: false, isCoverOpen: true });
  expect(await driver.checkStatus()).toMatchObject({ state: 'cover-open', errorCode: 'PRINTER_COVER_OPEN' });
  device.set({ isCoverOpen: false, isOnline: false });
  expect(await driver.checkStatus()).toMatchObject({ state: 'offline', errorCode: 'PRINTER_OFFLINE' });
  device.set({ isOnline: true, isPaperNearEnd: true });
  expect(await driver.checkStatus()).toMatchObject({ state: 'paper-near-end', isReady: true });
}

describe('TCP 9100 transport against a fake network printer', () => {
  it('prints, reads every status, and reconnects after the printer restarts', async () => {
    const printer = new FakeTcpPrinter();
    await printer.start();
    cleanups.push(() => printer.stop());
    const driver = new PrinterDriver(new TcpTransport('127.0.0.1', printer.port), model, 1500);
    cleanups.push(() => driver.close());
    await exerciseDriver(driver, printer.device);

    const port = printer.port;
    await printer.stop();
    // The first check may still catch the dying connection (no answer → timeout); the next one cannot connect.
    const first = await driver.checkStatus();
    expect(first.state).toBe('unreachable');
    expect(['PRINTER_TIMEOUT', 'PRINTER_UNREACHABLE']).toContain(first.errorCode);
    expect(await driver.checkStatus()).toMatchObject({ state: 'unreachable', errorCode: 'PRINTER_UNREACHABLE' });
    await printer.start(port);
    expect((await driver.checkStatus()).state).toBe('paper-near-end');
  });

  it('lets go of the connection when idle, so the shop POS software can use the printer too', async () => {
    const printer = new FakeTcpPrinter();
    await printer.start();
    cleanups.push(() => printer.stop());
    const driver = new PrinterDriver(new TcpTransport('127.0.0.1', printer.port, { idleCloseMs: 50 }), model, 1500);
    cleanups.push(() => driver.close());
    expect((await driver.checkStatus()).state).toBe('ready');
    expect(printer.connectionCount).toBe(1);
    await until(() => printer.connectionCount === 0, 'the idle driver closed its connection');
    expect(printer.connectionCount).toBe(0);
    await driver.write(receiptBytes()); // reconnects on demand
    await untilReceipts(printer.device, 1);
    expect(printer.device.receipts()).toHaveLength(1);
  });

  it('reports PRINTER_TIMEOUT for a printer that never answers, and PRINTER_BAD_REPLY for noise', async () => {
    const printer = new FakeTcpPrinter();
    await printer.start();
    cleanups.push(() => printer.stop());
    const driver = new PrinterDriver(new TcpTransport('127.0.0.1', printer.port), model, 200);
    cleanups.push(() => driver.close());
    printer.device.set({ isSilent: true });
    const silent = await driver.checkStatus();
    expect(silent).toMatchObject({ state: 'unreachable', errorCode: 'PRINTER_TIMEOUT', isReady: false });
    expect(silent.message).toMatch(/did not answer/);
    printer.device.set({ isSilent: false, isGarbled: true });
    expect(await driver.checkStatus()).toMatchObject({ state: 'error', errorCode: 'PRINTER_BAD_REPLY' });
  });
});

describe.skipIf(skipWithoutSocat())('serial transport over a socat pty pair', () => {
  async function pair(): Promise<{ pty: PtyPair; fake: FakeSerialPrinter }> {
    const pty = await openPtyPair();
    cleanups.push(() => pty.close());
    const fake = new FakeSerialPrinter();
    await fake.attach(pty.devicePath);
    cleanups.push(() => fake.detach());
    return { pty, fake };
  }

  it('prints Chinese text, QR and cut through serialport and reads status', async () => {
    const { pty, fake } = await pair();
    const driver = new PrinterDriver(new SerialTransport(pty.hostPath, 19200), model, 1500);
    cleanups.push(() => driver.close());
    await exerciseDriver(driver, fake.device);
  });

  it('names the baud rate when the printer answers with noise, and times out when it is silent', async () => {
    const { pty, fake } = await pair();
    const driver = new PrinterDriver(new SerialTransport(pty.hostPath, 9600), model, 200);
    cleanups.push(() => driver.close());
    fake.device.set({ isGarbled: true });
    const garbled = await driver.checkStatus();
    expect(garbled.errorCode).toBe('PRINTER_BAD_REPLY');
    expect(garbled.message).toMatch(/baud rate/);
    fake.device.set({ isGarbled: false, isSilent: true });
    const silent = await driver.checkStatus();
    expect(silent.errorCode).toBe('PRINTER_TIMEOUT');
    expect(silent.message).toMatch(/baud rate/);
  });

  it('reports a missing serial device as PRINTER_UNREACHABLE', async () => {
    const driver = new PrinterDriver(new SerialTransport('/dev/ttyDOES-NOT-EXIST', 19200), model, 300);
    cleanups.push(() => driver.close());
    expect(await driver.checkStatus()).toMatchObject({ state: 'unreachable', errorCode: 'PRINTER_UNREACHABLE' });
  });

  it('drives a character device like /dev/usb/lp0 through plain file I/O', async () => {
    const { pty, fake } = await pair();
    const driver = new PrinterDriver(new UsbLpTransport(pty.hostPath), model, 1500);
    cleanups.push(() => driver.close());
    await exerciseDriver(driver, fake.device);
  });

  for (const kind of ['serial', 'usb-lp'] as const) {
    it(`reconnects a ${kind} printer after it is unplugged and plugged back in`, async () => {
      // udev gives a printer a stable name (/dev/usb/lp0, /dev/serial/by-id/…): a symlink plays that part.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-replug-'));
      cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
      const stable = path.join(dir, 'printer');
      const plug = async () => {
        const { pty, fake } = await pair();
        fs.rmSync(stable, { force: true });
        fs.symlinkSync(pty.hostPath, stable);
        return { pty, fake };
      };
      const first = await plug();
      const transport: PrinterTransport = kind === 'serial' ? new SerialTransport(stable, 19200) : new UsbLpTransport(stable);
      let closes = 0;
      transport.onClose(() => (closes += 1));
      const driver = new PrinterDriver(transport, model, 1500);
      cleanups.push(() => driver.close());
      expect((await driver.checkStatus()).state).toBe('ready');

      await first.fake.detach(); // cable pulled: the device node disappears
      await first.pty.close();
      fs.rmSync(stable, { force: true });
      let down = await driver.checkStatus();
      if (down.errorCode === 'PRINTER_TIMEOUT') down = await driver.checkStatus();
      expect(down).toMatchObject({ state: 'unreachable', errorCode: 'PRINTER_UNREACHABLE' });

      const second = await plug();
      expect((await driver.checkStatus()).state).toBe('ready');
      await driver.write(receiptBytes());
      await untilReceipts(second.fake.device, 1);
      expect(second.fake.device.receipts()[0]?.lines).toEqual(['签到成功：李四']);
      expect(closes).toBeGreaterThanOrEqual(1);
    });
  }
});
