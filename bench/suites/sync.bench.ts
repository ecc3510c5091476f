/**
 * Sync figures:
 *   hq_ingest_events_per_s      events/s HQ stores over HTTP (4 devices, batches of 500, signed), PostgreSQL when reachable;
 *                               HQ runs in its own process (npm run hq -- serve), as in production
 *   sync_lag_ms_p95             commit at the store → stored at HQ, online, uploader on its own triggers (p95, ms)
 *   outbox_drain_events_per_s   uploader drain rate with 1,000,000 events queued in the store outbox
 *   recovery_after_outage_ms    heal → last event of a 1,000-event backlog acknowledged, after an outage long enough
 *                               for the backoff to reach its cap (real timers, shipped sync defaults, counter still
 *                               selling every 2 s; outage = the fault proxy refusing connections; heal right after a
 *                               failed retry, the worst moment for an uploader that only waits out its backoff)
 *   hq_ingest_events_per_s_under_flood  the same ingest while 8 connections flood HQ with badly signed batches
 *                               claiming the ingesting devices' ids (issue 12: budgets are charged after the signature)
 *   bad_signature_flood_requests_per_s  how many of those refused requests HQ answered per second meanwhile
 *   hq_on_postgres              1 when the HQ figures were measured on PostgreSQL, 0 on the embedded SQLite
 *   rollup_consumer_events_per_s  the dashboard rollup consumer (edge-sync/hq/dashboard/rollup-queue.ts) catching up
 *                               after the ingest burst: the events still queued when the burst ended ÷ the time until
 *                               the queue is empty (HQ otherwise idle)
 *   dashboard_freshness_lag_ms_p95  steady uploads (one store, 20 check-ins every 100 ms): ingest ack → the batch
 *                               counted in rollup_periods (p95, ms; polled every 5 ms)
 *   rollup_backlog_events_after_burst  events whose rollups were still queued when the ingest burst ended
 * Env: SYNC_BENCH_QUEUED (default 1,000,000), SYNC_BENCH_DRAIN (events drained for the rate, default 100,000),
 * SYNC_BENCH_ONLY=ingest (only the HQ ingest and rollup figures, for A/B runs), SYNC_BENCH_HQ_PROFILE=<dir> (CPU profile
 * of the HQ process).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../../electron/db/connection.js';
import { appendOutboxEvent } from '../../edge-sync/client/outbox-append.js';
import { OutboxStore } from '../../edge-sync/client/outbox-store.js';
import { HqClient } from '../../edge-sync/client/hq-client.js';
import { Uploader } from '../../edge-sync/client/uploader.js';
import { provisionDevice } from '../../edge-sync/client/provisioning.js';
import { fileCredentialSource } from '../../edge-sync/client/credentials-file.js';
import { onOutboxAppended } from '../../edge-sync/client/outbox-append.js';
import type { WireEvent } from '../../edge-sync/protocol/wire.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openHqDb, type HqDb } from '../../edge-sync/hq/db/hq-db.js';
import { HqRepository } from '../../edge-sync/hq/hq-repository.js';
import { createScratchPgDatabase, postgresAvailable } from '../../tests/fault/support/hq-fixture.js';
import { startFaultProxy } from '../../tests/fault/support/fault-proxy.js';
import { defaultConfig } from '../../electron/core/config.js';
import { percentile, report, round } from '../bench-stats.js';
import { dashboardFreshness, rollupCatchUp } from './sync-rollups.js';

const QUEUED = Number(process.env['SYNC_BENCH_QUEUED'] ?? 1_000_000);
const DRAIN = Number(process.env['SYNC_BENCH_DRAIN'] ?? 100_000);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-sync-bench-'));
const log = (m: string) => process.stderr.write(`sync.bench: ${m}\n`);

/** HQ as it runs in production: its own process (`npm run hq -- serve`), here over a scratch database. */
interface BenchHq {
  url: string;
  repo: HqRepository;
  db: HqDb;
  dialect: 'postgres' | 'sqlite';
  close(): Promise<void>;
}

