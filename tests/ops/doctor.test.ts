/**
 * The doctor on a healthy kiosk (real database, real kiosk worker hashing the real models, a real
 * HQ server) and on each injected fault: missing model, corrupt model, unwritable data folder,
 * full disk, printer absent, HQ unreachable, clock skew, outbox backlog. Each failure must come
 * with what to do.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallContext } from '../../electron/contract/handlers.js';
import { doctorReportSchema } from '../../electron/contract/ops.js';
import { createMemoryLogger } from '../../electron/core/logger.js';
import { startServices, type RunningServices } from '../../electron/services/start-services.js';
import { createBackup } from '../../electron/services/ops/backup.js';
import { runCliDoctor } from '../../electron/services/ops/doctor-cli.js';
import { formatReport, runDoctor, type DoctorInputs, type DoctorReport } from '../../electron/services/ops/doctor.js';
import { doctorInputsFromServices, type OpsDeps } from '../../electron/services/ops/ops-handlers.js';
import { startTestHq, type TestHq } from '../fault/support/hq-fixture.js';
import { bundleForOtherUsers, isRoot, nobody } from '../support/unprivileged.js';
import { doctorWording } from '../../renderer/src/i18n/errors/doctor-findings.js';

const root = path.resolve(import.meta.dirname, '../..');
const GB = 1024 ** 3;
const roomyDisk = async () => ({ bavail: 50 * 256 * 1024, bsize: 4096, blocks: 100 * 256 * 1024 }); // 50 GB free

let hq: TestHq;
let dataDir: string;
let modelsDir: string;
let services: RunningServices;
let deps: OpsDeps;
const tmp: string[] = [];

function staffCall(): CallContext {
  return { clientId: 'doctor-test', transport: 'in-process', session: { staffId: 's1', role: 'manager', displayName: 'M' }, startSession() {}, endSession() {} };
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

function byId(report: DoctorReport, id: string) {
  const c = report.checks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id} in ${report.checks.map((x) => x.id).join(', ')}`);
  return c;
}

function doctorWith(overrides: Partial<DoctorInputs>): Promise<DoctorReport> {
  return runDoctor({ ...doctorInputsFromServices(services.ctx, deps, { state: 'ok', label: 'Test cam', reportedAt: new Date().toISOString() }), modelsDir, statfs: roomyDisk, ...overrides });
}

beforeAll(async () => {
  hq = await startTestHq({ engine: 'sqlite' });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-doctor-'));
  modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-models-'));
  tmp.push(dataDir, modelsDir);
  fs.cpSync(path.join(root, 'native-models'), modelsDir, { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify({ hq: { url: hq.hq.url }, store: { id: 'shop-7' } }));
  deps = {
    opsProbes: {
      printer: async () => ({ configured: true, connected: true, detail: 'ready' }),
      hqCredentials: () => ({ present: true, detail: 'device dev-1' }),
    },
  };
  services = await startServices({ dataDir, transport: 'in-process', log: createMemoryLogger(), validateResults: true, opsProbes: deps.opsProbes });
  deps.worker = services.worker;
  await services.worker.whenReady();
  await createBackup({ db: services.db, dataDir, config: services.config });
});

afterAll(async () => {
  await services?.close();
  await hq?.close();
  for (const d of tmp) fs.rmSync(d, { recursive: true, force: true });
});

describe('doctor on a healthy kiosk', () => {
  it('through the contract: every check passes (camera as reported by the renderer), within the schema', async () => {
    const call = staffCall();
    await services.handlers['ops.reportCamera']({ state: 'ok', label: 'USB cam' }, call);
    const report = await services.handlers['ops.runDoctor']({}, call);
    expect(doctorReportSchema.safeParse(report).success).toBe(true);
    const problems = report.checks.filter((c) => c.status !== 'ok' && c.id !== 'disk' && c.id !== 'scanner');
    expect(problems).toEqual([]);
    expect(byId(report, 'models').summary).toMatch(/4 models present, sha256 verified/);
    expect(byId(report, 'hq').status).toBe('ok');
    expect(byId(report, 'clock').status).toBe('ok');
    expect(byId(report, 'camera').summary).toContain('USB cam');
    expect(report.storeId).toBe('shop-7');
  });

  it('runDoctor needs a staff session over a transport', async () => {
    const r = await services.dispatcher.invoke('ops.runDoctor', {}, { clientId: 'anon', transport: 'in-process' });
    expect(r).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('overall ok with a roomy disk, and the text report says so', async () => {
    const report = await doctorWith({});
    expect(report.overall).toBe('ok');
    expect(formatReport(report)).toContain('Everything looks fine.');
  });
});

describe('doctor on injected faults', () => {
  it('missing model', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-models-missing-'));
    tmp.push(dir);
    fs.cpSync(modelsDir, dir, { recursive: true });
    fs.rmSync(path.join(dir, 'mobilefacenet', 'MobileFaceNet.onnx'));
    const report = await doctorWith({ modelsDir: dir });
    const c = byId(report, 'models');
    expect(c.status).toBe('fail');
    expect(c.summary).toMatch(/missing: embedder/);
    expect(c.action).toMatch(/Reinstall/);
    expect(report.overall).toBe('fail');
  });

  it('corrupt model (one flipped byte)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-models-corrupt-'));
    tmp.push(dir);
    fs.cpSync(modelsDir, dir, { recursive: true });
    const file = path.join(dir, 'yunet', 'face_detection_yunet_2023mar.onnx');
    const bytes = fs.readFileSync(file);
    bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] ?? 0) ^ 0xff;
    fs.writeFileSync(file, bytes);
    const c = byId(await doctorWith({ modelsDir: dir }), 'models');
    expect(c.status).toBe('fail');
    expect(c.summary).toMatch(/sha256 mismatch: detector/);
    expect(c.data).toMatchObject({ corrupt: 1, missing: 0 });
  });

  it('unwritable data folder', async () => {
    const c = byId(
      await doctorWith({
        writeProbe: () => {
          throw Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
        },
      }),
      'data-dir',
    );
    expect(c.status).toBe('fail');
    expect(c.summary).toContain('EROFS');
    expect(c.action).toMatch(/write permission/);
  });

  // Root ignores permissions and CI runs as root: there the real check runs as `nobody` (setpriv),
  // on folders that user owns; as a normal user it runs in-process. Never skipped.
  it('unwritable data folder, for real (chmod 500 on its own folder), as an unprivileged user', async () => {
    const owner = isRoot() ? nobody() : null;
    const folder = (mode: number) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-ro-'));
      tmp.push(dir);
      if (owner) fs.chownSync(dir, owner.uid, owner.gid);
      fs.chmodSync(dir, mode);
      return dir;
    };
    let dataDirStatus: (dir: string) => Promise<string>;
    if (owner) {
      const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-probe-'));
      tmp.push(work);
      // The probe never opens a database, so the native SQLite module is left out of its bundle.
      const probe = await bundleForOtherUsers(path.join(import.meta.dirname, 'support/data-dir-probe.ts'), work, ['better-sqlite3']);
      dataDirStatus = async (dir) => {
        const run = probe.runAs(owner, [dir]);
        if (run.status !== 0) throw new Error(`the doctor probe as ${owner.name} exited with ${run.status}: ${run.stderr.slice(-800)}`);
        return (JSON.parse(run.stdout.trim()) as { status: string }).status;
      };
    } else {
      dataDirStatus = async (dir) => byId(await doctorWith({ dataDir: dir }), 'data-dir').status;
    }
    const writable = folder(0o700);
    const readOnly = folder(0o500);
    try {
      // The same user and the same check: its own folder is fine until it loses write permission.
      expect(await dataDirStatus(writable)).toBe('ok');
      expect(await dataDirStatus(readOnly)).toBe('fail');
    } finally {
      fs.chmodSync(readOnly, 0o700);
    }
  }, 60_000);

  it('full disk (and nearly full)', async () => {
    const full = byId(await doctorWith({ statfs: async () => ({ bavail: 10, bsize: 4096, blocks: 1_000_000 }) }), 'disk');
    expect(full.status).toBe('fail');
    expect(full.action).toMatch(/Free disk space/);
    const low = byId(await doctorWith({ statfs: async () => ({ bavail: (0.5 * GB) / 4096, bsize: 4096, blocks: 1_000_000 }) }), 'disk');
    expect(low.status).toBe('warn');
  });

  it('printer absent', async () => {
    const c = byId(await doctorWith({ printer: async () => ({ configured: true, connected: false, detail: 'PRINTER_UNREACHABLE tcp://10.0.0.9:9100' }) }), 'printer');
    expect(c.status).toBe('fail');
    expect(c.summary).toContain('PRINTER_UNREACHABLE');
    expect(c.action).toMatch(/switched on/);
  });

  it('printer absent, through the real devices service (network printer on a closed port)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-printer-'));
    tmp.push(dir);
    const port = await closedPort();
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ devices: { printer: { transport: 'tcp', host: '127.0.0.1', port, timeoutMs: 500 } } }));
    const s = await startServices({ dataDir: dir, transport: 'in-process', log: createMemoryLogger() });
    try {
      const report = await s.handlers['ops.runDoctor']({}, staffCall());
      const c = byId(report, 'printer');
      expect(c.status).toBe('fail');
      expect(c.action).toBeTruthy();
    } finally {
      await s.close();
    }
  });

  it('HQ unreachable', async () => {
    const port = await closedPort();
    const config = { ...services.config, hq: { ...services.config.hq, url: `http://127.0.0.1:${port}` } };
    const report = await doctorWith({ config });
    const c = byId(report, 'hq');
    expect(c.status).toBe('fail');
    expect(c.summary).toMatch(/unreachable/);
    expect(c.action).toMatch(/outbox/);
    expect(byId(report, 'clock').status).toBe('skip');
  });

  it('every check of a report carries codes the renderer words in Chinese without English sentences', async () => {
    const port = await closedPort();
    const reports = [
      await doctorWith({}),
      await doctorWith({ config: { ...services.config, hq: { ...services.config.hq, url: `http://127.0.0.1:${port}` } }, statfs: async () => ({ bavail: 10, bsize: 1024 * 1024, blocks: 1000 }) }),
      await doctorWith({ camera: null, httpGet: async () => ({ ok: false, status: 500, headers: { get: () => null }, text: async () => 'boom' }) }),
    ];
    for (const report of reports) {
      for (const c of report.checks) {
        expect(c.summaryCode, c.id).toBeDefined();
        for (const locale of ['zh-CN', 'zh-TW'] as const) {
          const worded = doctorWording(locale, c)!;
          const shown = [worded.summary, worded.action ?? ''].join(' ').replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/g, '');
          const withoutData = worded.data.reduce((text, d) => text.split(d).join(''), shown);
          // Units, device words and the data parameters may stay Latin; no English sentence may.
          expect(withoutData.replace(/\b(MB|GB|USB|Wi-Fi|HQ|--data-dir)\b/g, ''), `${c.id} ${locale}`).not.toMatch(/[A-Za-z]{3,}/);
        }
        expect(doctorWording('en', c)!.summary.length, c.id).toBeGreaterThan(3);
      }
    }
    const lowDisk = byId(reports[1]!, 'disk');
    expect(lowDisk).toMatchObject({ summaryCode: 'disk.low', actionCode: 'disk.freeNow', params: { mb: 10 } });
    expect(doctorWording('zh-CN', lowDisk)?.summary).toBe('数据盘只剩 10 MB');
    expect(doctorWording('en', byId(reports[0]!, 'models'))?.summary).toMatch(/^\d+ models present, sha256 verified$/);
  });

  it('HQ answering 500 is a failure too', async () => {
    const report = await doctorWith({ httpGet: async () => ({ ok: false, status: 500, headers: { get: () => null }, text: async () => 'boom' }) });
    expect(byId(report, 'hq')).toMatchObject({ status: 'fail', data: { status: 500 } });
  });

  it('clock skew against the real HQ clock', async () => {
    const skewed = await startTestHq({ engine: 'sqlite', now: () => new Date(Date.now() - 10 * 60_000) });
    try {
      const report = await doctorWith({ config: { ...services.config, hq: { ...services.config.hq, url: skewed.hq.url } } });
      const c = byId(report, 'clock');
      expect(c.status).toBe('fail');
      expect(c.summary).toMatch(/ahead of HQ/);
      expect(c.action).toMatch(/time sync/);
    } finally {
      await skewed.close();
    }
  });

  it('missing HQ credentials', async () => {
    const c = byId(await doctorWith({ hqCredentials: () => ({ present: false, detail: 'not provisioned' }) }), 'hq.credentials');
    expect(c.status).toBe('fail');
    expect(c.action).toMatch(/npm run provision/);
  });

  it('outbox backlog: count and age of the oldest pending event; parked events need attention', async () => {
    const old = new Date(Date.now() - 3 * 3600_000).toISOString();
    const insert = services.db.prepare(`INSERT INTO outbox (event_id, kind, schema_version, payload, occurred_at, status) VALUES (?, 'test.event', 1, '{}', ?, ?)`);
    insert.run('doc-e1', old, 'pending');
    insert.run('doc-e2', new Date().toISOString(), 'pending');
    try {
      const c = byId(await doctorWith({}), 'outbox');
      expect(c.status).toBe('warn');
      expect(c.data).toMatchObject({ pending: 2, parked: 0, oldestPendingAt: old });
      insert.run('doc-e3', old, 'parked');
      const parked = byId(await doctorWith({}), 'outbox');
      expect(parked).toMatchObject({ status: 'warn', data: { parked: 1 } });
      expect(parked.action).toMatch(/never dropped/);
    } finally {
      services.db.prepare("DELETE FROM outbox WHERE event_id LIKE 'doc-e%'").run();
    }
  });

  it('HQ unreachable for a while: since when, and the next attempt in words, from what the uploader kept', async () => {
    const now = new Date('2026-11-20T04:25:20.000Z');
    const setState = services.db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    setState.run('unreachable_since', '2026-11-20T04:00:20.000Z');
    setState.run('next_attempt_at', '2026-11-20T04:26:00.000Z');
    setState.run('last_error', 'HQ unreachable: connect ECONNREFUSED 10.0.0.5:5790');
    try {
      const c = byId(await doctorWith({ now: () => now }), 'sync');
      expect(c.status).toBe('fail'); // 25 minutes: past the 5-minute store→HQ lag target
      expect(c.summary).toBe(
        'HQ unreachable since 2026-11-20 12:00:20 (Asia/Shanghai), 25 minutes ago; next automatic attempt in 40 seconds (at 2026-11-20 12:26:00); ' +
          'sooner, within seconds, when the network comes back or a sale is made. Last error: HQ unreachable: connect ECONNREFUSED 10.0.0.5:5790.',
      );
      expect(c.data).toMatchObject({ unreachableSince: '2026-11-20T04:00:20.000Z', nextAttemptAt: '2026-11-20T04:26:00.000Z', unreachableMinutes: 25 });
      expect(c.action).toMatch(/Nothing is lost/);
      // A short blip is a warning; an attempt long overdue means the app is not running.
      expect(byId(await doctorWith({ now: () => new Date('2026-11-20T04:02:20.000Z') }), 'sync').status).toBe('warn');
      const closed = byId(await doctorWith({ now: () => new Date('2026-11-20T04:31:00.000Z') }), 'sync');
      expect(closed.summary).toContain('the next attempt was due 5 minutes ago (at 2026-11-20 12:26:00): the kiosk app does not seem to be running');
      expect(closed.action).toMatch(/Start the kiosk app/);
      // The CLI, a separate process reading the database, says the same.
      const cli = byId(await runCliDoctor(dataDir, { statfs: roomyDisk, now: () => now }), 'sync');
      expect(cli.summary).toBe(c.summary);
      // The renderer words the same finding from its code and parameters, in each language.
      expect(c).toMatchObject({ summaryCode: 'sync.downNext', actionCode: 'sync.network', params: { since: '2026-11-20 12:00:20', minutes: 25, next: '2026-11-20 12:26:00' } });
      expect(doctorWording('zh-CN', c)?.summary).toBe('自 2026-11-20 12:00:20 起连不上总部（25 分钟）；下次自动重试在 2026-11-20 12:26:00，网络恢复或有新交易时会更快');
      expect(doctorWording('zh-TW', closed)?.action).toBe('請啟動終端應用程式：啟動時會立即重試。期間記錄在佇列中等待');
    } finally {
      services.db.prepare("DELETE FROM sync_state WHERE key IN ('unreachable_since', 'next_attempt_at', 'last_error')").run();
    }
    expect(byId(await doctorWith({}), 'sync')).toMatchObject({ status: 'ok', summary: 'No upload has failed.' });
  });

  it('a check that throws is reported as failed, the others still run', async () => {
    const report = await doctorWith({ printer: async () => { throw new Error('driver exploded'); } });
    expect(byId(report, 'printer')).toMatchObject({ status: 'fail' });
    expect(byId(report, 'models').status).toBe('ok');
  });
});

describe('doctor from the command line', () => {
  it('works beside a running kiosk (read-only), says the camera is checked by the app', async () => {
    const report = await runCliDoctor(dataDir, { statfs: roomyDisk });
    expect(byId(report, 'camera')).toMatchObject({ status: 'skip' });
    expect(byId(report, 'camera').summary).toMatch(/Checked by the app/);
    expect(byId(report, 'config').status).toBe('ok');
    expect(byId(report, 'database.integrity').status).toBe('ok');
    expect(byId(report, 'hq').status).toBe('ok');
  });

  it('reports a broken config.json and a missing database clearly', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-cli-'));
    tmp.push(dir);
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ server: { port: 'x' } }));
    const report = await runCliDoctor(dir, { statfs: roomyDisk });
    expect(byId(report, 'config')).toMatchObject({ status: 'fail' });
    expect(byId(report, 'config').summary).toContain('server.port');
    expect(byId(report, 'database').summary).toMatch(/has not run/);
    expect(report.overall).toBe('fail');
  });

  it('`npm run doctor -- --json` prints machine-readable JSON and exits 1 on failure', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-cli-json-'));
    tmp.push(dir);
    const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
    const run = promisify(execFile);
    const error = await run(tsx, ['electron/services/ops/doctor-cli.ts', '--data-dir', dir, '--json'], { cwd: root, env: { ...process.env, PATH: `${path.join(root, 'node_modules', '.bin')}:${process.env.PATH}` } }).then(
      () => null,
      (e: { code: number; stdout: string }) => e,
    );
    expect(error?.code).toBe(1);
    const report = JSON.parse(error!.stdout) as DoctorReport;
    expect(doctorReportSchema.safeParse(report).success).toBe(true);
    expect(byId(report, 'database').status).toBe('fail');
  });
});

describe('doctor CLI and provisioning', () => {
  it('reads the credentials the sync service stores: absent, then present after writing them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-cli-creds-'));
    tmp.push(dir);
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ hq: { url: hq.hq.url } }));
    const before = await runCliDoctor(dir, { statfs: roomyDisk });
    expect(byId(before, 'hq.credentials')).toMatchObject({ status: 'fail' });
    const { writeCredentials } = await import('../../edge-sync/client/credentials-file.js');
    writeCredentials(dir, { v: 1, hqUrl: hq.hq.url, storeId: 'shop-7', chainId: 'c-1', deviceId: 'dev-42', deviceSecret: 's'.repeat(40), deviceName: 'counter-1', provisionedAt: new Date().toISOString() });
    const after = await runCliDoctor(dir, { statfs: roomyDisk });
    expect(byId(after, 'hq.credentials')).toMatchObject({ status: 'ok' });
    expect(JSON.stringify(after)).not.toContain('s'.repeat(40));
  });
});
