import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './paths.js';

export interface KioskHost {
  /** The launch URL with the token, as printed by the host (`KIOSK_URL=…`). */
  launchUrl: string;
  origin: string;
  token: string;
  dataDir: string;
  /** Taken just before the host started (and seeded the demo store on the system clock). */
  startedAt: Date;
  /** Calls a contract method over HTTP, as the renderer does (used to arrange test data). */
  call<T = unknown>(method: string, args: unknown, clientId?: string): Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>;
  stop(): Promise<void>;
}

/**
 * Starts `browser-host-cli.ts --demo` on a free port with a fresh data directory (and, when given,
 * its config.json) and waits for
 * its `KIOSK_URL=` line. The process group is ours, so stopping it ends tsx and its node child.
 */
export async function startKioskHost(extraArgs: string[] = [], config?: Record<string, unknown>, existingDataDir?: string): Promise<KioskHost> {
  const startedAt = new Date();
  // An existing folder: a store already provisioned against HQ (tests/e2e/support/hq-stack.ts); removed at stop() too.
  const dataDir = existingDataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-e2e-'));
  // The store's own config.json (e.g. a receipt printer), read by the host as on a real till.
  if (config) fs.writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify(config, null, 2));
  const bin = path.join(repoRoot, 'node_modules/.bin');
  const child: ChildProcess = spawn(path.join(bin, 'tsx'), ['electron/host/browser-host-cli.ts', '--data-dir', dataDir, '--port', '0', '--demo', ...extraArgs], {
    cwd: repoRoot,
    env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const launchUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kiosk host did not start within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /KIOSK_URL=(\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kiosk host exited with ${code} before it was ready:\n${output}`));
    });
  });
  // Keep draining the pipes so the host never blocks on a full stdout.
  child.stdout?.resume();
  child.stderr?.resume();
  const url = new URL(launchUrl);
  const token = url.searchParams.get('token') ?? '';
  const origin = url.origin;

  return {
    launchUrl,
    origin,
    token,
    dataDir,
    startedAt,
    async call(method, args, clientId = 'e2e-arrange-client') {
      const response = await fetch(`${origin}/api/call/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-kiosk-token': token, 'x-kiosk-client': clientId },
        body: JSON.stringify(args),
      });
      return (await response.json()) as never;
    },
    async stop() {
      if (child.exitCode === null && child.pid !== undefined) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        process.kill(-child.pid, 'SIGTERM');
        const timer = setTimeout(() => {
          if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        }, 5_000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
