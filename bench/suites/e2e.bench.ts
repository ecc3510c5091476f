/**
 * End-to-end figures, measured in this run (issues 5, 15 and 16): starts Playwright specs through
 * `tests/e2e/run-e2e.mjs` (real Chromium, an MJPEG clip of a real photo as the fake camera, the
 * browser-hosted app), each with KIOSK_E2E_FIGURES_FILE pointing at a fresh temporary file, and
 * reports what those runs measured — never a figures file of an older run:
 *   greet_ms          median time from the face appearing in the video to the greeting on screen (goal ≤ 500)
 *   greet_ms_max      the slowest greeting of this run
 *   greet_samples     how many greetings the median is over
 *   join_without_face_ms / _taps   joining at the 1080×1920 portrait kiosk, from "join" on the welcome
 *                     screen to "joined", name typed in pinyin on the on-screen keyboard, face declined
 *   phone_checkin_ms / _taps       a phone-number check-in at the portrait kiosk, first tap to "checked in"
 *   sale_ms / sale_interactions    a 2-item sale from the item grid with points redemption, member
 *                     identified to receipt printed (goal ≤ 8 interactions)
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

/** Each spec runs on its own (a figures file per Playwright process), then the figures are merged. */
const RUNS: Array<{ spec: string; grep?: string; figures: readonly string[] }> = [
  { spec: 'kiosk-face.spec.ts', grep: GREETING_TESTS.join('|'), figures: [] },
  { spec: 'portrait-kiosk.spec.ts', figures: ['join_without_face_ms', 'join_without_face_taps', 'phone_checkin_ms', 'phone_checkin_taps'] },
  { spec: 'counter-sale.spec.ts', figures: ['sale_ms', 'sale_interactions'] },
];

interface FiguresRecord {
  measuredAt?: string;
  samples?: Array<{ test: string; greetMs: number }>;
  loadavg1?: number;
  [figure: string]: unknown;
}

function runSpec(tmp: string, run: (typeof RUNS)[number], index: number): FiguresRecord {
  const figuresFile = path.join(tmp, `e2e-figures-${index}.json`);
  const started = Date.now();
  const args = [path.join(root, 'tests/e2e/run-e2e.mjs'), run.spec, ...(run.grep ? ['-g', run.grep] : [])];
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    // Playwright's own output goes to stderr, so the last line of stdout stays this suite's JSON.
    stdio: ['ignore', 2, 2],
    env: { ...process.env, KIOSK_E2E_FIGURES_FILE: figuresFile, NODE_OPTIONS: '' },
  });
  if (result.status !== 0) throw new Error(`${run.spec} failed (exit ${String(result.status)})`);
  if (!fs.existsSync(figuresFile)) throw new Error(`${run.spec} wrote no figures`);
  const record = JSON.parse(fs.readFileSync(figuresFile, 'utf8')) as FiguresRecord;
  // The file is this run's own (fresh temp dir), and it says so by its time too.
  if (!record.measuredAt || Date.parse(record.measuredAt) < started) throw new Error(`figures of ${run.spec} not from this run: ${String(record.measuredAt)}`);
  for (const name of run.figures) {
    if (typeof record[name] !== 'number') throw new Error(`${run.spec} recorded no ${name}`);
  }
  return record;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-bench-'));
try {
  const records = RUNS.map((run, i) => runSpec(tmp, run, i));
  const samples = records.flatMap((r) => r.samples ?? []);
  if (samples.length === 0) throw new Error('no greeting was measured in this run');
  const sorted = samples.map((s) => s.greetMs).sort((a, b) => a - b);
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  const figures: Record<string, number> = { greet_ms: median, greet_ms_max: sorted[sorted.length - 1]!, greet_samples: samples.length };
  RUNS.forEach((run, i) => {
    for (const name of run.figures) figures[name] = records[i]![name] as number;
  });
  figures['e2e_loadavg1'] = round(Math.max(...records.map((r) => r.loadavg1 ?? os.loadavg()[0]!)), 2);
  log(`greet_ms ${median} over ${samples.length} greetings (load ${figures['e2e_loadavg1']})`);
  report(figures);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
