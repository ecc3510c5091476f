/**
 * Online redemption authorisation latency of the member bank (issue 13), on loopback: a signed
 * `POST /v1/redemptions` from a provisioned store to a real HQ (PostgreSQL when reachable, else
 * SQLite, named in the figures' engine line), one redemption of 1 point at a time, each with its
 * own op id. Measured from the store's side (signing, HTTP, HQ's transaction: op id claim, the
 * conditional UPDATE, ledger entry, downlink change, audit entry).
 *
 * `measureRedemptionAuthorisation()` is for the hq bench suite (bench/suites/hq.bench.ts) to call;
 * run this file directly to print the figures alone: `npx tsx bench/suites/hq-redemption.ts`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { HqClient } from '../../edge-sync/client/hq-client.js';
import { openHqDb, type HqDb } from '../../edge-sync/hq/db/hq-db.js';
import { HqRepository, type DeviceRecord } from '../../edge-sync/hq/hq-repository.js';
import { startHq } from '../../edge-sync/hq/hq-server.js';
import { memberBankDeviceRoutes } from '../../edge-sync/hq/members/bank-device-routes.js';
import { createScratchPgDatabase, postgresAvailable } from '../../tests/fault/support/hq-fixture.js';
import { percentile, round } from '../bench-stats.js';

export interface RedemptionFigures {
  hq_redemption_auth_ms_p50: number;
  hq_redemption_auth_ms_p95: number;
  hq_redemption_auth_samples: number;
}

/**
 * `db`: an HQ database to measure on (the hq bench passes its loaded chain, so the authorisation runs
 * beside 1M members and 20M events; it is left open); without it a scratch database is made and dropped.
 */
export async function measureRedemptionAuthorisation(options: { samples?: number; warmup?: number; db?: HqDb } = {}): Promise<RedemptionFigures & { engine: string }> {
  const samples = options.samples ?? 500;
  const warmup = options.warmup ?? 30;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-bench-redeem-'));
  const scratch = options.db ? null : (await postgresAvailable()) ? await createScratchPgDatabase() : null;
  const db: HqDb = options.db ?? (await openHqDb(scratch ? { pgUrl: scratch.url } : { sqliteFile: path.join(work, 'hq.sqlite') }));
  const repo = new HqRepository(db);
  // Rate limits far above the loop's pace: this measures the authorisation, not the limiter.
  const hq = await startHq({ repo, deviceRoutes: [memberBankDeviceRoutes], deviceRate: { perSecond: 100_000, burst: 100_000 } });
  try {
    const now = new Date();
    await repo.ensureStore('store-a', 'chain-bench', now);
    const { token } = await repo.createProvisioningToken({ storeId: 'store-a', chainId: 'chain-bench', now, ttlMs: 3_600_000 });
    const issued = await repo.provisionDevice({ token, storeId: 'store-a', deviceName: 'bench', now, originId: 'origin-bench' });
    const device = (await repo.getDevice(issued.deviceId)) as DeviceRecord;
    const at = now.toISOString();
    const memberId = 'bench-member';
    await repo.ingestBatch(device, {
      originId: 'origin-bench',
      skipped: [],
      events: [
        { eventId: randomUUID(), kind: 'member.created', memberId, memberSeq: 1, schemaVersion: 1, occurredAt: at, payload: { memberId, memberCode: 'MBENCH2', name: 'bench', phone: '13800000000', birthday: null, tier: 'basic', referredBy: null, at } },
        { eventId: randomUUID(), kind: 'points.changed', memberId, memberSeq: 2, schemaVersion: 1, occurredAt: at, payload: { entryId: 1, memberId, delta: 1_000_000, kind: 'adjust', balanceAfter: 1_000_000, ref: null, reason: null, at } },
      ],
    }, now);
    const client = new HqClient({ baseUrl: hq.url, credentials: () => ({ deviceId: issued.deviceId, deviceSecret: issued.secret, storeId: 'store-a' }) });
    const times: number[] = [];
    for (let i = 0; i < warmup + samples; i++) {
      const started = performance.now();
      const answer = await client.authoriseRedemption({ opId: randomUUID(), memberId, points: 1, reason: 'bench' });
      const ms = performance.now() - started;
      if (answer.status !== 'authorised') throw new Error(`redemption ${i} was ${answer.status}`);
      if (i >= warmup) times.push(ms);
    }
    return {
      engine: db.dialect,
      hq_redemption_auth_ms_p50: round(percentile(times, 50), 2),
      hq_redemption_auth_ms_p95: round(percentile(times, 95), 2),
      hq_redemption_auth_samples: times.length,
    };
  } finally {
    await hq.close();
    if (!options.db) await db.close();
    await scratch?.drop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { engine, ...figures } = await measureRedemptionAuthorisation();
  process.stderr.write(`hq-redemption: ${engine}, p50 ${figures.hq_redemption_auth_ms_p50} ms, p95 ${figures.hq_redemption_auth_ms_p95} ms over ${figures.hq_redemption_auth_samples} authorisations\n`);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}
