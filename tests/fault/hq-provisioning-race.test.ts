import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { provisionDevice, ProvisioningError } from '../../edge-sync/client/provisioning.js';
import { plainHttpRefusal } from '../../edge-sync/client/hq-url.js';
import { startHq } from '../../edge-sync/hq/hq-server.js';
import { hqTestEngine } from '../support/postgres.js';
import { startTestHq, type TestHq } from './support/hq-fixture.js';
import { rawRequest } from './support/signed-request.js';

/**
 * Issue 12: a single-use provisioning token redeemed by 50 devices at once creates exactly one
 * device, on PostgreSQL and on SQLite (the use is taken by one UPDATE … WHERE uses < max_uses
 * RETURNING); and neither end speaks plain HTTP to another machine unless a lab says so.
 */
const engines = (await hqTestEngine()) === 'postgres' ? (['auto', 'sqlite'] as const) : (['sqlite'] as const);
const opened: TestHq[] = [];
afterAll(async () => {
  for (const h of opened) await h.close();
});

describe.each(engines)('provisioning token redemption (engine: %s)', (engine) => {
  it('50 concurrent redemptions of a single-use token create exactly one device', async () => {
    const hq = await startTestHq({ engine, addressRate: { perSecond: 1000, burst: 1000 } });
    opened.push(hq);
    const { token } = await hq.repo.createProvisioningToken({ storeId: 'store-race', chainId: 'chain-r', now: new Date(), ttlMs: 60_000 });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        rawRequest(hq.hq.url, 'POST', '/v1/provision', JSON.stringify({ v: 1, token, storeId: 'store-race', deviceName: `c${i}`, appVersion: 't' })),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status !== 201).every((r) => r.status === 401 && r.body.error?.code === 'TOKEN_USED')).toBe(true);
    const devices = await hq.db.query<{ n: number }>('SELECT count(*) AS n FROM devices');
    expect(Number(devices[0]?.n)).toBe(1);
    const uses = await hq.db.query<{ uses: number }>('SELECT uses FROM provisioning_tokens');
    expect(Number(uses[0]?.uses)).toBe(1);
  }, 60_000);
});

describe('plain HTTP', () => {
  it('the client refuses http:// to another machine unless a lab allows it; loopback and https are fine', async () => {
    expect(plainHttpRefusal('http://127.0.0.1:5790')).toBeNull();
    expect(plainHttpRefusal('http://localhost:5790')).toBeNull();
    expect(plainHttpRefusal('http://[::1]:5790')).toBeNull();
    expect(plainHttpRefusal('https://hq.example.com')).toBeNull();
    expect(plainHttpRefusal('http://hq.example.com:5790')).toMatch(/plain http/);
    expect(plainHttpRefusal('http://10.0.0.5:5790')).toMatch(/plain http/);
    expect(plainHttpRefusal('http://10.0.0.5:5790', true)).toBeNull();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-plain-'));
    let called = 0;
    try {
      const attempt = provisionDevice({
        dataDir: dir,
        hqUrl: 'http://hq.example.com:5790',
        storeId: 'store-1',
        token: 'mkpt_aaaaaaaaaaaaaaaaaaaaaaaa',
        deviceName: 'c1',
        appVersion: 't',
        fetch: (async () => {
          called++;
          throw new Error('must not be called');
        }) as typeof fetch,
      });
      await expect(attempt).rejects.toBeInstanceOf(ProvisioningError);
      await expect(attempt).rejects.toThrow(/plain http/);
      expect(called).toBe(0);
      expect(fs.existsSync(path.join(dir, 'hq-device.json'))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('HQ refuses to serve plain HTTP on a non-loopback address unless a lab allows it', async () => {
    const hq = await startTestHq({ engine: 'sqlite' });
    opened.push(hq);
    await expect(startHq({ repo: hq.repo, host: '0.0.0.0', port: 0 })).rejects.toThrow(/plain HTTP/);
    const lab = await startHq({ repo: hq.repo, host: '0.0.0.0', port: 0, allowPlainHttpLab: true });
    try {
      expect((await rawRequest(`http://127.0.0.1:${lab.port}`, 'GET', '/v1/health', null)).status).toBe(200);
    } finally {
      await lab.close();
    }
  });
});
