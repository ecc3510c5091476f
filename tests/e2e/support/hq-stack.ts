import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createScratchPgDatabase } from '../../fault/support/hq-fixture.js';
import { repoRoot } from './paths.js';

/**
 * The HQ console suite's stack (issue 13): a real HQ process on a scratch PostgreSQL database serving
 * the built console, its CLIs (create-admin, create-token), and store data folders provisioned
 * against it with `npm run provision`. Every process is ours (detached group), stopped at the end.
 */
const bin = path.join(repoRoot, 'node_modules/.bin');
const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` };

export interface HqProcess {
  url: string;
  pgUrl: string;
  /** Runs `npm run hq -- <args> --pg <url>` to completion and returns its stdout (throws on a non-zero exit). */
  cli(args: string[]): string;
  /** Stops the HQ process and keeps its database (an HQ outage); `resume()` starts it again on the same port. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
}

function runTsx(script: string, args: string[]): string {
  const run = spawnSync(path.join(bin, 'tsx'), [script, ...args], { cwd: repoRoot, env, encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`${script} ${args.join(' ')} exited ${run.status}:\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(-child.pid, 'SIGTERM');
  const timer = setTimeout(() => {
    if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  }, 10_000);
  await exited;
  clearTimeout(timer);
}

/** `npm run hq -- serve --pg <url> --port <port>`, ready once it prints the URL it listens on. */
async function spawnHq(pgUrl: string, port: number): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(path.join(bin, 'tsx'), ['scripts/hq.ts', 'serve', '--pg', pgUrl, '--port', String(port)], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`HQ did not start within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // "HQ listening on http://127.0.0.1:PORT" or a JSON log line with the url.
      const match = /listening[^\n]*?(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`HQ exited with ${code} before it was ready:\n${output}`));
    });
  });
  child.stdout?.resume();
  child.stderr?.resume();
  return { child, url };
}

/** A real HQ process on a scratch PostgreSQL database (`npm run hq -- serve --pg <scratch> --port 0`). */
export async function startHqProcess(): Promise<HqProcess> {
  const scratch = await createScratchPgDatabase();
  let { child, url } = await spawnHq(scratch.url, 0);
  const port = Number(new URL(url).port);
  return {
    url,
    pgUrl: scratch.url,
    cli: (args) => runTsx('scripts/hq.ts', [...args, '--pg', scratch.url]),
    pause: () => stopGroup(child),
    async resume() {
      if (child.exitCode === null && child.signalCode === null) return;
      ({ child, url } = await spawnHq(scratch.url, port));
    },
    async stop() {
      await stopGroup(child);
      await scratch.drop();
    },
  };
}

/** The one-time setup link `create-admin` prints (`<base>/console/setup#token=…`). */
export function createFirstAdmin(hq: HqProcess, chainId: string, username: string): string {
  const out = hq.cli(['create-admin', '--chain', chainId, '--username', username, '--base-url', hq.url]);
  const link = /(http:\/\/\S+\/console\/setup#token=\S+)/.exec(out)?.[1];
  if (!link) throw new Error(`create-admin printed no setup link:\n${out}`);
  return link;
}

/**
 * A store data folder provisioned against HQ with a fresh one-time token (`create-token`, then
 * `npm run provision`), syncing often enough for a test: uploads at once, downlink every 5 s.
 */
export function provisionStoreDataDir(hq: HqProcess, chainId: string, storeId: string, storeName: string): string {
  const { token } = JSON.parse(hq.cli(['create-token', '--store', storeId, '--chain', chainId, '--name', storeName]).trim().split('\n').at(-1) ?? '{}') as { token?: string };
  if (!token) throw new Error(`create-token printed no token for ${storeId}`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `kiosk-e2e-${storeId}-`));
  runTsx('scripts/provision.ts', ['--store', storeId, '--hq', hq.url, '--token', token, '--data-dir', dataDir, '--device-name', 'counter-1']);
  const configFile = path.join(dataDir, 'config.json');
  const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as { hq?: Record<string, unknown>; store?: Record<string, unknown> };
  config.hq = { ...config.hq, downlinkEverySeconds: 5, idlePollSeconds: 1 };
  config.store = { ...config.store, name: storeName };
  fs.writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
  return dataDir;
}