async function startHqProcess(): Promise<BenchHq> {
  const usePg = await postgresAvailable();
  const scratch = usePg ? await createScratchPgDatabase() : null;
  const target = scratch ? ['--pg', scratch.url] : ['--sqlite', path.join(work, 'hq.sqlite')];
  const db = await openHqDb(scratch ? { pgUrl: scratch.url } : { sqliteFile: path.join(work, 'hq.sqlite') });
  const script = fileURLToPath(new URL('../../scripts/hq.ts', import.meta.url));
  // SYNC_BENCH_HQ_PROFILE=<dir>: a V8 CPU profile of the HQ process, to see where ingest time goes.
  const profileDir = process.env['SYNC_BENCH_HQ_PROFILE'];
  const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, 'serve', ...target, '--port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /HQ listening on (\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`HQ process exited (${code})`)));
  });
  return {
    url,
    repo: new HqRepository(db),
    db,
    dialect: db.dialect,
    async close() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await db.close();
      await scratch?.drop();
    },
  };
}

async function device(hq: BenchHq, storeId: string): Promise<{ dir: string; client: HqClient; creds: ReturnType<typeof fileCredentialSource> }> {
  const dir = path.join(work, storeId);
  fs.mkdirSync(dir);
  const { token } = await hq.repo.createProvisioningToken({ storeId, chainId: 'bench', now: new Date(), ttlMs: 3_600_000 });
  await provisionDevice({ dataDir: dir, hqUrl: hq.url, storeId, token, deviceName: 'c1', appVersion: 'bench' });
  const creds = fileCredentialSource(dir);
  return { dir, creds, client: new HqClient({ baseUrl: hq.url, credentials: () => creds.get(), timeoutMs: 60_000 }) };
}

function checkinEvent(memberId: string, seq: number, at: string): WireEvent {
  return {
    eventId: randomUUID(),
    kind: 'checkin.recorded',
    memberId,
    memberSeq: seq,
    schemaVersion: 1,
    occurredAt: at,
    payload: { checkinId: randomUUID(), memberId, method: 'qr', at, localDate: at.slice(0, 10), streakDays: 1, pointsAwarded: 10 },
  };
}

