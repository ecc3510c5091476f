import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HqDb } from '../../edge-sync/hq/db/hq-db.js';
import { RollupConsumer } from '../../edge-sync/hq/hq-rollup-consumer.js';
import { rebuildRollups } from '../../edge-sync/hq/dashboard/rollup-rebuild.js';
import { diffRollups, readStoredRollups, recomputeRollups } from '../../edge-sync/hq/dashboard/rollup-recompute.js';
import { ingestBatch } from '../../edge-sync/hq/hq-ingest.js';
import { HqRepository, type DeviceRecord } from '../../edge-sync/hq/hq-repository.js';
import type { WireEvent } from '../../edge-sync/protocol/wire.js';
import { openHqEngines } from '../support/hq-engines.js';
import { eventMix } from '../support/hq-event-mix.js';

/**
 * The dashboard rollups behind ingestion (edge-sync/hq/dashboard/rollup-queue.ts, SCALING.md
 * "Dashboard rollups"): ingestion commits events and a queue row; the consumer applies each queued
 * batch exactly once, whatever crashes, concurrent consumers or erasures happen in between.
 */

const now = new Date('2026-12-01T04:00:00.000Z');
let engines: Awaited<ReturnType<typeof openHqEngines>> = [];
beforeAll(async () => {
  engines = await openHqEngines('mk-hq-rollup-queue-');
});
afterAll(async () => {
  for (const e of engines) await e.close();
});

async function deviceFor(repo: HqRepository, chainId: string, storeId: string): Promise<DeviceRecord> {
  const { token } = await repo.createProvisioningToken({ storeId, chainId, now, ttlMs: 3_600_000 });
  const d = await repo.provisionDevice({ token, storeId, deviceName: 'till', now, originId: `org-${storeId}` });
  return (await repo.getDevice(d.deviceId)) as DeviceRecord;
}

/** Ingests each store's stream in batches of `size`, stores taking turns, through the ingest function alone (no consumer is told). */
async function ingestOnly(db: HqDb, devices: Map<string, DeviceRecord>, streams: Map<string, WireEvent[]>, size: number): Promise<number> {
  let stored = 0;
  batches = 0;
  const longest = Math.max(...[...streams.values()].map((s) => s.length));
  for (let from = 0; from < longest; from += size) {
    for (const [store, events] of streams) {
      const part = events.slice(from, from + size);
      if (part.length === 0) continue;
      const ack = await ingestBatch(db, devices.get(store)!, { originId: `org-${store}`, events: part, skipped: [] }, now);
      expect(ack.rejected).toEqual([]);
      stored += ack.accepted.length;
      batches++;
    }
  }
  return stored;
}

/** Batches the last ingestOnly sent. */
let batches = 0;
const queued = async (db: HqDb) => Number((await db.query<{ n: number }>('SELECT count(*) AS n FROM rollup_queue'))[0]!.n);
const agree = async (db: HqDb, chainId: string) => diffRollups(await recomputeRollups(db, chainId), await readStoredRollups(db, chainId));

/** The database as a consumer sees it, except that the statement deleting the applied queue rows fails: the process died before its commit. */
function dyingBeforeCommit(db: HqDb): HqDb {
  const wrap = (inner: HqDb): HqDb => ({
    dialect: inner.dialect,
    close: () => inner.close(),
    tx: (fn) => inner.tx((t) => fn(wrap(t))),
    query: async (sql, params) => {
      if (sql.startsWith('DELETE FROM rollup_queue')) throw new Error('killed');
      return inner.query(sql, params);
    },
  });
  return wrap(db);
}

