#!/usr/bin/env node
/**
 * Prints the totals of a test run per stage from the runners' own JSON reports (vitest
 * `--reporter=json`, Playwright's json reporter) and the stage log that scripts/test-everything.sh
 * keeps, then one closing line "totals: N passed, N failed, N skipped".
 *
 *   node scripts/test-totals.mjs <reports dir> [--fail-on-skip]
 *
 * Exit code: 1 when a stage failed or never finished, or (with --fail-on-skip, as in CI) when a
 * test was skipped — nothing may skip silently in CI. Plain JavaScript for any Node ≥ 18, so the
 * totals print even when the install itself failed.
 */
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--'));
const failOnSkip = args.includes('--fail-on-skip');
if (!dir) {
  console.error('usage: test-totals.mjs <reports dir> [--fail-on-skip]');
  process.exit(2);
}

/** stages.tsv: "start <stage> <epoch s>" and "end <stage> <status> <seconds>" lines, in order. */
function readStages() {
  const file = path.join(dir, 'stages.tsv');
  const stages = new Map();
  let runStart = null;
  if (!fs.existsSync(file)) return { stages, runStart };
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const [kind, name, a, b] = line.split('\t');
    if (kind === 'run') runStart = Number(name);
    if (kind === 'start' && name) stages.set(name, { name, status: 'killed', seconds: Math.max(0, Math.round(Date.now() / 1000) - Number(a)) });
    if (kind === 'end' && name) stages.set(name, { name, status: a, seconds: Number(b) });
  }
  return { stages, runStart };
}

const empty = () => ({ reports: 0, files: { passed: 0, failed: 0, skipped: 0 }, tests: { passed: 0, failed: 0, skipped: 0 }, skippedNames: [], failedNames: [] });

function addVitest(t, report) {
  t.reports++;
  for (const file of report.testResults ?? []) {
    const rel = path.relative(process.cwd(), file.name ?? '');
    const results = file.assertionResults ?? [];
    const failed = file.status === 'failed' || results.some((r) => r.status === 'failed');
    const allSkipped = results.length > 0 && results.every((r) => r.status === 'skipped' || r.status === 'pending' || r.status === 'todo');
    if (failed) t.files.failed++;
    else if (allSkipped) t.files.skipped++;
    else t.files.passed++;
    // A file that failed to load has no results: it counts as one failed test, with its message.
    if (failed && results.length === 0) {
      t.tests.failed++;
      t.failedNames.push(`${rel}: ${String(file.message ?? '').split('\n')[0]}`);
    }
    for (const r of results) {
      if (r.status === 'passed') t.tests.passed++;
      else if (r.status === 'failed') {
        t.tests.failed++;
        t.failedNames.push(`${rel} > ${r.fullName}`);
      } else {
        t.tests.skipped++;
        t.skippedNames.push(`${rel} > ${r.fullName}`);
      }
    }
  }
}

function addPlaywright(t, report) {
  t.reports++;
  const visit = (suite, file) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        const name = `${file} > ${spec.title}`;
        // 'flaky' needs a retry to exist; with retries 0 it cannot, and would count as failed.
        if (test.status === 'expected') t.tests.passed++;
        else if (test.status === 'skipped') {
          t.tests.skipped++;
          t.skippedNames.push(name);
        } else {
          t.tests.failed++;
          t.failedNames.push(name);
        }
      }
    }
    for (const child of suite.suites ?? []) visit(child, file);
  };
  for (const fileSuite of report.suites ?? []) {
    const before = { ...t.tests };
    visit(fileSuite, fileSuite.file ?? fileSuite.title);
    if (t.tests.failed > before.failed) t.files.failed++;
    else if (t.tests.passed === before.passed && t.tests.skipped > before.skipped) t.files.skipped++;
    else t.files.passed++;
  }
  for (const error of report.errors ?? []) {
    t.tests.failed++;
    t.failedNames.push(`(outside a test) ${String(error.message ?? '').split('\n')[0]}`);
  }
}

/** Which reports belong to which stage: <stage>.json, or <stage>-<n>.json for a stage of several runs. */
function totalsFor(stage) {
  const t = empty();
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f === `${stage}.json` || new RegExp(`^${stage}-\\d+\\.json$`).test(f)).sort() : [];
  for (const f of files) {
    let report;
    try {
      report = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
    } catch (error) {
      t.tests.failed++;
      t.failedNames.push(`${f}: unreadable report (${error.message})`);
      continue;
    }
    if (Array.isArray(report.testResults)) addVitest(t, report);
    else addPlaywright(t, report);
  }
  return t;
}

const { stages, runStart } = readStages();
const order = ['setup', 'typecheck', 'lint-deps', 'build', 'unit', 'fault', 'calendar', 'e2e', 'tracked-files'];
const names = [...new Set([...order.filter((s) => stages.has(s)), ...stages.keys()])];
const rows = [];
const sum = { files: { passed: 0, failed: 0, skipped: 0 }, tests: { passed: 0, failed: 0, skipped: 0 } };
const skipped = [];
const failedTests = [];
for (const name of names) {
  const stage = stages.get(name);
  const t = totalsFor(name);
  const hasTests = t.reports > 0;
  for (const k of ['passed', 'failed', 'skipped']) {
    sum.files[k] += t.files[k];
    sum.tests[k] += t.tests[k];
  }
  skipped.push(...t.skippedNames);
  failedTests.push(...t.failedNames);
  const fmt = (c) => (hasTests ? `${c.passed}/${c.failed}/${c.skipped}` : '—');
  const runs = t.reports > 1 ? ` ×${t.reports}` : '';
  rows.push([name + runs, stage.status, fmt(t.files), fmt(t.tests), `${stage.seconds} s`]);
}
const wall = runStart === null ? null : Math.round(Date.now() / 1000) - runStart;
const header = ['stage', 'result', 'files pass/fail/skip', 'tests pass/fail/skip', 'time'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
console.log('');
console.log('==== test totals ====');
console.log(line(header));
for (const r of rows) console.log(line(r));
const badStages = names.filter((n) => stages.get(n).status !== 'passed');
console.log(
  line([
    'total',
    badStages.length === 0 ? 'passed' : `FAILED: ${badStages.join(', ')}`,
    `${sum.files.passed}/${sum.files.failed}/${sum.files.skipped}`,
    `${sum.tests.passed}/${sum.tests.failed}/${sum.tests.skipped}`,
    wall === null ? '' : `${Math.floor(wall / 60)} min ${wall % 60} s wall`,
  ]),
);
for (const name of failedTests.slice(0, 30)) console.log(`  failed: ${name}`);
if (failedTests.length > 30) console.log(`  … and ${failedTests.length - 30} more failed`);
for (const name of skipped.slice(0, 30)) console.log(`  skipped: ${name}`);
const skipProblem = failOnSkip && sum.tests.skipped > 0;
if (skipProblem) console.log(`  ${sum.tests.skipped} test(s) skipped in CI, where nothing may skip: make them run or fail`);
console.log(`totals: ${sum.tests.passed} passed, ${sum.tests.failed} failed, ${sum.tests.skipped} skipped`);
process.exit(badStages.length > 0 || sum.tests.failed > 0 || skipProblem ? 1 : 0);
