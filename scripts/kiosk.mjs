#!/usr/bin/env node
// `npm run kiosk`: set up (unless --no-install), build, and start Member Kiosk on its embedded
// defaults with a demo store. The Electron app where an Electron runtime is installed and a display
// exists; otherwise the browser-hosted mode, which prints its URL and opens Chromium if present.
// Runs on any Node ≥ 18 with no dependencies: it is what a newcomer types first.
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const noInstall = args.includes('--no-install');
const forceBrowser = args.includes('--browser');
const passThrough = args.filter((a) => a !== '--no-install' && a !== '--browser');

function run(cmd, cmdArgs, extraEnv = {}) {
  const result = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...extraEnv } });
  if (result.status !== 0) {
    console.error(`kiosk: \`${cmd} ${cmdArgs.join(' ')}\` failed (exit ${result.status}).`);
    process.exit(result.status ?? 1);
  }
}

if (!noInstall) run('bash', ['scripts/setup.sh', '--if-needed']);
const binDir = path.join(root, 'node_modules', '.bin');
const env = { PATH: `${binDir}${path.delimiter}${process.env.PATH}` };
run('npm', ['run', '--silent', 'build'], env);

const electronPathFile = path.join(root, 'node_modules', 'electron', 'path.txt');
const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const hasElectron = fs.existsSync(electronPathFile);
const dataDir = path.join(root, '.kiosk-data');

if (hasElectron && hasDisplay && !forceBrowser) {
  console.log('kiosk: starting the Electron app');
  const electron = path.join(root, 'node_modules', 'electron', 'dist', fs.readFileSync(electronPathFile, 'utf8').trim());
  const child = spawn(electron, ['.', '--demo', ...passThrough], { cwd: root, stdio: 'inherit', env: { ...process.env, KIOSK_DATA_DIR: dataDir } });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(hasElectron ? 'kiosk: no display; starting the browser-hosted kiosk' : 'kiosk: no Electron runtime here; starting the browser-hosted kiosk');
  // Node 22 from node_modules (better-sqlite3 13 needs it), running the built JavaScript.
  const node = fs.existsSync(path.join(binDir, 'node')) ? path.join(binDir, 'node') : process.execPath;
  const child = spawn(node, ['build/electron/host/browser-host-cli.js', '--demo', '--open', '--data-dir', dataDir, ...passThrough], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}
