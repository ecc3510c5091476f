/**
 * HQ console figures at chain scale (issue 13 "Figures"), on a scratch PostgreSQL database:
 *   hq_load_s                          time to load the chain below (SQL generate_series), seconds
 *   hq_dashboard_{chain|store}_{day|week|month}_ms_p50/_p95
 *                                      GET /console/api/dashboard's query (readDashboard: series, tiers, points
 *                                      liability, face data) chain-wide and for one (random) store; target ≤ 200 ms p95
 *   hq_stores_page_ms_p50/_p95         GET /console/api/stores (1,000 stores, 2,000 devices)
 *   hq_rollup_sample_mismatches        0 when rollups built by the real ingest path for a sample chain equal a
 *                                      recomputation from its events (the bench fails otherwise)
 *   bank_redeem_ms_p50/_p95            the member bank's online redemption authorisation on loopback: a signed
 *                                      POST /v1/redemptions from a provisioned store to a real HQ on this database
 *                                      (beside the loaded chain), 500 sequential redemptions (bench/suites/hq-redemption.ts)
 *   …and whatever bench/hq-figures.ts hooks add.
 *   hq_ingest_events_per_s             signed uploads stored per second: 4 devices × 12,500 check-ins in batches of 500,
 *                                      HQ in its own process on a fresh scratch database, measured first (before the
 *                                      chain load) — the same measure as the sync suite's (bench/suites/hq-process.ts)
 * Env: HQ_BENCH_STORES (1000), HQ_BENCH_MEMBERS (1,000,000), HQ_BENCH_EVENTS (20,000,000), HQ_BENCH_RUNS (40),
 * HQ_BENCH_REDEEM_SAMPLES (500); HQ_BENCH_QUICK=1 skips the chain load and the dashboard figures (a quick run:
 * rollup check and redemption latency only, on an empty PostgreSQL database).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ingestRate, startHqProcess } from './hq-process.js';
import { openHqDb, type HqDb } from '../../edge-sync/hq/db/hq-db.js';
import { HqRepository, type DeviceRecord } from '../../edge-sync/hq/hq-repository.js';
import { readDashboard } from '../../edge-sync/hq/dashboard/dashboard-queries.js';
import { listStores } from '../../edge-sync/hq/dashboard/store-queries.js';
import { diffRollups, readStoredRollups, recomputeRollups } from '../../edge-sync/hq/dashboard/rollup-recompute.js';
import { createScratchPgDatabase, postgresAvailable } from '../../tests/fault/support/hq-fixture.js';
import { eventMix } from '../../tests/support/hq-event-mix.js';
import { percentile, report, round, timeRuns } from '../bench-stats.js';
import { hqFigureHooks } from '../hq-figures.js';
import { loadChain } from './hq-load.js';
import { measureRedemptionAuthorisation } from './hq-redemption.js';

const size = {
  stores: Number(process.env['HQ_BENCH_STORES'] ?? 1000),
  members: Number(process.env['HQ_BENCH_MEMBERS'] ?? 1_000_000),
  events: Number(process.env['HQ_BENCH_EVENTS'] ?? 20_000_000),
  days: 365,
  lastDay: '2026-11-30',
};
const RUNS = Number(process.env['HQ_BENCH_RUNS'] ?? 40);
const QUICK = process.env['HQ_BENCH_QUICK'] === '1';
const REDEEM_SAMPLES = Number(process.env['HQ_BENCH_REDEEM_SAMPLES'] ?? 500);
const CHAIN = 'bench-chain';
const log = (m: string) => process.stderr.write(`hq.bench: ${m}\n`);
const now = new Date(`${size.lastDay}T10:00:00.000Z`);

/** Ingests a sample chain through the real ingest path and compares its rollups with a recomputation. */
async function sampleMismatches(repo: HqRepository): Promise<number> {
  const stores = ['sample-a', 'sample-b'];
  const streams = eventMix({ stores, membersPerStore: 40, eventsPerStore: 400, firstDay: '2026-10-25', days: 30, seed: 3, prefix: 'smp' });
  for (const store of stores) {
    const { token } = await repo.createProvisioningToken({ storeId: store, chainId: 'sample-chain', now, ttlMs: 3_600_000 });
    const issued = await repo.provisionDevice({ token, storeId: store, deviceName: 'x', now, originId: `org-${store}` });
    const device = (await repo.getDevice(issued.deviceId)) as DeviceRecord;
    const events = streams.get(store) ?? [];
    for (let i = 0; i < events.length; i += 100) await repo.ingestBatch(device, { originId: `org-${store}`, events: events.slice(i, i + 100), skipped: [] }, now);
  }
  await repo.rollups.drain();
  const diff = diffRollups(await recomputeRollups(repo.db, 'sample-chain'), await readStoredRollups(repo.db, 'sample-chain'));
  for (const d of diff) log(`rollup mismatch: ${d}`);
  return diff.length;
}