async function ingestRate(hq: BenchHq, prefix = 'ingest'): Promise<number> {
  const devices = await Promise.all([0, 1, 2, 3].map((i) => device(hq, `${prefix}-${i}`)));
  const perDevice = 12_500;
  const at = new Date().toISOString();
  const batches = devices.map((_, d) => {
    const seq = new Map<string, number>();
    const out: WireEvent[][] = [];
    for (let b = 0; b < perDevice / 500; b++) {
      out.push(
        Array.from({ length: 500 }, (_, i) => {
          const m = `d${d}-m${(b * 500 + i) % 5000}`;
          const s = (seq.get(m) ?? 0) + 1;
          seq.set(m, s);
          return checkinEvent(m, s, at);
        }),
      );
    }
    return out;
  });
  const started = process.hrtime.bigint();
  await Promise.all(
    devices.map(async (dev, d) => {
      for (const events of batches[d] ?? []) {
        const ack = await dev.client.uploadBatch({ v: 1, originId: `org-${prefix}-${d}`, events, skipped: [] });
        if (ack.accepted.length !== events.length) throw new Error(`ingest: ${ack.accepted.length}/${events.length} accepted`);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return (devices.length * perDevice) / seconds;
}

/** Ingest while badly signed batches claiming the ingesting devices' ids hammer HQ; returns both rates. */
async function ingestDuringFlood(hq: BenchHq): Promise<{ ingest: number; flood: number }> {
  let stop = false;
  let refused = 0;
  const body = JSON.stringify({ v: 1, originId: 'org-flood', storeId: 'flood-0', deviceId: 'x', events: [], skipped: [] });
  let claimed: string[] = [];
  const flood = async (i: number) => {
    while (!stop) {
      // The ingesting devices' ids, once they are provisioned (a random id until then).
      if (claimed.length < 4) claimed = (await hq.repo.db.query<{ device_id: string }>("SELECT device_id FROM devices WHERE store_id LIKE 'flood-%' ORDER BY device_id")).map((r) => r.device_id);
      const res = await fetch(new URL('/v1/events/batch', hq.url), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-mk-device': claimed[i % 4] ?? `dev_${randomUUID()}`,
          'x-mk-timestamp': String(Date.now()),
          'x-mk-nonce': randomUUID().replace(/-/g, ''),
          'x-mk-signature': 'ab'.repeat(32),
        },
        body,
      });
      await res.arrayBuffer();
      if (res.status === 401 || res.status === 429) refused++;
      else throw new Error(`flood: a badly signed batch got ${res.status}`);
    }
  };
  const started = process.hrtime.bigint();
  const ingesting = ingestRate(hq, 'flood');
  const flooding = Array.from({ length: 8 }, (_, i) => flood(i));
  try {
    const ingest = await ingesting;
    return { ingest, flood: refused / (Number(process.hrtime.bigint() - started) / 1e9) };
  } finally {
    stop = true;
    await Promise.all(flooding);
  }
}

async function syncLag(hq: BenchHq): Promise<number[]> {
  const dev = await device(hq, 'lag');
  const db = openDatabase(path.join(dev.dir, 'store.sqlite'));
  const uploader = new Uploader({
    store: new OutboxStore(db),
    client: dev.client,
    identity: () => ({ storeId: 'lag', deviceId: dev.creds.get()?.deviceId ?? '' }),
    now: () => new Date(),
  });
  const off = onOutboxAppended(db, () => uploader.notify());
  uploader.start();
  // ~40 check-ins a second for 10 s: a busy store's peak.
  for (let i = 0; i < 400; i++) {
    const at = new Date();
    db.transaction(() =>
      appendOutboxEvent(db, 'checkin.recorded', { checkinId: `c${i}`, memberId: `m${i % 50}`, method: 'qr', at: at.toISOString(), localDate: at.toISOString().slice(0, 10), streakDays: 0, pointsAwarded: 0 }, { memberId: `m${i % 50}`, occurredAt: at }),
    )();
    await new Promise((r) => setTimeout(r, 25));
  }
  for (let i = 0; i < 400 && new OutboxStore(db).counts().pending > 0; i++) await new Promise((r) => setTimeout(r, 25));
  await uploader.stop();
  off();
  db.close();
  const rows = await hq.db.query<{ occurred_at: string; received_at: string }>("SELECT occurred_at, received_at FROM events WHERE store_id = 'lag'");
  return rows.map((r) => Date.parse(r.received_at) - Date.parse(r.occurred_at));
}

async function drainRate(hq: BenchHq): Promise<{ rate: number; fillSeconds: number }> {
  const dev = await device(hq, 'drain');
  const db = openDatabase(path.join(dev.dir, 'store.sqlite'));
  // Fill the outbox the way appendOutboxEvent stores rows (same columns and payload shape), fast.
  const fillStart = Date.now();
  const insert = db.prepare('INSERT INTO outbox (event_id, kind, member_id, member_seq, schema_version, payload, occurred_at) VALUES (?, ?, ?, ?, 1, ?, ?)');
  const members = 20_000;
  const at = new Date().toISOString();
  const chunk = 50_000;
  for (let start = 0; start < QUEUED; start += chunk) {
    db.transaction(() => {
      for (let i = start; i < Math.min(QUEUED, start + chunk); i++) {
        const m = `m${i % members}`;
        const seq = Math.floor(i / members) + 1;
        insert.run(randomUUID(), 'checkin.recorded', m, seq, JSON.stringify({ checkinId: `c${i}`, memberId: m, method: 'qr', at, localDate: at.slice(0, 10), streakDays: 0, pointsAwarded: 0 }), at);
      }
    })();
  }
  const fillSeconds = (Date.now() - fillStart) / 1000;
  log(`queued ${QUEUED} events in ${fillSeconds.toFixed(1)} s`);
  const store = new OutboxStore(db);
  // The uploader as the app runs it: started, on its own timers, publishing its status.
  let lastError: string | null = null;
  const uploader = new Uploader({
    store,
    client: dev.client,
    identity: () => ({ storeId: 'drain', deviceId: dev.creds.get()?.deviceId ?? '' }),
    now: () => new Date(),
    batchSize: 500,
    onError: (m) => (lastError = m),
  });
  const started = process.hrtime.bigint();
  uploader.start();
  let left = QUEUED;
  while (QUEUED - left < DRAIN) {
    await new Promise((r) => setTimeout(r, 200));
    left = store.counts().pending;
    if (lastError) throw new Error(`drain failed: ${lastError}`);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await uploader.stop();
  db.close();
  return { rate: (QUEUED - left) / seconds, fillSeconds };
}

async function recoveryAfterOutage(hq: BenchHq): Promise<{ ms: number; backlog: number; outageS: number; probes: number }> {
  const dev = await device(hq, 'recover');
  const proxy = await startFaultProxy(hq.url);
  const db = openDatabase(path.join(dev.dir, 'store.sqlite'));
  const store = new OutboxStore(db);
  const sync = defaultConfig().hq;
  const BACKLOG = 1_000;
  // The 7th failure is the first whose backoff is drawn at the cap (1, 2, 4 … 32 s, then 60 s).
  const FAILURES_AT_CAP = Math.ceil(Math.log2(sync.backoffMaxMs / sync.backoffBaseMs)) + 1;
  let failures = 0;
  let onFailure: (() => void) | null = null;
  const uploader = new Uploader({
    store,
    client: new HqClient({ baseUrl: proxy.url, credentials: () => dev.creds.get(), timeoutMs: sync.requestTimeoutMs }),
    identity: () => ({ storeId: 'recover', deviceId: dev.creds.get()?.deviceId ?? '' }),
    now: () => new Date(),
    batchSize: sync.batchSize,
    backoff: { baseMs: sync.backoffBaseMs, maxMs: sync.backoffMaxMs },
    recoveryProbe: { minIntervalMs: sync.recoveryProbeMinIntervalMs },
    idlePollMs: sync.idlePollSeconds * 1000,
    onError: () => {
      failures++;
      onFailure?.();
    },
  });
  const off = onOutboxAppended(db, () => uploader.notify());
  let n = 0;
  const sell = () => {
    const at = new Date();
    const m = `m${n % 200}`;
    db.transaction(() =>
      appendOutboxEvent(db, 'checkin.recorded', { checkinId: `r${n}`, memberId: m, method: 'qr', at: at.toISOString(), localDate: at.toISOString().slice(0, 10), streakDays: 0, pointsAwarded: 0 }, { memberId: m, occurredAt: at }),
    )();
    n++;
  };
  await proxy.setMode('down');
  const outageStart = performance.now();
  uploader.start();
  for (let i = 0; i < BACKLOG; i++) sell();
  const selling = setInterval(sell, 2_000);
  try {
    // Heal right after the failure that put the backoff at its cap.
    await new Promise<void>((resolve) => {
      onFailure = () => {
        if (failures >= FAILURES_AT_CAP) resolve();
      };
    });
    onFailure = null;
    const backlogSeq = (db.prepare('SELECT max(seq) AS s FROM outbox').get() as { s: number }).s;
    const backlog = (db.prepare('SELECT count(*) AS n FROM outbox WHERE seq <= ?').get(backlogSeq) as { n: number }).n;
    const probesBefore = proxy.log.length;
    await proxy.setMode('pass');
    const healAt = performance.now();
    const left = db.prepare('SELECT count(*) AS n FROM outbox WHERE seq <= ?');
    const deadline = healAt + 5 * 60_000;
    while ((left.get(backlogSeq) as { n: number }).n > 0) {
      if (performance.now() > deadline) throw new Error('recovery: backlog not acknowledged within 5 minutes of the heal');
      await new Promise((r) => setTimeout(r, 2));
    }
    const ms = performance.now() - healAt;
    const probes = proxy.log.slice(probesBefore).filter((r) => r.path === '/v1/health').length;
    return { ms, backlog, outageS: (healAt - outageStart) / 1000, probes };
  } finally {
    clearInterval(selling);
    off();
    await uploader.stop();
    db.close();
    await proxy.close();
  }
}

async function main(): Promise<void> {
  const hq = await startHqProcess();
  log(`HQ on ${hq.dialect}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  try {
    const ingest = await ingestRate(hq);
    log(`ingest ${ingest.toFixed(0)} events/s`);
    if (process.env['SYNC_BENCH_ONLY'] === 'ingest-rate') {
      report({ hq_ingest_events_per_s: round(ingest, 0) });
      return;
    }
    const catchUp = await rollupCatchUp(hq.db);
    log(`rollups: ${catchUp.backlog} events queued after the burst, applied at ${catchUp.rate.toFixed(0)} events/s`);
    const fresh = await device(hq, 'fresh');
    const freshness = await dashboardFreshness(hq.db, (events) => fresh.client.uploadBatch({ v: 1, originId: 'org-fresh', events, skipped: [] }), checkinEvent);
    log(`dashboard freshness p50 ${percentile(freshness, 50).toFixed(0)} ms, p95 ${percentile(freshness, 95).toFixed(0)} ms`);
    const rollupFigures = {
      rollup_consumer_events_per_s: round(catchUp.rate, 0),
      rollup_backlog_events_after_burst: catchUp.backlog,
      dashboard_freshness_lag_ms_p95: round(percentile(freshness, 95), 0),
    };
    // SYNC_BENCH_ONLY=ingest: the HQ ingest and rollup figures alone (A/B runs), without the store-side phases.
    if (process.env['SYNC_BENCH_ONLY'] === 'ingest') {
      report({ hq_ingest_events_per_s: round(ingest, 0), ...rollupFigures, hq_on_postgres: hq.dialect === 'postgres' ? 1 : 0 });
      return;
    }
    const flooded = await ingestDuringFlood(hq);
    log(`ingest ${flooded.ingest.toFixed(0)} events/s while HQ refused ${flooded.flood.toFixed(0)} badly signed batches/s`);
    const lags = await syncLag(hq);
    log(`lag p50 ${percentile(lags, 50)} ms, p95 ${percentile(lags, 95)} ms over ${lags.length} events`);
    const drain = await drainRate(hq);
    log(`drain ${drain.rate.toFixed(0)} events/s`);
    const recovery = await recoveryAfterOutage(hq);
    log(`recovery ${recovery.ms.toFixed(0)} ms for ${recovery.backlog} events after a ${recovery.outageS.toFixed(0)} s outage (${recovery.probes} probe(s) after the heal); load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    report({
      hq_ingest_events_per_s: round(ingest, 0),
      hq_ingest_events_per_s_under_flood: round(flooded.ingest, 0),
      bad_signature_flood_requests_per_s: round(flooded.flood, 0),
      sync_lag_ms_p95: percentile(lags, 95),
      outbox_drain_events_per_s: round(drain.rate, 0),
      recovery_after_outage_ms: round(recovery.ms, 0),
      ...rollupFigures,
      hq_on_postgres: hq.dialect === 'postgres' ? 1 : 0,
    });
  } finally {
    await hq.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
