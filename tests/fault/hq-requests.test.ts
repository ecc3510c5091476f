import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WIRE_VERSION, type WireEvent } from '../../edge-sync/protocol/wire.js';
import { provisionDevice } from '../../edge-sync/client/provisioning.js';
import type { StoredCredentials } from '../../edge-sync/client/credentials-file.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hqTestEngine } from '../support/postgres.js';
import { testRandom } from '../support/seeded-random.js';
import { startTestHq, type TestHq } from './support/hq-fixture.js';
import { rawRequest } from './support/signed-request.js';

function checkin(eventId: string, memberId: string, seq: number): WireEvent {
  const at = new Date('2026-11-20T08:00:00Z');
  return {
    eventId,
    kind: 'checkin.recorded',
    memberId,
    memberSeq: seq,
    schemaVersion: 1,
    occurredAt: at.toISOString(),
    payload: { checkinId: `ci-${eventId}`, memberId, method: 'qr', at: at.toISOString(), localDate: '2026-11-20', streakDays: 1, pointsAwarded: 5 },
  };
}

/**
 * HQ's answers to requests that are malformed, oversized, unauthenticated, replayed, duplicated or
 * reordered: each gets the right status and code, and the refused ones change nothing.
 */
// Both engines behind the one data-access layer: PostgreSQL and the embedded SQLite. PostgreSQL is
// left out only where this run fell back to SQLite (announced; never in CI, where it is required).
const engines = (await hqTestEngine()) === 'postgres' ? (['auto', 'sqlite'] as const) : (['sqlite'] as const);
/** Noise for the smuggled "template" (seeded, so a failure can be replayed). */
const random = testRandom('hq-requests');

