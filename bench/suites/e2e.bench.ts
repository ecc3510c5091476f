/**
 * End-to-end figures (issue 5), measured by `npm run test:e2e` in a real Chromium with a face video
 * as the camera and kept in tests/e2e/.tmp/e2e-figures.json (untracked: tests never write a tracked
 * file; `npm run bench` merges these figures into bench/results/latest.json). This suite does not start a browser (that run
 * takes minutes); it reports the figures of the last e2e run:
 *   greet_ms          median time from the face appearing in the video to the greeting on screen (goal ≤ 1,000)
 *   greet_ms_max      the slowest greeting of that run
 *   join_flow_ms      the system's share of joining with face consent (form filled instantly)
 *   sale_interactions cashier taps/keys for a 2-item sale with points redemption, member identified → receipt printed (goal ≤ 8)
 *   sale_ms           the same sale's wall time in Playwright (tests/e2e/counter-sale.spec.ts)
 *   e2e_loadavg1      the machine's 1-minute load average when those figures were written
 *   e2e_age_h         how old the figures are, in hours (a stale figure is visible as such)
 * No results file (e2e never ran here): prints {} and says so on stderr, so `npm run bench` still passes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { e2eFiguresFile } from '../../tests/e2e/support/paths.js';
import { report, round } from '../bench-stats.js';

const resultsFile = e2eFiguresFile;
const log = (m: string) => process.stderr.write(`e2e.bench: ${m}\n`);

/** Figures copied as they are, when present and numeric. */
const FIGURES = ['greet_ms', 'greet_ms_max', 'join_flow_ms', 'sale_interactions', 'sale_ms'] as const;

function figuresOf(record: Record<string, unknown>, now: number): Record<string, number> {
  const figures: Record<string, number> = {};
  for (const name of FIGURES) {
    const value = record[name];
    if (typeof value === 'number' && Number.isFinite(value)) figures[name] = value;
  }
  if (typeof record['loadavg1'] === 'number') figures['e2e_loadavg1'] = round(record['loadavg1'], 2);
  const measuredAt = typeof record['measuredAt'] === 'string' ? Date.parse(record['measuredAt']) : Number.NaN;
  if (Number.isFinite(measuredAt)) figures['e2e_age_h'] = round((now - measuredAt) / 3_600_000, 2);
  return figures;
}

if (!fs.existsSync(resultsFile)) {
  log(`no ${path.relative(process.cwd(), resultsFile)}: run \`npm run test:e2e\` first to measure greet_ms`);
  report({});
} else {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    // A half-written or hand-edited file is reported, not a crash of the whole bench run.
    log(`cannot read ${resultsFile}: ${(error as Error).message}`);
    record = {};
  }
  const figures = figuresOf(record, Date.now());
  if (!('greet_ms' in figures)) log('the last e2e run recorded no greet_ms (a face test failed or was skipped?)');
  else log(`figures of the e2e run at ${String(record['measuredAt'])} (load average then ${String(record['loadavg1'])})`);
  report(figures);
}
