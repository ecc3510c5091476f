import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICATION_ID } from '../../electron/db/connection.js';
import { DB_FILE_NAME } from '../../electron/core/data-dir.js';
import { START_STAGES } from '../../electron/services/start-services.js';
import type { ChildReport, ChildSpec } from './start-failure-child.js';

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'start-failure-child.ts');
const dirs: string[] = [];

/** A data folder whose face models folder is empty: the worker starts, but loads no model (cheap). */
function dataDir(config: Record<string, unknown> = { face: { modelsDir: 'no-models-here' } }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-startfail-'));
  dirs.push(dir);
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  return dir;
}

/**
 * What would be start-up failures elsewhere are degraded states here: a network printer that does not
 * answer, an unreadable models folder, an HQ credential file that is not valid. Start-up succeeds.
 */
function degradedDataDir(): string {
  const dir = dataDir({
    face: { modelsDir: 'no-models-here' },
    devices: { printer: { transport: 'tcp', host: '127.0.0.1', port: 9, model: 'generic-escpos', timeoutMs: 500, statusIntervalMs: 100 } },
    hq: { url: 'http://127.0.0.1:9' },
  });
  fs.writeFileSync(path.join(dir, 'hq-device.json'), '{"v": 1, "hqUrl": "not a url"}', { mode: 0o600 });
  return dir;
}

function newerAppDatabase(): string {
  const dir = dataDir();
  const db = new Database(path.join(dir, DB_FILE_NAME));
  db.pragma(`application_id = ${APPLICATION_ID}`);
  db.pragma('user_version = 999');
  db.close();
  return dir;
}

const injected = (stage: string) => `Start-up failure injected by a test at stage "${stage}"`;

// Stages with no failure of their own that a test could provoke use the test seam: a bad printer
// model, missing models or missing HQ credentials are states the kiosk shows, not start-up failures.
const hookStages = START_STAGES.filter((s) => s !== 'database' && s !== 'worker');

interface Scenario {
  title: string;
  spec: Omit<ChildSpec, 'dataDir'> & { dataDir: () => string };
  expectError: (e: ChildReport['error']) => void;
  /** A line the child must have logged (stderr). */
  logged?: RegExp;
}

const scenarios: Scenario[] = [
  {
    title: 'database: a database written by a newer app is refused; nothing else was started',
    spec: { name: 'db-too-new', scenario: 'real', dataDir: newerAppDatabase },
    expectError: (e) => expect(e).toMatchObject({ code: 'DB_TOO_NEW' }),
  },
  {
    title: 'worker: the worker cannot be created (utility process unavailable); the database is closed',
    spec: { name: 'worker-factory', scenario: 'worker-factory-throws', dataDir: () => dataDir() },
    expectError: (e) => expect(e?.message).toBe('the utility process cannot be created'),
  },
  {
    title: 'worker: a spawn that keeps failing is retried on a timer, which a later failure stops',
    spec: { name: 'worker-retry', scenario: 'worker-spawn-throws', stage: 'sync', dataDir: () => dataDir() },
    expectError: (e) => expect(e?.message).toBe(injected('sync')),
  },
  {
    title: 'a clean-up step that fails (the worker channel breaks) neither hides the start error nor stops the rest of the clean-up',
    spec: { name: 'cleanup-fails', scenario: 'worker-close-throws', stage: 'handlers', dataDir: () => dataDir() },
    expectError: (e) => expect(e).toMatchObject({ code: 'INTERNAL', message: injected('handlers') }),
    logged: /"event":"services\.cleanup_failed","afterFailedStage":"handlers","step":"worker","error":"the worker channel is closed"/,
  },
  ...hookStages.map((stage) => ({
    title: `${stage}: the error surfaces and everything started before it is closed`,
    spec: { name: `stage-${stage}`, scenario: 'hook' as const, stage, demo: true, dataDir: () => dataDir() },
    expectError: (e: ChildReport['error']) => expect(e).toMatchObject({ code: 'INTERNAL', message: injected(stage) }),
  })),
  {
    title: 'handlers, while the worker is loading the real face models: the worker finishes, then everything closes',
    spec: { name: 'models-loading', scenario: 'models-loading', stage: 'handlers', demo: true, dataDir: () => dataDir({}) },
    expectError: (e) => expect(e?.message).toBe(injected('handlers')),
  },
  {
    title: 'close() called twice concurrently and once more afterwards shuts down once, cleanly',
    spec: { name: 'close-twice', scenario: 'close-twice', demo: true, dataDir: () => dataDir() },
    expectError: (e) => expect(e).toBeNull(),
  },
  {
    title: 'a kiosk started degraded (printer not answering, no models, bad HQ credential file) closes with no socket or timer left',
    spec: { name: 'degraded-close', scenario: 'close-twice', dataDir: degradedDataDir },
    expectError: (e) => expect(e).toBeNull(),
  },
  {
    title: 'close() with a step that fails still closes everything else, logs the failure and does not throw',
    spec: { name: 'close-twice-broken-worker', scenario: 'close-twice-broken-worker', dataDir: () => dataDir() },
    expectError: (e) => expect(e).toBeNull(),
    logged: /"event":"services\.close_failed","step":"worker","error":"the worker channel is closed"/,
  },
];

