import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeTcpPrinter } from './fakes/fake-tcp-printer.js';
import { makeService, printerConfig, receipt, TempStore, until } from './support/printing-fixture.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('a kiosk process killed mid-print', () => {
  it('does not print the receipt again after restart, and shows it for a manual reprint', async () => {
    const printer = new FakeTcpPrinter();
    await printer.start();
    cleanups.push(() => printer.stop());
    const store = new TempStore();
    cleanups.push(() => store.cleanup());

    // The same Node as this test (better-sqlite3 needs Node 22), with tsx to load TypeScript.
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'support/print-child.ts'), store.file, String(printer.port)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    await until(() => out.includes('WRITTEN'), 'the child wrote the receipt', 30_000);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const jobId = /QUEUED (\S+)/.exec(out)?.[1];
    expect(jobId).toBeTruthy();
    await until(() => printer.device.receipts().length === 1, 'receipt on paper');

    // The app starts again over the same database file.
    const { service } = makeService(store.db(), printerConfig({ transport: 'tcp', host: '127.0.0.1', port: printer.port }));
    service.start();
    cleanups.push(() => service.close());
    expect(service.getJob(jobId!)).toMatchObject({ state: 'failed', errorCode: 'PRINT_INTERRUPTED', mayHavePrinted: true });
    // The same purchase enqueued again (e.g. the caller retried) does not print a second copy either.
    expect(service.enqueuePurchaseReceipt(receipt({ sourceRef: 'purchase-crash-1' })).id).toBe(jobId);
    await service.refreshStatus();
    await service.whenIdle();
    expect(printer.device.receipts()).toHaveLength(1);
    expect(printer.device.receipts()[0]!.qrPayloads).toEqual([receipt().memberQr]);
  });
});