describe('dashboard rollups queued behind ingestion (issue 13)', () => {
  it('a crash between ingest and rollup keeps the queue; the batches are applied once afterwards', async () => {
    for (const { name, db } of engines) {
      const repo = new HqRepository(db);
      const stores = ['c-north', 'c-south'];
      const devices = new Map<string, DeviceRecord>();
      for (const s of stores) devices.set(s, await deviceFor(repo, 'chain-crash', s));
      const streams = eventMix({ stores, membersPerStore: 15, eventsPerStore: 120, firstDay: '2026-10-26', days: 14, seed: 21, prefix: 'crash' });
      const stored = await ingestOnly(db, devices, streams, 25);
      // Ingestion committed: events and queue rows, no rollups yet.
      const sent = batches;
      expect(await queued(db), name).toBe(sent);
      expect((await readStoredRollups(db, 'chain-crash')).members.size, name).toBe(0);

      // A consumer dies before its commit: nothing of its work stays, the queue is intact.
      await expect(new RollupConsumer(dyingBeforeCommit(db)).drain(), name).rejects.toThrow('killed');
      expect(await queued(db), name).toBe(sent);
      expect((await readStoredRollups(db, 'chain-crash')).periods.size, name).toBe(0);

      // The restarted consumer applies every batch once; running it again changes nothing.
      const consumer = new RollupConsumer(db, { maxBatchesPerTx: 3 });
      expect(await consumer.drain(), name).toBe(stored);
      expect(await queued(db), name).toBe(0);
      expect(await agree(db, 'chain-crash'), name).toEqual([]);
      expect(await consumer.drain(), name).toBe(0);
      expect(await agree(db, 'chain-crash'), name).toEqual([]);
    }
  });

  it('concurrent consumers apply each batch exactly once', async () => {
    for (const { name, db } of engines) {
      const repo = new HqRepository(db);
      const stores = ['k-one', 'k-two', 'k-three'];
      const devices = new Map<string, DeviceRecord>();
      for (const s of stores) devices.set(s, await deviceFor(repo, 'chain-conc', s));
      const streams = eventMix({ stores, membersPerStore: 12, eventsPerStore: 90, firstDay: '2026-11-20', days: 20, seed: 5, prefix: 'conc' });
      const stored = await ingestOnly(db, devices, streams, 10);
      // Three consumers (as three HQ processes would run), small transactions so they interleave.
      const consumers = [0, 1, 2].map(() => new RollupConsumer(db, { maxBatchesPerTx: 2 }));
      const applied = await Promise.all(consumers.map((c) => c.drain()));
      expect(applied.reduce((a, b) => a + b, 0), name).toBe(stored);
      expect(await queued(db), name).toBe(0);
      expect(await agree(db, 'chain-conc'), name).toEqual([]);
    }
  });

  it('an erasure while some of the member’s batches are still queued takes out exactly what was applied', async () => {
    for (const { name, db } of engines) {
      const repo = new HqRepository(db);
      const stores = ['e-north', 'e-south'];
      const devices = new Map<string, DeviceRecord>();
      for (const s of stores) devices.set(s, await deviceFor(repo, 'chain-erase', s));
      const streams = eventMix({ stores, membersPerStore: 10, eventsPerStore: 100, firstDay: '2026-10-28', days: 10, seed: 9, prefix: 'erase' });
      const half = new Map([...streams].map(([s, e]) => [s, e.slice(0, 50)]));
      const rest = new Map([...streams].map(([s, e]) => [s, e.slice(50)]));
      await ingestOnly(db, devices, half, 25);
      const consumer = new RollupConsumer(db);
      await consumer.drain();
      await ingestOnly(db, devices, rest, 25);
      expect(await queued(db), name).toBeGreaterThan(0);
      // A member with events both applied and still queued.
      const member = 'erase-e-north-m1';
      const counts = await db.query<{ n: number }>('SELECT count(*) AS n FROM events WHERE chain_id = $1 AND member_id = $2', ['chain-erase', member]);
      expect(Number(counts[0]!.n), name).toBeGreaterThan(2);
      await repo.eraseMember('chain-erase', member, null, now);
      await consumer.drain();
      expect(await agree(db, 'chain-erase'), name).toEqual([]);
      const left = await db.query<{ n: number }>('SELECT count(*) AS n FROM member_period_activity WHERE chain_id = $1 AND member_id = $2', ['chain-erase', member]);
      expect(Number(left[0]!.n), name).toBe(0);
      expect((await readStoredRollups(db, 'chain-erase')).members.has(member), name).toBe(false);
    }
  });

  it('the rebuild (npm run hq -- rollups rebuild) restores wiped rollups and leaves queued batches to the consumer', async () => {
    for (const { name, db } of engines) {
      const repo = new HqRepository(db);
      const stores = ['r-one', 'r-two'];
      const devices = new Map<string, DeviceRecord>();
      for (const s of stores) devices.set(s, await deviceFor(repo, 'chain-rebuild', s));
      const streams = eventMix({ stores, membersPerStore: 10, eventsPerStore: 80, firstDay: '2026-11-25', days: 12, seed: 3, prefix: 'rb' });
      await ingestOnly(db, devices, new Map([...streams].map(([s, e]) => [s, e.slice(0, 40)])), 20);
      await new RollupConsumer(db).drain();
      // A database from before the rollups: the rows are gone (or wrong); more batches wait in the queue.
      for (const table of ['rollup_periods', 'member_period_activity', 'member_rollup', 'rollup_tiers']) await db.query(`DELETE FROM ${table} WHERE chain_id = $1`, ['chain-rebuild']);
      const later = await ingestOnly(db, devices, new Map([...streams].map(([s, e]) => [s, e.slice(40)])), 20);
      const { events } = await rebuildRollups(db, 'chain-rebuild', 7);
      expect(events, name).toBe(80);
      expect(await new RollupConsumer(db).drain(), name).toBe(later);
      expect(await agree(db, 'chain-rebuild'), name).toEqual([]);
    }
  });

  it('the per-member figures (segments, rules preview) are applied by the consumer, once, not in the ingest transaction', async () => {
    for (const { name, db } of engines) {
      const repo = new HqRepository(db);
      const stores = ['f-north', 'f-south'];
      const devices = new Map<string, DeviceRecord>();
      for (const s of stores) devices.set(s, await deviceFor(repo, 'chain-figures', s));
      const streams = eventMix({ stores, membersPerStore: 8, eventsPerStore: 90, firstDay: '2026-10-20', days: 25, seed: 13, prefix: 'fig' });
      await ingestOnly(db, devices, streams, 15);
      const figures = async () =>
        new Map(
          (await db.query<{ member_id: string; month: string; spend_fen: number }>('SELECT member_id, month, spend_fen FROM member_month_figures WHERE chain_id = $1', ['chain-figures'])).map(
            (r) => [`${r.member_id} ${r.month}`, Number(r.spend_fen)],
          ),
        );
      expect((await figures()).size, name).toBe(0);
      await expect(new RollupConsumer(dyingBeforeCommit(db)).drain(), name).rejects.toThrow('killed');
      expect((await figures()).size, name).toBe(0);
      await new RollupConsumer(db, { maxBatchesPerTx: 4 }).drain();
      await new RollupConsumer(db).drain();
      // Spend per member and month straight from the streams: paid in the purchase's month, refunds in the refund's.
      const expected = new Map<string, number>();
      const add = (member: string, day: string, fen: number) => expected.set(`${member} ${day.slice(0, 7)}`, (expected.get(`${member} ${day.slice(0, 7)}`) ?? 0) + fen);
      for (const e of [...streams.values()].flat()) {
        if (e.kind === 'purchase.recorded') add(e.payload.memberId, e.payload.localDate, e.payload.paidFen);
        if (e.kind === 'checkin.recorded') add(e.payload.memberId, e.payload.localDate, 0);
        if (e.kind === 'purchase.refunded') add(e.payload.memberId, e.payload.at.slice(0, 10), -e.payload.amountFen);
      }
      expect([...expected.values()].some((fen) => fen > 0), name).toBe(true);
      expect(await figures(), name).toEqual(expected);
    }
  });
});

