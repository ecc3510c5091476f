import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deprovisionDevice, provisionDevice, ProvisioningError, readProvisioningFile, entryForDevice } from '../../edge-sync/client/provisioning.js';
import { readCredentials } from '../../edge-sync/client/credentials-file.js';
import { startTestHq, type TestHq } from '../fault/support/hq-fixture.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

describe('device provisioning against a real HQ', () => {
  let hq: TestHq;
  let dir: string;
  const token = (opts: { ttlMs?: number; at?: Date; store?: string } = {}) =>
    hq.repo.createProvisioningToken({ storeId: opts.store ?? 'store-p', chainId: 'chain-p', now: opts.at ?? new Date(), ttlMs: opts.ttlMs ?? 60_000 }).then((t) => t.token);
  const provision = (t: string, extra: Partial<Parameters<typeof provisionDevice>[0]> = {}) =>
    provisionDevice({ dataDir: dir, hqUrl: hq.hq.url, storeId: 'store-p', token: t, deviceName: 'counter-1', appVersion: 'test', ...extra });

  beforeAll(async () => {
    hq = await startTestHq({ engine: 'sqlite' });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  afterAll(async () => hq?.close());

  it('good token: credentials stored 0600, device known to HQ; a second provisioning needs --force and retires the old device', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-prov-'));
    const creds = await provision(await token());
    expect(fs.statSync(path.join(dir, 'hq-device.json')).mode & 0o777).toBe(0o600);
    expect(readCredentials(dir)).toEqual(creds);
    expect((await hq.repo.getDevice(creds.deviceId))?.storeId).toBe('store-p');

    await expect(provision(await token())).rejects.toMatchObject({ code: 'ALREADY_PROVISIONED' });
    const again = await provision(await token(), { force: true });
    expect(again.deviceId).not.toBe(creds.deviceId);
    expect((await hq.repo.getDevice(creds.deviceId))?.revokedAt).not.toBeNull();

    const out = await deprovisionDevice(dir);
    expect(out.retiredAtHq).toBe(true);
    expect(readCredentials(dir)).toBeNull();
    expect((await hq.repo.getDevice(again.deviceId))?.revokedAt).not.toBeNull();
  });

  it.each([
    ['bad', async () => 'mkpt_this-token-does-not-exist', 'TOKEN_INVALID'],
    ['expired', async () => token({ at: new Date(Date.now() - 2 * 3_600_000), ttlMs: 3_600_000 }), 'TOKEN_EXPIRED'],
    ['other store', async () => token({ store: 'store-q' }), 'FORBIDDEN'],
  ])('%s token: refused with a clear code and nothing stored', async (_label, makeToken, code) => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-prov-'));
    const err = await provision(await makeToken()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProvisioningError);
    expect((err as ProvisioningError).code).toBe(code);
    expect(readCredentials(dir)).toBeNull();
  });

  it('HQ down: HQ_UNREACHABLE and nothing stored', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-prov-'));
    const err = await provisionDevice({ dataDir: dir, hqUrl: 'http://127.0.0.1:9', storeId: 'store-p', token: await token(), deviceName: 'c', appVersion: 't' }).catch((e: unknown) => e);
    expect((err as ProvisioningError).code).toBe('HQ_UNREACHABLE');
    expect(readCredentials(dir)).toBeNull();
  });

  it('mass roll-out file: picks the entry for this device', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-prov-'));
    const file = path.join(dir, 'rollout.json');
    fs.writeFileSync(file, JSON.stringify({ v: 1, hqUrl: hq.hq.url, devices: [{ storeId: 'store-p', deviceName: 'counter-2', token: await token() }] }));
    const entry = entryForDevice(readProvisioningFile(file), 'counter-2');
    const creds = await provision(entry.token, { deviceName: entry.deviceName });
    expect(creds.deviceName).toBe('counter-2');
    expect(() => entryForDevice(readProvisioningFile(file), 'counter-9')).toThrow(/no entry/);
  });

  it('npm run provision: provisions, writes config.json, never prints the secret', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-prov-'));
    // Asynchronously: HQ runs in this process and must keep answering.
    const run = await promisify(execFile)(
      path.join(root, 'node_modules', '.bin', 'tsx'),
      ['scripts/provision.ts', '--store', 'store-p', '--hq', hq.hq.url, '--token', await token(), '--data-dir', dir, '--json'],
      { cwd: root, encoding: 'utf8', env: { ...process.env, PATH: `${path.join(root, 'node_modules', '.bin')}:${process.env['PATH']}` } },
    );
    expect(run.stderr).toBe('');
    const creds = readCredentials(dir);
    expect(JSON.parse(run.stdout)).toMatchObject({ provisioned: true, deviceId: creds?.deviceId });
    expect(run.stdout + run.stderr).not.toContain(creds?.deviceSecret ?? 'x');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'))).toMatchObject({ store: { id: 'store-p' }, hq: { url: hq.hq.url } });
  });
});
