/**
 * End-to-end figures (issue 5, measured in this run since issue 16): starts the greeting tests of
 * tests/e2e/kiosk-face.spec.ts through `tests/e2e/run-e2e.mjs` (real Chromium, an MJPEG clip of a
 * real photo as the fake camera, the browser-hosted app) with KIOSK_E2E_FIGURES_FILE pointing at a
 * fresh temporary file, and reports what that run measured — never a figures file of an older run:
 *   greet_ms          median time from the face appearing in the video to the greeting on screen (goal ≤ 1,000)
 *   greet_ms_max      the slowest greeting of this run
 *   greet_samples     how many greetings the median is over
 *   e2e_loadavg1      the machine's 1-minute load average when the figures were written
 * A failed or incomplete run fails the suite (bench/run.ts counts it in `failures`); no figure is invented.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { report, round } from '../bench-stats.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const log = (m: string) => process.stderr.write(`e2e.bench: ${m}\n`);

/** The tests that greet an enrolled member from a camera clip (each records one greet_ms sample). */
const GREETING_TESTS = ['greeted by name and checked in', 'cashier console shows the identified member'];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-bench-'));
const figuresFile = path.join(tmp, 'e2e-figures.json');
const started = Date.now();
const run = spawnSync(process.execPath, [path.join(root, 'tests/e2e/run-e2e.mjs'), 'kiosk-face.spec.ts', '-g', GREETING_TESTS.join('|')], {
  cwd: root,
  encoding: 'utf8',
  // Playwright's own output goes to stderr, so the last line of stdout stays this suite's JSON.
  stdio: ['ignore', 2, 2],
  env: { ...process.env, KIOSK_E2E_FIGURES_FILE: figuresFile, NODE_OPTIONS: '' },
});
try {
  if (run.status !== 0) throw new Error(`the greeting tests failed (exit ${String(run.status)})`);
  if (!fs.existsSync(figuresFile)) throw new Error('the greeting tests wrote no figures');
  const record = JSON.parse(fs.readFileSync(figuresFile, 'utf8')) as { measuredAt?: string; greet_ms?: number; greet_ms_max?: number; samples?: unknown[]; loadavg1?: number };
  // The file is this run's own (fresh temp dir), and it says so by its time too.
  if (!record.measuredAt || Date.parse(record.measuredAt) < started) throw new Error(`figures not from this run: ${String(record.measuredAt)}`);
  if (typeof record.greet_ms !== 'number') throw new Error('no greet_ms in this run');
  log(`greet_ms ${record.greet_ms} over ${record.samples?.length ?? 0} greetings (load ${String(record.loadavg1)})`);
  report({
    greet_ms: record.greet_ms,
    greet_ms_max: record.greet_ms_max ?? record.greet_ms,
    greet_samples: record.samples?.length ?? 0,
    e2e_loadavg1: round(record.loadavg1 ?? os.loadavg()[0]!, 2),
  });
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
