#!/usr/bin/env node
/**
 * `npm run artifacts:update [name …]`: copies chosen Playwright screenshots from the ignored
 * tests/e2e/artifacts/ into the tracked docs/screenshots/. Tests never write tracked files; a
 * person runs this after looking at the pictures. With no names, copies those listed (one per
 * line, without .png) in docs/screenshots/chosen.txt.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const from = path.join(root, 'tests/e2e/artifacts');
const to = path.join(root, 'docs/screenshots');
const listed = path.join(to, 'chosen.txt');
const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : fs.readFileSync(listed, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
const missing = names.filter((n) => !fs.existsSync(path.join(from, `${n.replace(/\.png$/, '')}.png`)));
if (missing.length > 0) {
  console.error(`not in tests/e2e/artifacts (run the e2e spec that takes them first): ${missing.join(', ')}`);
  process.exit(1);
}
fs.mkdirSync(to, { recursive: true });
for (const n of names) {
  const file = `${n.replace(/\.png$/, '')}.png`;
  fs.copyFileSync(path.join(from, file), path.join(to, file));
  console.log(`docs/screenshots/${file}`);
}
