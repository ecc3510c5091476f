import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../../tests/support/until.js';
import { createMemoryLogger } from '../core/logger.js';
import { workerEntry } from '../core/app-paths.js';
import { createWorkerHost, type WorkerHost, type WorkerStatus } from './worker-host.js';
import { threadWorkerSpawner } from './thread-worker.js';
import type { WorkerPort } from './worker-protocol.js';

const hosts: WorkerHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
});

function kioskWorker(): WorkerHost {
  process.env.KIOSK_ALLOW_DEBUG_CRASH = '1';
  const host = createWorkerHost(threadWorkerSpawner(workerEntry('kiosk-worker')), { name: 'kiosk', log: createMemoryLogger(), restartDelaysMs: [50, 50, 50] });
  hosts.push(host);
  return host;
}

describe('worker host', () => {
  it('runs work in the worker thread and answers', async () => {
    const host = kioskWorker();
    await host.whenReady();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-w-')), 'x.bin');
    fs.writeFileSync(file, 'abc');
    const hashes = await host.request<Record<string, string | null>>('files.sha256', { files: [file, `${file}.missing`] });
    expect(hashes[file]).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashes[`${file}.missing`]).toBeNull();
  });

  it('turns a bad request into a typed error and keeps serving', async () => {
    const host = kioskWorker();
    await host.whenReady();
    await expect(host.request('files.sha256', { files: 'not-a-list' })).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(host.request('no.such.method', {})).rejects.toMatchObject({ code: 'UNKNOWN_METHOD' });
    expect(host.status().state).toBe('ready');
  });

  it('restarts a worker that dies, reporting the degraded state meanwhile', async () => {
    const host = kioskWorker();
    const seen: WorkerStatus['state'][] = [];
    host.onStatus((s) => seen.push(s.state));
    await host.whenReady();
    await host.request('debug.crash', {});
    // The host notices the exit and restarts after 50 ms: ask while it says so, not after a guessed sleep.
    await until(() => host.status().state === 'restarting', 'the host reports the crashed worker as restarting', 5_000, 1);
    await expect(host.request('files.sha256', { files: [] })).rejects.toMatchObject({ code: 'UNAVAILABLE', retryable: true });
    await host.whenReady();
    expect(seen).toContain('restarting');
    expect(host.status()).toMatchObject({ state: 'ready', restarts: 1 });
    await expect(host.request('files.sha256', { files: [] })).resolves.toEqual({});
  });

  it('lets work in flight finish when closing, instead of killing native code mid-call', async () => {
    const host = kioskWorker();
    await host.whenReady();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-w-')), 'big.bin');
    fs.writeFileSync(file, Buffer.alloc(64 * 1024 * 1024, 7));
    const inFlight = host.request<Record<string, string>>('files.sha256', { files: [file] });
    await host.close();
    await expect(inFlight).resolves.toMatchObject({ [file]: expect.stringMatching(/^[0-9a-f]{64}$/) });
    fs.rmSync(file);
  });

  it('declares the worker down after repeated failures instead of looping for ever', async () => {
    let spawned = 0;
    const dying = (): WorkerPort => {
      spawned += 1;
      let exit: (code: number | null) => void = () => {};
      setTimeout(() => exit(1), 5);
      return { postMessage() {}, onMessage() {}, onExit: (l) => (exit = l), terminate() {} };
    };
    const host = createWorkerHost(dying, { name: 'broken', log: createMemoryLogger(), restartDelaysMs: [5, 5] });
    hosts.push(host);
    await expect(host.whenReady()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(host.status().state).toBe('down');
    expect(spawned).toBe(3);
    await expect(host.request('x', {})).rejects.toMatchObject({ code: 'UNAVAILABLE', retryable: false });
  });
});
