#!/usr/bin/env node
/**
 * `npm run test:e2e`: Playwright against the browser-hosted mode in Debian's Chromium.
 * Checks the tools first so a missing one is a clear message, not a stack trace, builds the
 * renderer and the HQ console if they are not built, then runs the specs. Extra arguments go to `playwright test`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'node_modules/.bin');
const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` };
const chromium = process.env.KIOSK_E2E_CHROMIUM ?? '/usr/lib/chromium/chromium';

const missing = [];
if (!fs.existsSync(chromium)) missing.push(`Chromium (${chromium}): apt-get install -y chromium`);
if (spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status !== 0) missing.push('ffmpeg: apt-get install -y ffmpeg');
if (missing.length > 0) {
  console.error(`test:e2e needs:\n  ${missing.join('\n  ')}\n(set KIOSK_E2E_CHROMIUM to use another Chromium binary)`);
  process.exit(2);
}

/** Newest modification time under a folder (the renderer's sources and the contract it is built against). */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}
const builtIndex = path.join(root, 'build/renderer/index.html');
const isStale = !fs.existsSync(builtIndex) || Math.max(newestMtime(path.join(root, 'renderer')), newestMtime(path.join(root, 'electron/contract'))) > fs.statSync(builtIndex).mtimeMs;
if (isStale) {
  console.log('test:e2e: building the renderer first (missing or older than its sources)');
  const build = spawnSync(path.join(bin, 'vite'), ['build', '--config', 'renderer/vite.config.ts'], { cwd: root, env, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// The HQ console (tests/e2e/hq-console.spec.ts) is its own bundle; it shares the store's i18n, styles and contract.
const consoleIndex = path.join(root, 'build/hq-console/index.html');
const consoleStale = !fs.existsSync(consoleIndex) || Math.max(newestMtime(path.join(root, 'renderer')), newestMtime(path.join(root, 'electron/contract'))) > fs.statSync(consoleIndex).mtimeMs;
if (consoleStale) {
  console.log('test:e2e: building the HQ console first (missing or older than its sources)');
  const build = spawnSync(path.join(bin, 'vite'), ['build', '--config', 'renderer/hq-console/vite.config.ts'], { cwd: root, env, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const run = spawnSync(path.join(bin, 'playwright'), ['test', '-c', 'tests/e2e/playwright.config.ts', ...process.argv.slice(2)], { cwd: root, env, stdio: 'inherit' });
process.exit(run.status ?? 1);
