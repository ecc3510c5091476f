#!/usr/bin/env node
/**
 * `npm run artifacts:update`: copies the chosen e2e screenshots from tests/e2e/artifacts/ (untracked,
 * written by every Playwright run) into docs/screenshots/ (tracked). Tests never write tracked files;
 * a person runs this after looking at the screenshots and commits the result.
 *
 * Which screenshots are chosen: docs/screenshots/chosen/*.txt, one artifact name per line (without
 * .png; # starts a comment). Each area keeps its own list file, so parallel work does not conflict.
 * A chosen screenshot that is missing is an error (run its spec first), never silently skipped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const artifacts = path.join(root, 'tests/e2e/artifacts');
const target = path.join(root, 'docs/screenshots');
const listDir = path.join(target, 'chosen');

const names = fs
  .readdirSync(listDir)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .flatMap((f) => fs.readFileSync(path.join(listDir, f), 'utf8').split('\n'))
  .map((line) => line.replace(/#.*/, '').trim())
  .filter((line) => line !== '');

const missing = names.filter((n) => !fs.existsSync(path.join(artifacts, `${n}.png`)));
if (missing.length > 0) {
  console.error(`artifacts:update: not in tests/e2e/artifacts/ (run the e2e spec that makes them first):\n  ${missing.join('\n  ')}`);
  process.exit(1);
}
for (const n of names) fs.copyFileSync(path.join(artifacts, `${n}.png`), path.join(target, `${n}.png`));
console.log(`artifacts:update: ${names.length} screenshot(s) copied to docs/screenshots/`);