describe.each(engines)('HQ request handling (engine: %s)', (engine) => {
  let hq: TestHq;
  let creds: StoredCredentials;
  let dir: string;
  const batch = (events: WireEvent[], over: Record<string, unknown> = {}) =>
    JSON.stringify({ v: WIRE_VERSION, originId: 'org-test', storeId: creds.storeId, deviceId: creds.deviceId, events, skipped: [], ...over });
  const post = (body: string, auth: Partial<{ timestampMs: number; nonce: string; signature: string; deviceId: string }> = {}) =>
    rawRequest(hq.hq.url, 'POST', '/v1/events/batch', body, { deviceId: creds.deviceId, secret: creds.deviceSecret, ...auth });
  const count = () => hq.repo.countEvents();

  beforeAll(async () => {
    hq = await startTestHq({ engine, deviceRate: { perSecond: 1000, burst: 1000 } });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-req-'));
    const { token } = await hq.repo.createProvisioningToken({ storeId: 'store-r', chainId: 'chain-1', now: new Date(), ttlMs: 60_000 });
    creds = await provisionDevice({ dataDir: dir, hqUrl: hq.hq.url, storeId: 'store-r', token, deviceName: 'c1', appVersion: 'test' });
  });
  afterAll(async () => {
    await hq?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers health without credentials, with its clock', async () => {
    const res = await rawRequest(hq.hq.url, 'GET', '/v1/health', null);
    expect(res.status).toBe(200);
    expect(res.body['status']).toBe('ok');
    expect(Math.abs(Date.parse(String(res.body['hqTime'])) - Date.now())).toBeLessThan(60_000);
  });

  it('accepts a good batch, then acknowledges a duplicate delivery without storing it again', async () => {
    const body = batch([checkin('e-1', 'mx', 1), checkin('e-2', 'mx', 2)]);
    const first = await post(body);
    expect(first.status).toBe(200);
    expect(first.body['accepted']).toEqual(['e-1', 'e-2']);
    const n = await count();
    const again = await post(body); // same content, fresh nonce: a retried delivery
    expect(again.status).toBe(200);
    expect(again.body['accepted']).toEqual([]);
    expect(again.body['duplicates']).toEqual(['e-1', 'e-2']);
    expect(await count()).toBe(n);
  });

  it('keeps per-member order when deliveries arrive reordered', async () => {
    const later = await post(batch([checkin('r-3', 'my', 3), checkin('r-2', 'my', 2)]));
    expect(later.status).toBe(200);
    expect(later.body['deferred']).toEqual(['r-2', 'r-3']);
    expect((await hq.repo.listEvents({ memberId: 'my' })).length).toBe(0);
    const first = await post(batch([checkin('r-1', 'my', 1)]));
    expect(first.body['accepted']).toEqual(['r-1']);
    const rest = await post(batch([checkin('r-3', 'my', 3), checkin('r-2', 'my', 2)]));
    expect(rest.body['accepted']).toEqual(['r-2', 'r-3']);
    expect((await hq.repo.listEvents({ memberId: 'my' })).map((e) => e.memberSeq)).toEqual([1, 2, 3]);
  });

  it('refuses malformed, wrong-version, biometric-shaped and oversized bodies with 400/413 and stores nothing', async () => {
    const n = await count();
    const notJson = await post('{"v":1,');
    expect([notJson.status, notJson.body.error?.code]).toEqual([400, 'MALFORMED']);

    const version = await post(batch([checkin('v-1', 'mv', 1)], { v: 99 }));
    expect([version.status, version.body.error?.code]).toEqual([400, 'UNSUPPORTED_VERSION']);

    const withTemplate = checkin('t-1', 'mt', 1) as unknown as { payload: Record<string, unknown> };
    withTemplate.payload['template'] = Array.from({ length: 512 }, () => random.next());
    const smuggled = await post(batch([withTemplate as unknown as WireEvent]));
    expect([smuggled.status, smuggled.body.error?.code]).toEqual([400, 'MALFORMED']);

    const image = checkin('t-2', 'mt', 1);
    (image.payload as { checkinId: string }).checkinId = 'A'.repeat(2000);
    const tooLongField = await post(batch([image]));
    expect(tooLongField.status).toBe(400);

    const huge = batch([checkin('h-1', 'mh', 1)], { padding: 'x'.repeat(2 * 1024 * 1024) });
    const oversized = await post(huge);
    expect([oversized.status, oversized.body.error?.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);

    const tooMany = await post(batch(Array.from({ length: 501 }, (_, i) => checkin(`many-${i}`, `mm${i}`, 1))));
    expect(tooMany.status).toBe(400);
    expect(await count()).toBe(n);
  });

  it('refuses unauthenticated, badly signed, unknown-device, stale and replayed requests and stores nothing', async () => {
    const n = await count();
    const body = batch([checkin('a-1', 'ma', 1)]);
    const none = await rawRequest(hq.hq.url, 'POST', '/v1/events/batch', body);
    expect([none.status, none.body.error?.code]).toEqual([401, 'UNAUTHENTICATED']);

    const badSig = await post(body, { signature: 'f'.repeat(64) });
    expect([badSig.status, badSig.body.error?.code]).toEqual([401, 'BAD_SIGNATURE']);

    const unknown = await post(body, { deviceId: 'dev_nobody' });
    expect([unknown.status, unknown.body.error?.code]).toEqual([401, 'UNAUTHENTICATED']);

    const stale = await post(body, { timestampMs: Date.now() - 60 * 60_000 });
    expect([stale.status, stale.body.error?.code]).toEqual([401, 'CLOCK_SKEW']);
    expect(typeof stale.body['hqTime']).toBe('string');

    // A signed body changed in transit no longer matches its signature.
    const ts = Date.now();
    const tampered = await rawRequest(hq.hq.url, 'POST', '/v1/events/batch', body.replace('"ma"', '"mb"'), {
      deviceId: creds.deviceId,
      secret: creds.deviceSecret,
      timestampMs: ts,
      nonce: 'n'.repeat(32),
      signature: (await import('../../edge-sync/protocol/signing.js')).signRequest(
        creds.deviceSecret,
        (await import('../../edge-sync/protocol/signing.js')).canonicalRequest('POST', '/v1/events/batch', ts, 'n'.repeat(32), body),
      ),
    });
    expect([tampered.status, tampered.body.error?.code]).toEqual([401, 'BAD_SIGNATURE']);
    expect(await count()).toBe(n);

    const nonce = 'abcdef0123456789abcdef0123456789';
    const original = await post(body, { timestampMs: ts + 1, nonce });
    expect(original.status).toBe(200);
    const afterOriginal = await count();
    const replay = await post(body, { timestampMs: ts + 1, nonce });
    expect([replay.status, replay.body.error?.code]).toEqual([409, 'REPLAYED']);
    expect(await count()).toBe(afterOriginal);
  });

  it('refuses a batch naming another store than the signing device', async () => {
    const n = await count();
    const res = await post(batch([checkin('s-1', 'ms', 1)], { storeId: 'store-other' }));
    expect([res.status, res.body.error?.code]).toEqual([403, 'FORBIDDEN']);
    expect(await count()).toBe(n);
  });

  it('answers unknown endpoints and methods with 404 and 405', async () => {
    expect((await rawRequest(hq.hq.url, 'GET', '/v1/nothing', null)).status).toBe(404);
    expect((await rawRequest(hq.hq.url, 'DELETE', '/v1/events/batch', null)).status).toBe(405);
  });

  it('limits the request rate per device with 429 and Retry-After', async () => {
    const limited = await startTestHq({ engine: 'sqlite', deviceRate: { perSecond: 0.5, burst: 2 } });
    try {
      const { token } = await limited.repo.createProvisioningToken({ storeId: 'store-l', chainId: 'c', now: new Date(), ttlMs: 60_000 });
      const d = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-rl-'));
      const c = await provisionDevice({ dataDir: d, hqUrl: limited.hq.url, storeId: 'store-l', token, deviceName: 'c1', appVersion: 't' });
      fs.rmSync(d, { recursive: true, force: true });
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 4; i++) {
        const res = await rawRequest(limited.hq.url, 'GET', '/v1/downlink?after=0', null, { deviceId: c.deviceId, secret: c.deviceSecret });
        statuses.push(res.status);
        if (res.status === 429) retryAfter = res.headers.get('retry-after');
      }
      expect(statuses.slice(0, 2)).toEqual([200, 200]);
      expect(statuses.slice(2)).toContain(429);
      expect(Number(retryAfter)).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });

  it('refuses bad, used and expired provisioning tokens with 401 and no device', async () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-tok-'));
    try {
      const bad = await rawRequest(hq.hq.url, 'POST', '/v1/provision', JSON.stringify({ v: 1, token: 'mkpt_wrongwrongwrongwrong', storeId: 'store-r', deviceName: 'x', appVersion: 't' }));
      expect([bad.status, bad.body.error?.code]).toEqual([401, 'TOKEN_INVALID']);
      const expired = await hq.repo.createProvisioningToken({ storeId: 'store-r', chainId: 'chain-1', now: new Date(Date.now() - 7_200_000), ttlMs: 3_600_000 });
      const exp = await rawRequest(hq.hq.url, 'POST', '/v1/provision', JSON.stringify({ v: 1, token: expired.token, storeId: 'store-r', deviceName: 'x', appVersion: 't' }));
      expect([exp.status, exp.body.error?.code]).toEqual([401, 'TOKEN_EXPIRED']);
      const { token } = await hq.repo.createProvisioningToken({ storeId: 'store-r', chainId: 'chain-1', now: new Date(), ttlMs: 60_000 });
      const ok = await rawRequest(hq.hq.url, 'POST', '/v1/provision', JSON.stringify({ v: 1, token, storeId: 'store-r', deviceName: 'x', appVersion: 't' }));
      expect(ok.status).toBe(201);
      const used = await rawRequest(hq.hq.url, 'POST', '/v1/provision', JSON.stringify({ v: 1, token, storeId: 'store-r', deviceName: 'y', appVersion: 't' }));
      expect([used.status, used.body.error?.code]).toEqual([401, 'TOKEN_USED']);
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });
});
