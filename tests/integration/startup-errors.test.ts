import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Start-up problems reach store IT as one clear sentence and exit code 2, never a stack trace. */
function startHost(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'electron/host/browser-host-cli.ts', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, KIOSK_DATA_DIR: '' },
  });
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-start-'));
}

function expectCleanFailure(run: ReturnType<typeof startHost>, pattern: RegExp) {
  expect(run.status).toBe(2);
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stdout).not.toContain('KIOSK_URL=');
}

describe('browser-hosted start-up errors', () => {
  it('a wrong type in config.json', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ server: { port: 'eighty' } }));
    expectCleanFailure(startHost(['--data-dir', dir]), /Invalid .*config\.json:\n\s+- server\.port: /);
  });

  it('an unknown key in config.json', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ printer: { port: 'COM3' } }));
    expectCleanFailure(startHost(['--data-dir', dir]), /unknown key\(s\) "printer"/);
  });

  it('an unusable data directory', () => {
    const file = path.join(tempDir(), 'not-a-dir');
    fs.writeFileSync(file, '');
    expectCleanFailure(startHost(['--data-dir', path.join(file, 'data')]), /Data directory .* cannot be created/);
  });

  it('an unknown flag or a bad port', () => {
    expectCleanFailure(startHost(['--data-dir', tempDir(), '--colour', 'red']), /Unknown option '--colour'/);
    expectCleanFailure(startHost(['--data-dir', tempDir(), '--port', '80a']), /--port must be a number/);
  });
});
