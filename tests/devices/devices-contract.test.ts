import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallContext } from '../../electron/contract/handlers.js';
import { AppError } from '../../electron/contract/result.js';
import { createMemoryLogger } from '../../electron/core/logger.js';
import { startServices, type RunningServices } from '../../electron/services/start-services.js';
import { FakeTcpPrinter } from './fakes/fake-tcp-printer.js';
import { until } from './support/printing-fixture.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(configOverrides: Record<string, unknown>, extra: Partial<Parameters<typeof startServices>[0]> = {}): Promise<RunningServices> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-devices-'));
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const services = await startServices({ dataDir, transport: 'in-process', log: createMemoryLogger('warn'), validateResults: true, configOverrides, ...extra });
  cleanups.push(() => services.close());
  return services;
}

const origin = { clientId: 'devices-test', transport: 'in-process' as const };
const staff: CallContext = {
  clientId: 'devices-test',
  transport: 'in-process',
  session: { staffId: 's-1', role: 'manager', displayName: 'Manager' },
  startSession: () => undefined,
  endSession: () => undefined,
};

describe('printing and devices over the contract', () => {
  it('runs with no devices configured: status says so, nothing fails', async () => {
    const services = await start({});
    const status = await services.dispatcher.invoke('printing.getStatus', {}, origin);
    expect(status).toEqual({ ok: true, value: { printer: expect.objectContaining({ state: 'not-configured' }), queue: { queued: 0, printing: 0, failed: 0 } } });
    const devices = await services.dispatcher.invoke('devices.getStatus', {}, origin);
    expect(devices).toMatchObject({ ok: true, value: { scanner: { state: 'not-configured' } } });
    // A forged member code is refused by membership with a clear message, not a crash.
    expect(await services.dispatcher.invoke('devices.submitScan', { code: 'MK1.x.y.z' }, origin)).toMatchObject({ ok: true, value: { outcome: 'refused', code: 'MEMBER_CODE_INVALID' } });
  });

  it('prints a test page through the wired queue, lists it for staff, previews and reprints it', async () => {
    const printer = new FakeTcpPrinter();
    await printer.start();
    cleanups.push(() => printer.stop());
    const services = await start({ devices: { printer: { transport: 'tcp', host: '127.0.0.1', port: printer.port, timeoutMs: 1500, retryIntervalMs: 25, statusIntervalMs: 100 } } });

    expect(await services.dispatcher.invoke('printing.listJobs', {}, origin)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(await services.dispatcher.invoke('printing.testPage', {}, origin)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });

    const { job } = await services.handlers['printing.testPage']({}, staff);
    await until(() => services.devices.printing.getJob(job.id)?.state === 'printed', 'test page printed');
    const paper = printer.device.receipts();
    expect(paper).toHaveLength(1);
    expect(paper[0]!.lines).toEqual(expect.arrayContaining(['打印机测试页', '中文打印正常：汉字、标点，￥12.34']));
    expect(paper[0]!.qrPayloads).toEqual(['MEMBER-KIOSK-TEST']);

    const listed = await services.handlers['printing.listJobs']({ limit: 10 }, staff);
    expect(listed.jobs.map((j) => [j.id, j.state])).toEqual([[job.id, 'printed']]);
    const preview = await services.handlers['printing.preview']({ jobId: job.id }, staff);
    expect(preview.lines.filter((l) => l.kind === 'qr')).toEqual([{ kind: 'qr', data: 'MEMBER-KIOSK-TEST' }]);

    const { job: copy } = await services.handlers['printing.reprint']({ jobId: job.id }, staff);
    await until(() => services.devices.printing.getJob(copy.id)?.state === 'printed', 'reprint printed');
    expect(printer.device.receipts()).toHaveLength(2);
    await expect(Promise.resolve().then(() => services.handlers['printing.reprint']({ jobId: 'nope' }, staff))).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // Settings: probe candidate printers without saving them.
    const probe = await services.handlers['devices.probePrinter'](
      { printer: { ...services.config.devices.printer, port: printer.port } },
      staff,
    );
    expect(probe.status.state).toBe('ready');
    await expect(
      Promise.resolve().then(() => services.handlers['devices.probePrinter']({ printer: { ...services.config.devices.printer, model: 'acme-1' } }, staff)),
    ).rejects.toBeInstanceOf(AppError);
  });

  it('routes wedge scans to the injected check-in', async () => {
    const seen: string[] = [];
    const services = await start({}, { checkInByCode: (code) => (seen.push(code), { memberDisplayName: '王小明' }) });
    const result = await services.dispatcher.invoke('devices.submitScan', { code: 'MK1.m-1.abc.def' }, origin);
    expect(result).toMatchObject({ ok: true, value: { source: 'wedge', outcome: 'checked-in', memberDisplayName: '王小明' } });
    expect(seen).toEqual(['MK1.m-1.abc.def']);
  });

  it('rejects a printer configuration without its address at start-up', async () => {
    await expect(start({ devices: { printer: { transport: 'tcp' } } })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });
});
