import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { HqClient } from '../../edge-sync/client/hq-client.js';
import { provisionDevice } from '../../edge-sync/client/provisioning.js';
import { fileCredentialSource } from '../../edge-sync/client/credentials-file.js';
import type { WireEvent } from '../../edge-sync/protocol/wire.js';
import { openHqDb, type HqDb } from '../../edge-sync/hq/db/hq-db.js';
import { HqRepository } from '../../edge-sync/hq/hq-repository.js';
import { createScratchPgDatabase, postgresAvailable } from '../../tests/fault/support/hq-fixture.js';

/**
 * HQ in its own process over a scratch database, provisioned devices, and the ingest rate: shared by
 * the sync suite (hq_ingest_events_per_s) and the HQ suite (issue 13 "Figures"), so both measure
 * ingestion the same way: 4 devices, 12,500 check-ins each in signed batches of 500, one batch in
 * flight per device, PostgreSQL when reachable (SQLite otherwise).
 */

/** HQ as it runs in production: its own process (`npm run hq -- serve`), here over a scratch database. */
export interface BenchHq {
  url: string;
  repo: HqRepository;
  db: HqDb;
  dialect: 'postgres' | 'sqlite';
  close(): Promise<void>;
}

export async function startHqProcess(work: string): Promise<BenchHq> {
  const usePg = await postgresAvailable();
  const scratch = usePg ? await createScratchPgDatabase() : null;
  const target = scratch ? ['--pg', scratch.url] : ['--sqlite', path.join(work, 'hq.sqlite')];
  const db = await openHqDb(scratch ? { pgUrl: scratch.url } : { sqliteFile: path.join(work, 'hq.sqlite') });
  const script = fileURLToPath(new URL('../../scripts/hq.ts', import.meta.url));
  // SYNC_BENCH_HQ_PROFILE=<dir> (or HQ_BENCH_PROFILE): a V8 CPU profile of the HQ process, to see where ingest time goes.
  const profileDir = process.env['SYNC_BENCH_HQ_PROFILE'] ?? process.env['HQ_BENCH_PROFILE'];
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

export async function device(hq: BenchHq, work: string, storeId: string): Promise<{ dir: string; client: HqClient; creds: ReturnType<typeof fileCredentialSource> }> {
  const dir = path.join(work, storeId);
  fs.mkdirSync(dir);
  const { token } = await hq.repo.createProvisioningToken({ storeId, chainId: 'bench', now: new Date(), ttlMs: 3_600_000 });
  await provisionDevice({ dataDir: dir, hqUrl: hq.url, storeId, token, deviceName: 'c1', appVersion: 'bench' });
  const creds = fileCredentialSource(dir);
  return { dir, creds, client: new HqClient({ baseUrl: hq.url, credentials: () => creds.get(), timeoutMs: 60_000 }) };
}

export function checkinEvent(memberId: string, seq: number, at: string): WireEvent {
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

export async function ingestRate(hq: BenchHq, work: string, prefix = 'ingest'): Promise<number> {
  const devices = await Promise.all([0, 1, 2, 3].map((i) => device(hq, work, `${prefix}-${i}`)));
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