async function main(): Promise<void> {
  if (!(await postgresAvailable())) throw new Error('the HQ bench needs PostgreSQL (127.0.0.1:5432)');
  const scratch = await createScratchPgDatabase();
  const db = await openHqDb({ pgUrl: scratch.url });
  try {
    const figures: Record<string, number> = {};
    figures['hq_ingest_events_per_s'] = await ingestFigure();
    if (QUICK) log('HQ_BENCH_QUICK=1: no chain load, no dashboard figures');
    else await chainFigures(db, figures);
    figures['hq_rollup_sample_mismatches'] = await sampleMismatches(new HqRepository(db));
    if (figures['hq_rollup_sample_mismatches'] !== 0) throw new Error('rollups built by ingestion differ from a recomputation (see above)');
    log(`redemption authorisation: ${REDEEM_SAMPLES} sequential signed requests; load average ${os.loadavg()[0]?.toFixed(1)}`);
    const redeem = await measureRedemptionAuthorisation({ db, samples: REDEEM_SAMPLES });
    figures['bank_redeem_ms_p50'] = redeem.hq_redemption_auth_ms_p50;
    figures['bank_redeem_ms_p95'] = redeem.hq_redemption_auth_ms_p95;
    figures['bank_redeem_samples'] = redeem.hq_redemption_auth_samples;
    log(`redemption authorisation (${redeem.engine}): p50 ${redeem.hq_redemption_auth_ms_p50} ms, p95 ${redeem.hq_redemption_auth_ms_p95} ms`);
    for (const hook of hqFigureHooks) Object.assign(figures, await hook({ db, pgUrl: scratch.url, chainId: CHAIN, log }));
    figures['hq_bench_loadavg1'] = round(os.loadavg()[0] ?? 0, 2);
    report(figures);
  } finally {
    await db.close();
    await scratch.drop();
  }
}

/** The ingest rate, on its own scratch database and HQ process (bench/suites/hq-process.ts). */
async function ingestFigure(): Promise<number> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-hq-bench-ingest-'));
  const hq = await startHqProcess(work);
  try {
    const rate = await ingestRate(hq, work);
    log(`ingest ${rate.toFixed(0)} events/s (${hq.dialect}); load average ${os.loadavg()[0]?.toFixed(1)}`);
    return round(rate, 0);
  } finally {
    await hq.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The chain at scale and the console's queries on it. */
async function chainFigures(db: HqDb, figures: Record<string, number>): Promise<void> {
  log(`loading ${size.stores} stores, ${size.members.toLocaleString()} members, ${size.events.toLocaleString()} events; load average ${os.loadavg()[0]?.toFixed(1)}`);
  const loadStart = Date.now();
  await loadChain(db, CHAIN, size, log);
  const loadS = (Date.now() - loadStart) / 1000;
  log(`loaded in ${loadS.toFixed(0)} s`);
  figures['hq_load_s'] = round(loadS, 0);
  let pick = 0;
  const store = () => `s${String((pick++ * 7919) % size.stores).padStart(4, '0')}`;
  for (const grain of ['day', 'week', 'month'] as const) {
    for (const scope of ['chain', 'store'] as const) {
      const samples = await timeRuns(() => readDashboard(db, CHAIN, { grain, ...(scope === 'store' ? { storeId: store() } : {}) }, now), RUNS);
      figures[`hq_dashboard_${scope}_${grain}_ms_p50`] = round(percentile(samples, 50), 1);
      figures[`hq_dashboard_${scope}_${grain}_ms_p95`] = round(percentile(samples, 95), 1);
      log(`dashboard ${scope} by ${grain}: p50 ${percentile(samples, 50).toFixed(1)} ms, p95 ${percentile(samples, 95).toFixed(1)} ms`);
    }
  }
  const stores = await timeRuns(() => listStores(db, CHAIN), Math.max(5, Math.floor(RUNS / 4)));
  figures['hq_stores_page_ms_p50'] = round(percentile(stores, 50), 1);
  figures['hq_stores_page_ms_p95'] = round(percentile(stores, 95), 1);
}

await main();
