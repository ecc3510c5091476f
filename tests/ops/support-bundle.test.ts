/**
 * The support bundle staff export: logs, versions, redacted config and the doctor report, as a
 * .tar.gz that standard tar reads — and nothing personal or secret inside. Also the other ops
 * calls through the handlers: backups, manager-only access, the staff exit.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallContext } from '../../electron/contract/handlers.js';
import { createAppLogger } from '../../electron/services/ops/log-files.js';
import { startServices, type RunningServices } from '../../electron/services/start-services.js';
import { untarGz, tarGz } from '../../electron/services/ops/tar-gz.js';

const PHONE = '13987654321';
const TOKEN = 'prov_9f8e7d6c5b4a39281706f5e4d3c2b1a0';
let dataDir: string;
let services: RunningServices;
const exitKiosk = vi.fn();

function as(role: 'manager' | 'cashier' | null): CallContext {
  return { clientId: `t-${role}`, transport: 'in-process', session: role ? { staffId: 's-1', role, displayName: 'X' } : null, startSession() {}, endSession() {} };
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-bundle-'));
  fs.writeFileSync(
    path.join(dataDir, 'config.json'),
    JSON.stringify({ store: { id: 'shop-9', name: '九号店' }, hq: { url: `https://kiosk:${TOKEN}@hq.example.com/api?token=${TOKEN}` } }),
  );
  services = await startServices({ dataDir, transport: 'in-process', log: createAppLogger(dataDir, { level: 'debug', toStderr: false }), shell: { exitKiosk } });
  services.log.info('member.checked_in', { phone: PHONE, token: TOKEN, template: Array.from({ length: 128 }, (_, i) => Math.sin(i + 1)) });
  // A line an older build (or a crash handler) wrote without redaction.
  fs.appendFileSync(path.join(dataDir, 'logs', 'kiosk.log'), `${JSON.stringify({ event: 'legacy', phone: PHONE, auth: `Bearer ${TOKEN}` })}\n`);
});

afterAll(async () => {
  await services?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('support bundle', () => {
  it('holds logs, versions, redacted config and the doctor report, readable by tar, with nothing secret', async () => {
    const result = await services.handlers['ops.exportSupportBundle']({}, as('manager'));
    expect(result.fileName).toMatch(/^support[\\/]support-shop-9-.*\.tar\.gz$/);
    const file = path.join(dataDir, result.fileName);
    const entries = untarGz(fs.readFileSync(file));
    const names = entries.map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['versions.json', 'config.redacted.json', 'doctor.json', 'doctor.txt', 'logs/kiosk.log']));
    // Standard tar agrees (IT opens bundles with tar or Windows Explorer).
    expect(execFileSync('tar', ['-tzf', file], { encoding: 'utf8' }).trim().split('\n').sort()).toEqual([...names].sort());

    const all = entries.map((e) => e.data.toString('utf8')).join('\n');
    expect(all).not.toContain(PHONE);
    expect(all).not.toContain(TOKEN);
    const config = JSON.parse(entries.find((e) => e.name === 'config.redacted.json')!.data.toString('utf8'));
    expect(config.store).toMatchObject({ id: 'shop-9', name: '九号店' });
    expect(config.hq.url).toContain('hq.example.com');
    const versions = JSON.parse(entries.find((e) => e.name === 'versions.json')!.data.toString('utf8'));
    expect(versions).toMatchObject({ app: services.ctx.appVersion, node: process.versions.node });
    const doctor = JSON.parse(entries.find((e) => e.name === 'doctor.json')!.data.toString('utf8'));
    expect(doctor.storeId).toBe('shop-9');
    const log = entries.find((e) => e.name === 'logs/kiosk.log')!.data.toString('utf8');
    expect(log).toContain('member.checked_in');
    expect(log).toContain('legacy');
  });

  it('tar round trip keeps names and bytes', () => {
    const data = Buffer.from(Array.from({ length: 1300 }, (_, i) => i % 256));
    expect(untarGz(tarGz([{ name: 'a/b.bin', data }, { name: 'c.txt', data: '中文' }]))).toEqual([
      { name: 'a/b.bin', data },
      { name: 'c.txt', data: Buffer.from('中文') },
    ]);
  });
});

describe('ops calls', () => {
  it('are manager-only where they touch files or the shell', async () => {
    for (const method of ['ops.exportSupportBundle', 'ops.backupNow', 'ops.listBackups', 'ops.exitKiosk'] as const) {
      const anon = await services.dispatcher.invoke(method, {}, { clientId: 'anon', transport: 'in-process' });
      expect(anon, method).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
    const camera = await services.dispatcher.invoke('ops.reportCamera', { state: 'no-camera' }, { clientId: 'anon', transport: 'in-process' });
    expect(camera).toMatchObject({ ok: true, value: { recorded: true } });
  });

  it('back up now, then list', async () => {
    const made = await services.handlers['ops.backupNow']({}, as('manager'));
    const { backups } = await services.handlers['ops.listBackups']({}, as('manager'));
    expect(backups[0]).toEqual(made);
    expect(made.fileName).toMatch(/\.mkbak$/);
  });

  it('the staff exit asks the shell to quit; without a shell it is unavailable', async () => {
    vi.useFakeTimers();
    try {
      expect(await services.handlers['ops.exitKiosk']({}, as('manager'))).toEqual({ exiting: true });
      expect(exitKiosk).not.toHaveBeenCalled(); // the answer goes out first
      vi.runAllTimers();
      expect(exitKiosk).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-noshell-'));
    const plain = await startServices({ dataDir: dir, transport: 'in-process' , log: createAppLogger(dir, { toStderr: false }) });
    try {
      await expect(Promise.resolve().then(() => plain.handlers['ops.exitKiosk']({}, as('manager')))).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    } finally {
      await plain.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
