/**
 * Issue 17: after a long HQ outage, the store's backlog reaches HQ within seconds of the network
 * coming back, without staff pressing "sync now".
 *
 * A real HQ (PostgreSQL when reachable) and a real store, cut apart by the fault proxy for 10 minutes
 * of injected time while the counter keeps selling, then healed right after a retry failed (the
 * worst moment for an uploader that only waits out its backoff). HQ, proxy and store share one
 * injected clock, so HQ's own received_at says when each event arrived, and the proxy counts the
 * probes on the HQ side. The uploader runs on the shipped defaults (defaultConfig().hq).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../electron/core/config.js';
import { onOutboxAppended } from '../../edge-sync/client/outbox-append.js';
import { HqClient } from '../../edge-sync/client/hq-client.js';
import type { HqDb } from '../../edge-sync/hq/db/hq-db.js';
import { HqRepository } from '../../edge-sync/hq/hq-repository.js';
import { startHq } from '../../edge-sync/hq/hq-server.js';
import { startTestHq, type TestHq } from './support/hq-fixture.js';
import { startFaultProxy, type FaultProxy, type ProxiedRequest } from './support/fault-proxy.js';
import { appendCheckin, assertPerMemberOrder, makeStore, type TestStore } from './support/store-fixture.js';
import { seededRandom, virtualTime, type VirtualTime } from './support/virtual-time.js';

const SEED = 17;
const PARTITION_MS = 10 * 60_000;
/** The promise of the issue: the backlog is at HQ within 30 s of the heal. */
const RECOVERY_BOUND_MS = 30_000;
const hqDefaults = defaultConfig().hq;

type AfterHeal = 'sales go on' | 'the platform reports the network online' | 'nothing happens';

interface Outcome {
  partitionAt: number;
  healAt: number;
  /** When the last event written before the heal was stored at HQ (HQ's received_at). */
  backlogAtHqBy: number;
  backlog: number;
  duringPartition: ProxiedRequest[];
}

function gaps(times: number[]): number[] {
  return times.slice(1).map((t, i) => t - (times[i] as number));
}

