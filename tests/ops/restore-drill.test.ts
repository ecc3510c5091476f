import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallContext } from '../../electron/contract/handlers.js';
import { createAppLogger } from '../../electron/services/ops/log-files.js';
import { startServices, type RunningServices } from '../../electron/services/start-services.js';

const manager: CallContext = { clientId: 't-manager', transport: 'in-process', session: { staffId: 's-1', role: 'manager', displayName: 'X' }, startSession() {}, endSession() {} };
let dataDir: string;
let services: RunningServices;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-drill-'));
  services = await startServices({ dataDir, transport: 'in-process', log: createAppLogger(dataDir, { level: 'error', toStderr: false }) });
});
afterAll(async () => {
  await services?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('restore drill (ops.restoreDrill)', () => {
  it('without a backup it says so with its own code, and no drill is recorded', async () => {
    await expect(Promise.resolve().then(() => services.handlers['ops.restoreDrill']({}, manager))).rejects.toMatchObject({ code: 'BACKUP_NONE' });
    expect((await services.handlers['ops.listBackups']({}, manager)).lastDrill).toBeNull();
  });

  it('restores the newest backup to a temporary file, checks it, and the result survives in the listing', async () => {
    await services.handlers['members.create']({ opId: 'd1', name: '王芳', phone: '13800138001' }, manager);
    await services.handlers['members.create']({ opId: 'd2', name: '李娜', phone: '13800138002' }, manager);
    const backup = await services.handlers['ops.backupNow']({}, manager);
    const drill = await services.handlers['ops.restoreDrill']({}, manager);
    expect(drill).toMatchObject({ fileName: backup.fileName, isOk: true, problem: null, members: 2, schemaVersion: backup.schemaVersion });
    expect((await services.handlers['ops.listBackups']({}, manager)).lastDrill).toEqual(drill);
    // Nothing of the restored copy is left behind.
    expect(fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('kiosk-restore-drill-') && fs.existsSync(path.join(os.tmpdir(), n, 'drill.sqlite')))).toEqual([]);
  });

  it('a damaged backup fails the drill (BACKUP_INVALID), it does not throw', async () => {
    const { backups } = await services.handlers['ops.listBackups']({}, manager);
    const file = path.join(dataDir, 'backups', backups[0]!.fileName);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 40] = (bytes[bytes.length - 40] ?? 0) ^ 0xff;
    fs.writeFileSync(file, bytes);
    const drill = await services.handlers['ops.restoreDrill']({}, manager);
    expect(drill).toMatchObject({ isOk: false, problem: 'BACKUP_INVALID', members: null });
  });
});
