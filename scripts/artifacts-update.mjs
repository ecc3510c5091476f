#!/usr/bin/env node
/**
 * `npm run artifacts:update [-- name …]`: copies chosen e2e screenshots (tests/e2e/artifacts/, untracked,
 * written by every test run) into the tracked docs/screenshots/. Without names, the ones listed in
 * docs/screenshots/chosen.txt (one name per line, without .png; # comments). Tests never write tracked
 * files; a person runs this after looking at the pictures.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const from = path.join(root, 'tests/e2e/artifacts');
const to = path.join(root, 'docs/screenshots');
const listFile = path.join(to, 'chosen.txt');

const names = process.argv.slice(2).length > 0
  ? process.argv.slice(2)
  : fs.readFileSync(listFile, 'utf8').split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean);
const missing = names.filter((n) => !fs.existsSync(path.join(from, `${n.replace(/\.png$/, '')}.png`)));
if (missing.length > 0) {
  console.error(`artifacts:update: not in tests/e2e/artifacts (run the e2e spec that takes them first): ${missing.join(', ')}`);
  process.exit(1);
}
fs.mkdirSync(to, { recursive: true });
for (const name of names) {
  const file = `${name.replace(/\.png$/, '')}.png`;
  fs.copyFileSync(path.join(from, file), path.join(to, file));
  console.log(`docs/screenshots/${file}`);
}
