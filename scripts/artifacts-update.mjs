#!/usr/bin/env node
/**
 * `npm run artifacts:update`: copies the chosen e2e screenshots from this machine's last runs
 * (tests/e2e/artifacts/run/, ignored by git; tests/e2e/support/paths.ts) up into tests/e2e/artifacts/
 * (tracked). Tests never write a tracked file; a person runs this after looking at the screenshots
 * and commits the result.
 *
 * Which screenshots are chosen: tests/e2e/artifacts/chosen/*.txt, one artifact name per line
 * (without .png; # starts a comment). Each area keeps its own list file, so parallel work does not
 * conflict.
 *
 * Tolerant by default: copies every chosen screenshot that exists, lists the missing ones (run their
 * spec first) and exits 0, so one area's run refreshes its pictures without running every spec.
 *   --strict  exit 1 when a chosen screenshot is missing (a release check)
 *   --prune   delete PNGs in the tracked folder that no list chooses any more
 *   --dir D   the tracked folder (default tests/e2e/artifacts); --from F the run folder (default D/run)
 * A copied PNG over MAX_BYTES is reported: a smaller viewport or a cropped shot keeps the repo light.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MAX_BYTES = 300 * 1024;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function option(name) {
  const at = process.argv.indexOf(name);
  if (at === -1) return undefined;
  const value = process.argv[at + 1];
  if (value === undefined || value.startsWith('--')) {
    console.error(`artifacts:update: ${name} needs a folder`);
    process.exit(2);
  }
  return path.resolve(value);
}
const isStrict = process.argv.includes('--strict');
const isPrune = process.argv.includes('--prune');
const target = option('--dir') ?? path.join(root, 'tests/e2e/artifacts');
const from = option('--from') ?? path.join(target, 'run');
const listDir = path.join(target, 'chosen');

/** Chosen names in list order, each once (a name in two lists is copied once). */
const names = [
  ...new Set(
    fs
      .readdirSync(listDir)
      .filter((f) => f.endsWith('.txt'))
      .sort()
      .flatMap((f) => fs.readFileSync(path.join(listDir, f), 'utf8').split('\n'))
      .map((line) => line.replace(/#.*/, '').trim())
      .filter((line) => line !== ''),
  ),
];

const copied = [];
const missing = [];
const heavy = [];
for (const name of names) {
  const source = path.join(from, `${name}.png`);
  if (!fs.existsSync(source)) {
    missing.push(name);
    continue;
  }
  fs.copyFileSync(source, path.join(target, `${name}.png`));
  copied.push(name);
  const bytes = fs.statSync(source).size;
  if (bytes > MAX_BYTES) heavy.push(`${name}.png (${Math.round(bytes / 1024)} KB)`);
}

const chosen = new Set(names.map((n) => `${n}.png`));
const unchosen = fs.readdirSync(target).filter((f) => f.endsWith('.png') && !chosen.has(f));
if (isPrune) for (const f of unchosen) fs.rmSync(path.join(target, f));

const rel = (p) => path.relative(process.cwd(), p) || '.';
console.log(`artifacts:update: ${copied.length} of ${names.length} chosen screenshot(s) copied from ${rel(from)} to ${rel(target)}`);
if (missing.length > 0) {
  console.log(`not in ${rel(from)} (run the e2e spec that makes them; the tracked copy, if any, is kept):\n  ${missing.join('\n  ')}`);
}
if (heavy.length > 0) console.log(`over ${MAX_BYTES / 1024} KB (crop the shot or use a smaller viewport):\n  ${heavy.join('\n  ')}`);
if (unchosen.length > 0) {
  console.log(`${isPrune ? 'deleted' : 'in the folder but chosen by no list (--prune deletes them)'}:\n  ${unchosen.join('\n  ')}`);
}
if (isStrict && missing.length > 0) process.exit(1);