/** How long the child may take to end after its last report: with nothing left behind, it ends at once. */
const EXIT_GRACE_MS = 5_000;

interface ChildRun {
  reports: Map<string, ChildReport>;
  exitCode: number | null;
  exitedAfterDoneMs: number | null;
  stderr: string;
}

/** Runs every scenario in one child process, which must then end by itself. */
function runChild(specs: ChildSpec[]): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, JSON.stringify(specs)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    let doneAt: number | null = null;
    let killer: NodeJS.Timeout | null = null;
    const overall = setTimeout(() => p.kill('SIGKILL'), 240_000);
    p.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (doneAt === null && /^DONE$/m.test(out)) {
        doneAt = Date.now();
        killer = setTimeout(() => p.kill('SIGKILL'), EXIT_GRACE_MS);
      }
    });
    p.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    p.on('error', reject);
    p.on('exit', (code) => {
      clearTimeout(overall);
      if (killer) clearTimeout(killer);
      const reports = new Map<string, ChildReport>();
      for (const line of out.split('\n')) {
        if (!line.startsWith('RESULT ')) continue;
        const r = JSON.parse(line.slice('RESULT '.length)) as ChildReport;
        reports.set(r.name, r);
      }
      resolve({ reports, exitCode: code, exitedAfterDoneMs: doneAt === null ? null : Date.now() - doneAt, stderr });
    });
  });
}

let run: ChildRun;
beforeAll(async () => {
  run = await runChild(scenarios.map((s) => ({ ...s.spec, dataDir: s.spec.dataDir() })));
}, 300_000);
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('start-up failures and shutdown leave nothing behind', () => {
  for (const s of scenarios) {
    it(s.title, () => {
      const r = run.reports.get(s.spec.name);
      if (!r) throw new Error(`No report for ${s.spec.name}; the child's stderr:\n${run.stderr.slice(-4000)}`);
      s.expectError(r.error);
      if (s.logged) expect(run.stderr).toMatch(s.logged);
      expect(r.leaks, `left behind:\n${r.leaks.map((l) => `  ${l.type} created at ${l.createdAt}`).join('\n')}`).toEqual([]);
      expect(r.walLeft, 'the database is still open: its -wal file is still there').toBe(false);
      expect(r.journalModeAfter, 'another connection still holds the database').toBe('delete');
    });
  }

  it('after all of them the process ends by itself, at once (no timer, thread or socket keeps it alive)', () => {
    expect(run.exitedAfterDoneMs, `the child did not finish its scenarios; stderr:\n${run.stderr.slice(-4000)}`).not.toBeNull();
    expect(run.exitCode, `the child was killed ${EXIT_GRACE_MS} ms after its last scenario: something keeps it alive`).toBe(0);
    expect(run.exitedAfterDoneMs!).toBeLessThan(EXIT_GRACE_MS);
  });
});
