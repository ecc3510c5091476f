import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallContext } from '../../electron/contract/handlers.js';
import { createMemoryLogger } from '../../electron/core/logger.js';
import { readAudit } from '../../electron/services/audit/audit-log.js';
import { startServices } from '../../electron/services/start-services.js';
import { FakeTcpPrinter } from './fakes/fake-tcp-printer.js';
import { until } from './support/printing-fixture.js';

/** Issue 14: a receipt reprint (a second paper copy of a member's name) is audited: who asked, which job. */
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const staff: CallContext = {
  clientId: 'reprint-test',
  transport: 'in-process',
  session: { staffId: 's-7', role: 'cashier', displayName: 'Cashier' },
  startSession: () => undefined,
  endSession: () => undefined,
};

describe('receipt reprints are audited', () => {
  it('writes one receipt.reprint row per reprint, and none for a refused one', async () => {
    const printer = new FakeTcpPrinter();
    await printer.start();
    cleanups.push(() => printer.stop());
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-reprint-audit-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const services = await startServices({
      dataDir,
      transport: 'in-process',
      log: createMemoryLogger('warn'),
      validateResults: true,
      configOverrides: { devices: { printer: { transport: 'tcp', host: '127.0.0.1', port: printer.port, timeoutMs: 1500, retryIntervalMs: 25, statusIntervalMs: 100 } } },
    });
    cleanups.push(() => services.close());

    const { job } = await services.handlers['printing.testPage']({}, staff);
    await until(() => services.devices.printing.getJob(job.id)?.state === 'printed', 'test page printed');
    expect(readAudit(services.db, { action: 'receipt.reprint', limit: 10 })).toEqual([]);

    const { job: copy } = await services.handlers['printing.reprint']({ jobId: job.id }, staff);
    await expect(Promise.resolve().then(() => services.handlers['printing.reprint']({ jobId: 'nope' }, staff))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const rows = readAudit(services.db, { action: 'receipt.reprint', limit: 10 });
    expect(rows.map((r) => [r.staffId, r.role, r.memberId, r.detail])).toEqual([['s-7', 'cashier', null, { jobId: job.id, newJobId: copy.id, kind: job.kind }]]);
    await until(() => services.devices.printing.getJob(copy.id)?.state === 'printed', 'reprint printed');
  });
});