describe('the rollup consumer gives way to ingestion but is never starved by it', () => {
  const waitFor = async (what: string, ok: () => Promise<boolean>, ms = 15_000) => {
    const until = Date.now() + ms;
    while (!(await ok())) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  it('no pass starts while a batch is being stored; the queue is applied once ingestion is done', async () => {
    for (const { name, db } of engines) {
      const repo = new HqRepository(db);
      const devices = new Map([['w-one', await deviceFor(repo, 'chain-wait', 'w-one')]]);
      const streams = eventMix({ stores: ['w-one'], membersPerStore: 5, eventsPerStore: 30, firstDay: '2026-11-02', days: 5, seed: 17, prefix: 'wait' });
      await ingestOnly(db, devices, streams, 10);
      const consumer = new RollupConsumer(db, { quietMs: 5, maxLagMs: 60_000, intervalMs: 10 });
      const done = consumer.ingestStarted();
      consumer.kick();
      consumer.start();
      // Forty times quietMs and four times the interval: a consumer that ignored the batch in flight would have run.
      await new Promise((r) => setTimeout(r, 200));
      expect(await queued(db), name).toBe(batches);
      done();
      await waitFor('the queue to be applied', async () => (await queued(db)) === 0);
      await consumer.stop();
      expect(await agree(db, 'chain-wait'), name).toEqual([]);
    }
  });

  it('under uploads that never pause, a pass that waited maxLagMs applies everything queued when it started', async () => {
    for (const { name, db } of engines) {
      const repo = new HqRepository(db);
      const devices = new Map([['s-one', await deviceFor(repo, 'chain-steady', 's-one')]]);
      const streams = eventMix({ stores: ['s-one'], membersPerStore: 6, eventsPerStore: 120, firstDay: '2026-11-10', days: 6, seed: 29, prefix: 'steady' });
      await ingestOnly(db, devices, streams, 3);
      expect(batches, name).toBeGreaterThanOrEqual(40);
      // One batch per transaction and a batch always in flight: giving way after every transaction would apply
      // one batch per maxLagMs (over 40 × 300 ms = 12 s); the pass that waited applies them all at once.
      const consumer = new RollupConsumer(db, { quietMs: 50, maxLagMs: 300, maxBatchesPerTx: 1 });
      consumer.ingestStarted();
      const kicking = setInterval(() => consumer.kick(), 10);
      try {
        consumer.kick();
        const started = Date.now();
        await waitFor('the queue to be applied', async () => (await queued(db)) === 0, 8_000);
        expect(Date.now() - started, name).toBeGreaterThanOrEqual(300);
      } finally {
        clearInterval(kicking);
        await consumer.stop();
      }
      expect(await agree(db, 'chain-steady'), name).toEqual([]);
    }
  });
});
