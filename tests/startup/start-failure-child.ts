/**
 * Child process for start-services-cleanup.test.ts: for each scenario, starts the services with one
 * failure (or starts and closes them twice), then reports what is left behind — every timer, worker thread and socket
 * created during start-up that was never disposed of, and whether the database file is still held —
 * and ends on its own. Whether it ends promptly is the parent's check.
 */
import { createHook } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../electron/contract/result.js';
import { createLogger } from '../../electron/core/logger.js';
import { DB_FILE_NAME } from '../../electron/core/data-dir.js';
import { startServices, type StartStage } from '../../electron/services/start-services.js';
import { threadWorkerSpawner } from '../../electron/workers/thread-worker.js';
import type { HostToWorker } from '../../electron/workers/worker-protocol.js';

export interface ChildSpec {
  name: string;
  dataDir: string;
  /** hook: fail at `stage` through the test seam; the others provoke a real failure. */
  scenario: 'hook' | 'real' | 'models-loading' | 'worker-factory-throws' | 'worker-spawn-throws' | 'worker-close-throws' | 'close-twice' | 'close-twice-broken-worker';
  stage?: StartStage;
  demo?: boolean;
}

export interface ChildReport {
  name: string;
  error: { name: string; code: string | null; message: string } | null;
  leaks: Array<{ type: string; createdAt: string }>;
  walLeft: boolean;
  journalModeAfter: string;
  settleMs: number;
}

/** Resources that keep a process busy or a device/port held; promises and fs requests end by themselves. */
const TRACKED = new Set(['Timeout', 'Immediate', 'WORKER', 'TCPSERVERWRAP', 'TCPWRAP', 'PIPESERVERWRAP', 'PIPEWRAP', 'UDPWRAP', 'FSEVENTWRAP', 'STATWATCHER', 'PROCESSWRAP', 'SIGNALWRAP']);
const SETTLE_LIMIT_MS = 10_000;

const specs = JSON.parse(process.argv[2] ?? '[]') as ChildSpec[];
// Our own output handles exist before tracking starts.
process.stdout.write('');
process.stderr.write('');

const live = new Map<number, { type: string; stack: string }>();
let isOwnTimer = false;
const hook = createHook({
  init(asyncId, type) {
    if (!isOwnTimer && TRACKED.has(type)) live.set(asyncId, { type, stack: new Error().stack ?? '' });
  },
  destroy(asyncId) {
    live.delete(asyncId);
  },
});

function ownDelay(ms: number): Promise<void> {
  isOwnTimer = true;
  try {
    return new Promise((resolve) => setTimeout(resolve, ms));
  } finally {
    isOwnTimer = false;
  }
}

/** The first frame in our own sources (not node_modules, not node:internal): where the leak was made. */
function origin(stack: string): string {
  const frames = stack.split('\n').slice(1).map((l) => l.trim());
  const ours = frames.find((f) => /\/(electron|edge-sync)\//.test(f) && !f.includes('node_modules'));
  return (ours ?? frames[1] ?? '?').replace(/^at /, '').replace(process.cwd() + '/', '');
}

/** Fails the given stage, as a real failure there would: with the stage's own error. */
function failAt(stage: StartStage | undefined, before?: () => Promise<void>) {
  return async (current: StartStage) => {
    if (current !== stage) return;
    await before?.();
    throw new AppError('INTERNAL', `Start-up failure injected by a test at stage "${current}"`);
  };
}

/** A real kiosk worker thread that tells us when the host has asked it to load the face models. */
function observedWorker(onLoadRequested: () => void) {
  return (entry: URL) => () => {
    const port = threadWorkerSpawner(entry)();
    return {
      ...port,
      postMessage(message: HostToWorker, transfer?: ArrayBuffer[]) {
        port.postMessage(message, transfer);
        if (message.type === 'request' && message.method === 'face.load') onLoadRequested();
      },
    };
  };
}

async function runScenario(spec: ChildSpec): Promise<ChildReport> {
  live.clear();
  let loadRequested!: () => void;
  const isLoading = new Promise<void>((resolve) => (loadRequested = resolve));
  hook.enable();
  let error: unknown = null;
  try {
    const services = await startServices({
      dataDir: spec.dataDir,
      // Not in-process: the backup schedule and the maintenance timer start too.
      transport: 'browser-host',
      demo: spec.demo ?? false,
      log: createLogger({ level: 'error' }),
      ...(spec.scenario === 'hook' ? { beforeStageForTest: failAt(spec.stage) } : {}),
      ...(spec.scenario === 'models-loading'
        ? {
            spawnWorker: observedWorker(loadRequested),
            // Fail while onnxruntime is loading the models in the worker: the worker must finish, then exit.
            beforeStageForTest: failAt(spec.stage, () => isLoading),
          }
        : {}),
      ...(spec.scenario === 'worker-factory-throws'
        ? {
            spawnWorker: () => {
              throw new Error('the utility process cannot be created');
            },
          }
        : {}),
      ...(spec.scenario === 'worker-spawn-throws'
        ? {
            beforeStageForTest: failAt(spec.stage),
            // The host retries a failed spawn on a timer; the failure of a later stage must stop that timer.
            spawnWorker: () => () => {
              throw new Error('spawn EAGAIN');
            },
          }
        : {}),
      ...(spec.scenario === 'worker-close-throws' || spec.scenario === 'close-twice-broken-worker'
        ? {
            beforeStageForTest: failAt(spec.stage),
            // A real worker thread whose channel breaks on the way down: its clean-up step fails.
            spawnWorker: (entry: URL) => () => {
              const port = threadWorkerSpawner(entry)();
              return {
                ...port,
                postMessage(message: HostToWorker, transfer?: ArrayBuffer[]) {
                  if (message.type === 'shutdown') throw new Error('the worker channel is closed');
                  port.postMessage(message, transfer);
                },
              };
            },
          }
        : {}),
    });
    if (spec.scenario === 'close-twice' || spec.scenario === 'close-twice-broken-worker') {
      await Promise.all([services.close(), services.close()]);
      await services.close();
    } else {
      error = new Error('startServices did not fail');
    }
  } catch (e) {
    error = e;
  }

  const settleStart = Date.now();
  while (live.size > 0 && Date.now() - settleStart < SETTLE_LIMIT_MS) await ownDelay(50);
  const settleMs = Date.now() - settleStart;
  hook.disable();

  const dbFile = path.join(spec.dataDir, DB_FILE_NAME);
  // SQLite removes the WAL when its last connection closes; and leaving WAL mode needs the only connection.
  const walLeft = fs.existsSync(`${dbFile}-wal`);
  let journalModeAfter = 'no database file';
  if (fs.existsSync(dbFile)) {
    const probe = new Database(dbFile);
    try {
      journalModeAfter = String(probe.pragma('journal_mode = DELETE', { simple: true }));
    } catch (e) {
      journalModeAfter = `refused: ${(e as Error).message}`;
    } finally {
      probe.close();
    }
  }
  return {
    name: spec.name,
    error:
      error === null
        ? null
        : { name: (error as Error).name, code: ((error as { code?: string }).code ?? null) as string | null, message: (error as Error).message },
    leaks: [...live.values()].map((l) => ({ type: l.type, createdAt: origin(l.stack) })),
    walLeft,
    journalModeAfter,
    settleMs,
  };
}

// One after the other in one process (module loading is the slow part); each is checked on its own,
// and the process as a whole must then end by itself.
for (const spec of specs) process.stdout.write(`RESULT ${JSON.stringify(await runScenario(spec))}\n`);
process.stdout.write('DONE\n');
