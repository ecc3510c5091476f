import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHqDb, type HqDb } from '../../edge-sync/hq/db/hq-db.js';
import { HqRepository } from '../../edge-sync/hq/hq-repository.js';
import { canonicalRequest, newNonce, signRequest } from '../../edge-sync/protocol/signing.js';
import { HEADER, WIRE_VERSION } from '../../edge-sync/protocol/wire.js';
import { hqTestEngine } from '../support/postgres.js';
import { createScratchPgDatabase } from './support/hq-fixture.js';

/**
 * Issue 13: `npm run hq -- serve` stops gracefully on SIGTERM. A real HQ process over a scratch
 * PostgreSQL database: an ingest whose headers HQ has already taken (100-continue) is in flight when
 * the signal arrives; new connections are refused from then on, the in-flight ingest still completes
 * and is stored, and the process closes its pool and exits 0.
 */
const script = fileURLToPath(new URL('../../scripts/hq.ts', import.meta.url));
let db: HqDb;
let dropDb: () => Promise<void>;
let target: string[];
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-hq-stop-'));
  if ((await hqTestEngine()) === 'postgres') {
    const scratch = await createScratchPgDatabase();
    db = await openHqDb({ pgUrl: scratch.url });
    dropDb = () => scratch.drop();
    target = ['--pg', scratch.url];
  } else {
    db = await openHqDb({ sqliteFile: path.join(dir, 'hq.sqlite') });
    dropDb = async () => undefined;
    target = ['--sqlite', path.join(dir, 'hq.sqlite')];
  }
});
afterAll(async () => {
  await db?.close();
  await dropDb?.();
  fs.rmSync(dir, { recursive: true, force: true });
});

function startHqProcess(): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, 'serve', ...target, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', () => {
      const m = /HQ listening on (\S+)/.exec(out);
      if (m?.[1]) resolve({ child, url: m[1], output: () => out });
    });
    child.once('exit', (code) => reject(new Error(`HQ exited (${code}) before listening: ${out}`)));
  });
}

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('npm run hq -- serve on SIGTERM', () => {
  it('refuses new connections, finishes the ingest in flight, stores it, closes and exits 0', async () => {
    const repo = new HqRepository(db);
    const { token } = await repo.createProvisioningToken({ storeId: 'store-s', chainId: 'chain-s', now: new Date(), ttlMs: 60_000 });
    const device = await repo.provisionDevice({ token, storeId: 'store-s', deviceName: 'c1', now: new Date(), originId: 'org-s' });
    const { child, url, output } = await startHqProcess();
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const port = Number(new URL(url).port);

    const at = '2026-11-20T08:00:00.000Z';
    const event = {
      eventId: 'stop-1',
      kind: 'checkin.recorded',
      memberId: 'm-stop',
      memberSeq: 1,
      schemaVersion: 1,
      occurredAt: at,
      payload: { checkinId: 'ci-stop-1', memberId: 'm-stop', method: 'qr', at, localDate: '2026-11-20', streakDays: 1, pointsAwarded: 5 },
    };
    const body = Buffer.from(JSON.stringify({ v: WIRE_VERSION, originId: 'org-s', storeId: 'store-s', deviceId: device.deviceId, events: [event], skipped: [] }));
    const ts = Date.now();
    const nonce = newNonce();
    const req = http.request(`${url}/v1/events/batch`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': String(body.length),
        expect: '100-continue',
        [HEADER.device]: device.deviceId,
        [HEADER.timestamp]: String(ts),
        [HEADER.nonce]: nonce,
        [HEADER.signature]: signRequest(device.secret, canonicalRequest('POST', '/v1/events/batch', ts, nonce, body)),
      },
    });
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      req.on('response', (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
    });
    // HQ answered 100-continue: it has the request's headers, so the request is in flight.
    await new Promise<void>((resolve) => req.on('continue', () => resolve()));
    req.write(body.subarray(0, 10));

    child.kill('SIGTERM');
    // The listener closes first: poll until a new connection is refused.
    await expect.poll(() => connects(port), { timeout: 15_000, interval: 50 }).toBe(false);
    expect(child.exitCode).toBeNull();

    req.end(body.subarray(10));
    const res = await answer;
    expect(res.status, res.text).toBe(200);
    expect((JSON.parse(res.text) as { accepted: string[] }).accepted).toEqual(['stop-1']);
    expect(await exited, output()).toBe(0);
    expect((await repo.listEvents({ memberId: 'm-stop' })).map((e) => e.eventId)).toEqual(['stop-1']);
    expect(output()).toContain('"msg":"hq.shutting_down"');
    expect(output()).toMatch(/"forced":false,"msg":"hq.stopped"/);
  }, 60_000);
});
