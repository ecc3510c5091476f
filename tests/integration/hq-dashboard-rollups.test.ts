import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HqRepository, type DeviceRecord } from '../../edge-sync/hq/hq-repository.js';
import { diffRollups, readStoredRollups, recomputeRollups } from '../../edge-sync/hq/dashboard/rollup-recompute.js';
import type { WireEvent } from '../../edge-sync/protocol/wire.js';
import { openHqEngines } from '../support/hq-engines.js';
import { eventMix, seededRandom } from '../support/hq-event-mix.js';

const now = new Date('2026-12-01T04:00:00.000Z');

const openEngines = () => openHqEngines('mk-hq-rollups-');

async function deviceFor(repo: HqRepository, chainId: string, storeId: string): Promise<DeviceRecord> {
  const { token } = await repo.createProvisioningToken({ storeId, chainId, now, ttlMs: 3_600_000 });
  const d = await repo.provisionDevice({ token, storeId, deviceName: 'till', now, originId: `org-${storeId}` });
  return (await repo.getDevice(d.deviceId)) as DeviceRecord;
}

/** Ingests every store's stream through the real ingest path: random batch sizes, stores interleaved at random, some batches sent twice. */
async function ingestInterleaved(repo: HqRepository, devices: Map<string, DeviceRecord>, streams: Map<string, WireEvent[]>, seed: number, between?: (step: number) => Promise<void>): Promise<void> {
  const rnd = seededRandom(seed);
  const cursor = new Map([...streams.keys()].map((s) => [s, 0]));
  let step = 0;
  for (;;) {
    const open = [...streams.keys()].filter((s) => (cursor.get(s) ?? 0) < (streams.get(s)?.length ?? 0));
    if (open.length === 0) return;
    const store = open[Math.floor(rnd() * open.length)]!;
    const from = cursor.get(store)!;
    const events = streams.get(store)!.slice(from, from + 1 + Math.floor(rnd() * 60));
    const device = devices.get(store)!;
    const ack = await repo.ingestBatch(device, { originId: `org-${store}`, events, skipped: [] }, now);
    expect(ack.rejected).toEqual([]);
    expect(ack.deferred).toEqual([]);
    if (rnd() < 0.1) expect((await repo.ingestBatch(device, { originId: `org-${store}`, events, skipped: [] }, now)).duplicates).toHaveLength(events.length);
    cursor.set(store, from + events.length);
    await between?.(step++);
  }
}

let engines: Awaited<ReturnType<typeof openEngines>> = [];
beforeAll(async () => {
  engines = await openEngines();
});
afterAll(async () => {
  for (const e of engines) await e.close();
});

describe('dashboard rollups kept by ingestion (issue 13)', () => {
  it('equal a recomputation from scratch after a randomized ingest with refunds, late stores and erasures, on both engines; chains stay apart', async () => {
    for (const { name, db } of engines) {
      const repo = new HqRepository(db);
      const stores = ['a-north', 'a-south', 'a-east'];
      const devices = new Map<string, DeviceRecord>();
      for (const s of stores) devices.set(s, await deviceFor(repo, 'chain-a', s));
      devices.set('b-one', await deviceFor(repo, 'chain-b', 'b-one'));
      // Five weeks across a month end, so weeks and months both have neighbours.
      const streamsA = eventMix({ stores, membersPerStore: 25, eventsPerStore: 260, firstDay: '2026-10-20', days: 35, seed: 7, prefix: 'a' });
      const streamsB = eventMix({ stores: ['b-one'], membersPerStore: 20, eventsPerStore: 150, firstDay: '2026-10-20', days: 35, seed: 8, prefix: 'b' });
      const erased = ['a-a-north-m3', 'a-a-south-m4'];
      await ingestInterleaved(repo, devices, new Map([...streamsA, ...streamsB]), 11, async (step) => {
        // Erase members part-way through: later events of theirs are acknowledged but not stored.
        if (step === 20) await repo.eraseMember('chain-a', erased[0]!, null, now);
        if (step === 45) await repo.eraseMember('chain-a', erased[1]!, null, now);
      });

      await repo.rollups.drain();
      const a = await readStoredRollups(db, 'chain-a');
      expect(diffRollups(await recomputeRollups(db, 'chain-a'), a), name).toEqual([]);
      expect(diffRollups(await recomputeRollups(db, 'chain-b'), await readStoredRollups(db, 'chain-b')), name).toEqual([]);
      // The figures are not trivially empty: refunds, repeat purchasers and retained members all occur.
      const chainDays = [...a.periods].filter(([k]) => k.startsWith('*\u0000day'));
      expect(chainDays.length, name).toBeGreaterThan(25);
      expect(chainDays.some(([, v]) => v[2]! > 0), `${name}: refunds`).toBe(true);
      expect([...a.periods].some(([k, v]) => k.includes('month') && v[7]! > 0), `${name}: repeat purchasers`).toBe(true);
      expect([...a.periods].some(([k, v]) => k.includes('week') && v[8]! > 0), `${name}: retained`).toBe(true);
      // Erased members leave the member rollup and every per-member table.
      for (const m of erased) {
        expect(a.members.has(m), `${name}: ${m}`).toBe(false);
        expect((await db.query('SELECT count(*) AS n FROM member_period_activity WHERE chain_id = $1 AND member_id = $2', ['chain-a', m]))[0]!['n'], name).toBe(0);
      }
      expect(a.members.size, name).toBe(75 - erased.length);
      // Chain isolation: nothing of chain-b in chain-a's rollups.
      expect([...a.members.keys()].some((m) => m.startsWith('b-')), name).toBe(false);
      expect([...a.periods.keys()].some((k) => k.startsWith('b-one')), name).toBe(false);
    }
  });
});
