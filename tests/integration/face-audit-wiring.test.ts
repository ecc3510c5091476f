import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallContext } from '../../electron/contract/handlers.js';
import { createMemoryLogger } from '../../electron/core/logger.js';
import { readAudit } from '../../electron/services/audit/audit-log.js';
import { startServices } from '../../electron/services/start-services.js';

/** The app's own wiring (createHandlers) writes face actions to the store's audit log (issue 14). */
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const manager: CallContext = {
  clientId: 'face-audit-wiring',
  transport: 'in-process',
  session: { staffId: 's-9', role: 'manager', displayName: 'Manager' },
  startSession: () => undefined,
  endSession: () => undefined,
};

describe('face actions reach the audit log through the started services', () => {
  it('clearing "not me" records and deleting templates are audited with the staff member and counts', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-face-audit-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const services = await startServices({ dataDir, transport: 'in-process', log: createMemoryLogger('warn'), validateResults: true });
    cleanups.push(() => services.close());

    expect(await services.handlers['face.clearRejections']({ memberId: 'M-1' }, manager)).toEqual({ cleared: 0 });
    expect(await services.handlers['face.deleteMemberFaceData']({ memberId: 'M-1' }, manager)).toEqual({ templatesDeleted: 0 });
    const rows = readAudit(services.db, { memberId: 'M-1', limit: 10 });
    expect(rows.map((r) => [r.action, r.staffId, r.detail])).toEqual([
      ['face.templates_delete', 's-9', { templatesDeleted: 0 }],
      ['face.clear_rejections', 's-9', { cleared: 0 }],
    ]);
  });
});
