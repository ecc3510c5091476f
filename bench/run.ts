/**
 * `npm run bench`: runs every suite in bench/suites/ in its own process (so memory figures are
 * per suite), merges their figures, keeps them in bench/results/latest.json, and prints one JSON
 * object as the last line. `npm run bench -- face members` runs only the suites named.
 *
 * A suite is a script that prints one JSON object of numeric figures as its last line.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const suitesDir = path.join(here, 'suites');
const resultsDir = path.join(here, 'results');
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));

const suites = fs
  .readdirSync(suitesDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort();

const figures: Record<string, number | string | null> = {};
const failures: string[] = [];
for (const name of suites) {
  const started = Date.now();
  process.stderr.write(`bench: ${name} …\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(suitesDir, `${name}.bench.ts`)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NODE_OPTIONS: '--expose-gc' },
  });
  const last = run.stdout.trim().split('\n').pop() ?? '';
  try {
    if (run.status !== 0) throw new Error(`exit ${run.status}`);
    Object.assign(figures, JSON.parse(last) as Record<string, number>);
    process.stderr.write(`bench: ${name} done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  } catch (error) {
    failures.push(`${name}: ${(error as Error).message}`);
    process.stderr.write(`bench: ${name} FAILED (${(error as Error).message})\n${run.stdout.slice(-2000)}\n`);
  }
}

const previous = fs.existsSync(path.join(resultsDir, 'latest.json'))
  ? (JSON.parse(fs.readFileSync(path.join(resultsDir, 'latest.json'), 'utf8')) as { figures?: Record<string, unknown> })
  : {};
const merged = { ...(previous.figures ?? {}), ...figures };
const record = {
  measuredAt: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memGiB: Math.round(os.totalmem() / 2 ** 30), loadavg1: os.loadavg()[0], node: process.version },
  suitesRun: suites,
  failures,
  figures: merged,
};
fs.mkdirSync(resultsDir, { recursive: true });
fs.writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(record, null, 2)}\n`);
console.log(JSON.stringify({ ...merged, failures: failures.length }));
process.exitCode = failures.length > 0 ? 1 : 0;