describe('recovery after a long HQ outage (injected time, real HQ and store)', () => {
  let vt: VirtualTime;
  let hq: TestHq;
  let proxy: FaultProxy;
  let store: TestStore | null = null;
  let unsubscribe: (() => void) | null = null;

  beforeAll(async () => {
    // One clock for the whole file, never set back: HQ's rate limits and nonces see time go forward only.
    vt = virtualTime(new Date());
    hq = await startTestHq({ now: () => vt.clock.now() });
    proxy = await startFaultProxy(hq.hq.url, { now: () => vt.nowMs() });
  });
  afterEach(async () => {
    unsubscribe?.();
    unsubscribe = null;
    await store?.close();
    store = null;
    proxy.mode = 'pass';
  });
  afterAll(async () => {
    await proxy?.close();
    await hq?.close();
  });

  /** HQ's own record of when it stored each of this store's events. */
  async function arrivals(storeId: string): Promise<Map<string, number>> {
    const rows = await hq.db.query<{ event_id: string; received_at: string | Date }>('SELECT event_id, received_at FROM events WHERE store_id = $1', [storeId]);
    return new Map(rows.map((r) => [r.event_id, new Date(r.received_at).getTime()]));
  }

  async function partitionAndHeal(storeId: string, afterHeal: AfterHeal): Promise<Outcome> {
    const random = seededRandom(SEED);
    const s = await makeStore({
      repo: hq.repo,
      hqUrl: hq.hq.url,
      clientUrl: proxy.url,
      storeId,
      clock: () => vt.clock.now(),
      uploader: {
        timers: vt.timers,
        random,
        backoff: { baseMs: hqDefaults.backoffBaseMs, maxMs: hqDefaults.backoffMaxMs },
        recoveryProbe: { minIntervalMs: hqDefaults.recoveryProbeMinIntervalMs },
        idlePollMs: hqDefaults.idlePollSeconds * 1000,
      },
    });
    store = s;
    // As the sync service wires it: every commit nudges the uploader.
    unsubscribe = onOutboxAppended(s.db, () => s.uploader.notify());

    const written: string[] = [];
    let selling = true;
    let nextSaleAt = vt.nowMs();
    const settle = async () => {
      await new Promise((resolve) => setImmediate(resolve)); // the commit listener runs on setImmediate
      await s.uploader.settled();
    };
    /** Moves the clock to the next sale or timer (whichever is first, not past `horizon`) and does it. */
    const step = async (horizon = Number.POSITIVE_INFINITY): Promise<'sale' | 'timer' | 'horizon'> => {
      await settle();
      const timerDue = vt.nextTimerDue() ?? Number.POSITIVE_INFINITY;
      const saleDue = selling ? nextSaleAt : Number.POSITIVE_INFINITY;
      if (Math.min(timerDue, saleDue) > horizon) {
        if (horizon === Number.POSITIVE_INFINITY) throw new Error('nothing left to happen');
        vt.clock.set(new Date(horizon));
        return 'horizon';
      }
      if (timerDue <= saleDue) {
        vt.clock.set(new Date(Math.max(vt.nowMs(), timerDue)));
        vt.fireDue();
        await settle();
        return 'timer';
      }
      vt.clock.set(new Date(saleDue));
      // A check-in every 1–4 s across 11 members: a busy counter.
      written.push(appendCheckin(s.db, `m${written.length % 11}`, written.length, vt.clock.now()));
      nextSaleAt = saleDue + 1_000 + Math.floor(random() * 3_000);
      await settle();
      return 'sale';
    };
    const runUntil = async (at: number) => {
      while (vt.nowMs() < at) await step(at);
    };

    // Online: sales go straight through.
    s.uploader.start();
    await runUntil(vt.nowMs() + 20_000);
    expect(s.store.counts().pending).toBe(0);

    // Partition for 10 minutes, the counter still selling; heal right after a retry failed.
    await proxy.setMode('reset');
    const partitionAt = vt.nowMs();
    await runUntil(partitionAt + PARTITION_MS - 60_000);
    // Where nothing but the network event or the timer may bring recovery, the counter has been quiet
    // for the last minute, so no hint from a sale is still waiting for the probe window.
    if (afterHeal !== 'sales go on') selling = false;
    await runUntil(partitionAt + PARTITION_MS);
    const retriedJustNow = () => proxy.log.some((r) => r.at === vt.nowMs() && r.path === '/v1/events/batch');
    while ((await step()) !== 'timer' || !retriedJustNow());
    expect(proxy.log.filter((r) => r.at === vt.nowMs() && r.path === '/v1/events/batch')).toMatchObject([{ mode: 'reset' }]);
    expect(s.uploader.status().state).toBe('backing_off');
    const healAt = vt.nowMs();
    const duringPartition = proxy.log.filter((r) => r.at >= partitionAt && r.at <= healAt);
    // "HQ unreachable since" is the first failed upload of the partition, persisted for the doctor.
    const firstFailure = duringPartition.find((r) => r.path === '/v1/events/batch');
    expect(s.store.getState('unreachable_since')).toBe(new Date(firstFailure?.at ?? 0).toISOString());
    await proxy.setMode('pass');

    const backlog = [...written];
    if (afterHeal === 'the platform reports the network online') {
      await runUntil(healAt + 2_000);
      expect(s.uploader.networkChanged()).toBe('now');
    }
    let atHq = await arrivals(storeId);
    while (!backlog.every((id) => atHq.has(id)) && vt.nowMs() < healAt + 5 * 60_000) {
      await step(healAt + 5 * 60_000);
      atHq = await arrivals(storeId);
    }
    const backlogAtHqBy = Math.max(...backlog.map((id) => atHq.get(id) ?? Number.POSITIVE_INFINITY));

    // Then everything, once, in each member's order; the outage is over for the manager and the doctor.
    selling = false;
    while (s.store.counts().pending > 0) await step();
    const events = await hq.repo.listEvents({ storeId });
    expect(events.map((e) => e.eventId).sort()).toEqual([...written].sort());
    expect(assertPerMemberOrder(events)).toEqual([]);
    expect(s.store.counts()).toMatchObject({ pending: 0, parked: 0 });
    expect(s.uploader.status().unreachableSince).toBeNull();
    expect(s.store.getState('unreachable_since')).toBe('');
    return { partitionAt, healAt, backlogAtHqBy, backlog: backlog.length, duringPartition };
  }

  /** What the partition looked like at HQ's door: probes within the promised rate, retries at least every backoffMaxMs. */
  function expectPoliteOutage(o: Outcome): void {
    const probes = o.duringPartition.filter((r) => r.method === 'GET' && r.path === '/v1/health').map((r) => r.at);
    const minute = 60_000;
    expect(probes.length, 'sales during the outage led to probes').toBeGreaterThan((o.healAt - o.partitionAt) / (2 * hqDefaults.recoveryProbeMinIntervalMs));
    expect(probes.length).toBeLessThanOrEqual(Math.floor((o.healAt - o.partitionAt) / hqDefaults.recoveryProbeMinIntervalMs) + 1);
    expect(Math.min(...gaps(probes))).toBeGreaterThanOrEqual(hqDefaults.recoveryProbeMinIntervalMs);
    const uploads = o.duringPartition.filter((r) => r.path === '/v1/events/batch').map((r) => r.at);
    expect(Math.max(...gaps(uploads))).toBeLessThanOrEqual(hqDefaults.backoffMaxMs);
    expect(uploads.length).toBeLessThan((o.healAt - o.partitionAt) / (minute / 4)); // backing off, not hammering
  }

  it('sales after the heal: the backlog of a 10-minute partition is at HQ within 30 s, probes no more than one per 5 s', async () => {
    const o = await partitionAndHeal('store-recover-sales', 'sales go on');
    expect(o.backlog).toBeGreaterThan(150);
    expect(o.backlogAtHqBy - o.healAt).toBeLessThanOrEqual(RECOVERY_BOUND_MS);
    expectPoliteOutage(o);
  });

  it('no sale after the heal, but the platform reports the network online: at HQ within 30 s', async () => {
    const o = await partitionAndHeal('store-recover-online', 'the platform reports the network online');
    expect(o.backlogAtHqBy - o.healAt).toBeLessThanOrEqual(RECOVERY_BOUND_MS);
    expectPoliteOutage(o);
  });

  it('no sale and no network event: the backoff cap alone brings the backlog within a minute', async () => {
    const o = await partitionAndHeal('store-recover-quiet', 'nothing happens');
    expect(o.backlogAtHqBy - o.healAt).toBeLessThanOrEqual(hqDefaults.backoffMaxMs);
    expectPoliteOutage(o);
  });

  it('the probe endpoint does no database work at HQ', async () => {
    let statements = 0;
    const counting: HqDb = {
      dialect: hq.db.dialect,
      query: (sql, params) => {
        statements++;
        return hq.db.query(sql, params);
      },
      tx: (fn) => {
        statements++;
        return hq.db.tx(fn);
      },
      close: async () => undefined,
    };
    // Without the rollup consumer: its own background polling (hq-rollup-consumer.ts) is no request's work.
    const counted = await startHq({ repo: new HqRepository(counting), now: () => vt.clock.now(), host: '127.0.0.1', port: 0, rollupConsumer: false });
    try {
      const client = new HqClient({ baseUrl: counted.url, credentials: () => null, now: () => vt.nowMs() });
      for (let i = 0; i < 3; i++) expect(await client.health({ timeoutMs: 2_000 })).toMatchObject({ status: 'ok' });
      expect(statements).toBe(0);
      // The counter does count: a provisioning attempt (unauthenticated too) reads the token table.
      await expect(client.provision({ token: 'mkpt_not-a-real-token-000000', storeId: 's', deviceName: 'd', appVersion: 't' })).rejects.toThrow(/401|403|TOKEN|token/i);
      expect(statements).toBeGreaterThan(0);
    } finally {
      await counted.close();
    }
  });
});
