import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../electron/core/clock.js';
import { provisionDevice } from '../../edge-sync/client/provisioning.js';
import type { Timers } from '../../edge-sync/client/uploader.js';
import { testRandom } from '../support/seeded-random.js';
import { startTestHq, type TestHq } from './support/hq-fixture.js';
import { startFaultProxy, type FaultProxy } from './support/fault-proxy.js';
import { appendCheckin, assertPerMemberOrder, makeStore, type TestStore } from './support/store-fixture.js';

/** Timers driven by the test's clock: nothing sleeps; the test fires what is due. */
function manualTimers(clock: ReturnType<typeof fixedClock>) {
  let next: { fn: () => void; due: number } | null = null;
  const delays: number[] = [];
  const timers: Timers = {
    setTimeout(fn, ms) {
      delays.push(ms);
      next = { fn, due: clock.now().getTime() + ms };
      return next;
    },
    clearTimeout(h) {
      if (next === h) next = null;
    },
  };
  return {
    timers,
    delays,
    get due(): number | null {
      return next?.due ?? null;
    },
    /** Moves the clock to the pending timer and fires it. */
    fire(): boolean {
      const t = next;
      if (!t) return false;
      next = null;
      if (t.due > clock.now().getTime()) clock.set(new Date(t.due));
      t.fn();
      return true;
    },
  };
}

describe('uploader against a real HQ behind a faulty network', () => {
  let hq: TestHq;
  let proxy: FaultProxy;
  let store: TestStore | null = null;

  beforeAll(async () => {
    hq = await startTestHq();
    proxy = await startFaultProxy(hq.hq.url);
  });
  afterEach(async () => {
    await store?.close();
    store = null;
    await proxy.setMode('pass');
  });
  afterAll(async () => {
    await proxy?.close();
    await hq?.close();
  });

  it('keeps everything through a simulated 72-hour HQ outage, retrying on its own timer, then delivers all in per-member order', async () => {
    const clock = fixedClock(new Date());
    const mt = manualTimers(clock);
    // The uploader's backoff jitter, seeded so a failing run can be replayed.
    const random = testRandom('hq-outage 72 h');
    store = await makeStore({
      repo: hq.repo,
      hqUrl: hq.hq.url,
      clientUrl: proxy.url,
      storeId: 'store-72h',
      clock: () => clock.now(),
      uploader: { timers: mt.timers, backoff: { baseMs: 1_000, maxMs: 5 * 60_000 }, batchSize: 200, random: () => random.next() },
    });
    const s = store;
    await proxy.setMode('down');
    s.uploader.start();
    const start = clock.now().getTime();
    const end = start + 72 * 3_600_000;
    const written: string[] = [];
    let attempts = 0;
    let nextWriteAt = start;
    let i = 0;
    // 720 writes and about 900 retries; a loop that stops advancing the clock is a bug, not a hang.
    const maxSteps = 10_000;
    for (let step = 0; clock.now().getTime() < end; step++) {
      if (step >= maxSteps) throw new Error(`the simulated outage made no progress after ${maxSteps} steps (clock at ${clock.now().toISOString()}, KIOSK_TEST_SEED=${random.seed})`);
      // A check-in every 6 simulated minutes, across 17 members.
      if (mt.due === null || nextWriteAt <= (mt.due ?? Infinity)) {
        clock.set(new Date(nextWriteAt));
        written.push(appendCheckin(s.db, `m${i % 17}`, i, clock.now()));
        i++;
        nextWriteAt += 6 * 60_000;
        continue;
      }
      mt.fire();
      await s.uploader.runOnce();
      attempts++;
    }
    const during = s.uploader.status();
    expect(during.pending).toBe(written.length);
    expect(during.state).toBe('backing_off');
    expect(during.oldestPendingAgeMs).toBeGreaterThan(71 * 3_600_000);
    expect(during.lastError).toMatch(/unreachable|connection|socket|fetch/i);
    // Retries kept coming without new writes being needed, backing off up to the 5-minute cap, with jitter.
    expect(attempts).toBeGreaterThan(72 * 12 * 0.9);
    const backoffs = mt.delays.filter((d) => d > 0);
    expect(Math.max(...backoffs)).toBeLessThanOrEqual(5 * 60_000);
    expect(Math.max(...backoffs)).toBeGreaterThan(2.5 * 60_000);
    expect(new Set(backoffs.slice(-20)).size).toBeGreaterThan(5);
    expect(await hq.repo.countEvents()).toBe(0);

    await proxy.setMode('pass');
    for (let k = 0; k < 100 && s.store.counts().pending > 0; k++) {
      mt.fire();
      await s.uploader.runOnce();
    }
    // Bounded above: 100 rounds of 200 events is far more than the 720 written.
    expect(s.store.counts(), 'outbox after 100 upload rounds').toMatchObject({ pending: 0, parked: 0 });
    const atHq = await hq.repo.listEvents({ storeId: 'store-72h' });
    expect(atHq.map((e) => e.eventId).sort()).toEqual([...written].sort());
    expect(assertPerMemberOrder(atHq)).toEqual([]);
    expect(s.uploader.status().lastError).toBeNull();
  }, 120_000);

  it('survives HTTP 500s, timeouts and lost replies without losing or duplicating an event', async () => {
    store = await makeStore({ repo: hq.repo, hqUrl: hq.hq.url, clientUrl: proxy.url, storeId: 'store-flaky', uploader: { batchSize: 10 } });
    const s = store;
    const ids = Array.from({ length: 35 }, (_, i) => appendCheckin(s.db, `f${i % 3}`, i, new Date()));

    proxy.mode = 'reset';
    expect(await s.uploader.runOnce()).toBe('failed');
    expect(s.store.counts().pending).toBe(35);

    proxy.mode = 'error500';
    expect(await s.uploader.runOnce()).toBe('failed');
    expect(s.uploader.status().lastError).toMatch(/500/);
    expect(s.store.counts().pending).toBe(35);

    proxy.mode = 'hang';
    expect(await s.uploader.runOnce()).toBe('failed');
    expect(s.uploader.status().lastError).toMatch(/did not answer/);
    expect(s.store.counts().pending).toBe(35);

    // HQ stores the batch but the reply never arrives: the rows stay, and the resend is acked as duplicates.
    proxy.mode = 'lose-reply';
    expect(await s.uploader.runOnce()).toBe('failed');
    expect(s.store.counts().pending).toBe(35);
    expect((await hq.repo.listEvents({ storeId: 'store-flaky' })).length).toBe(10);

    proxy.mode = 'pass';
    expect(await s.uploader.drain()).toBe('nothing');
    const atHq = await hq.repo.listEvents({ storeId: 'store-flaky' });
    expect(atHq.map((e) => e.eventId).sort()).toEqual([...ids].sort());
    expect(assertPerMemberOrder(atHq)).toEqual([]);
  });

  it('on 401 re-reads its credentials (re-provisioned while running) and carries on', async () => {
    store = await makeStore({ repo: hq.repo, hqUrl: hq.hq.url, storeId: 'store-401' });
    const s = store;
    appendCheckin(s.db, 'k1', 1, new Date());
    expect(await s.uploader.drain()).toBe('nothing');
    const oldDevice = s.credentials.get()?.deviceId;

    // Store IT re-provisions from the command line: new secret on disk, old device retired at HQ.
    const { token } = await hq.repo.createProvisioningToken({ storeId: 'store-401', chainId: 'chain-1', now: new Date(), ttlMs: 60_000 });
    await provisionDevice({ dataDir: s.dir, hqUrl: hq.hq.url, storeId: 'store-401', token, deviceName: 'counter-1', appVersion: 't', force: true });
    expect((await hq.repo.getDevice(oldDevice ?? ''))?.revokedAt).not.toBeNull();

    appendCheckin(s.db, 'k1', 2, new Date());
    expect(await s.uploader.drain()).toBe('nothing');
    expect(s.credentials.get()?.deviceId).not.toBe(oldDevice);
    expect((await hq.repo.listEvents({ memberId: 'k1' })).map((e) => e.memberSeq)).toEqual([1, 2]);

    // Revoked with nothing new on disk: a clear failure, rows kept.
    await hq.repo.revokeDevice(s.credentials.get()?.deviceId ?? '', new Date());
    appendCheckin(s.db, 'k1', 3, new Date());
    expect(await s.uploader.runOnce()).toBe('failed');
    expect(s.uploader.status().lastError).toMatch(/401 UNAUTHENTICATED/);
    expect(s.store.counts().pending).toBe(1);
  });

  it.each([
    ['+24 h', 24],
    ['-24 h', -24],
  ])('syncs with the store clock %s off', async (_label, hours) => {
    const clock = fixedClock(new Date(Date.now() + hours * 3_600_000));
    store = await makeStore({ repo: hq.repo, hqUrl: hq.hq.url, storeId: `store-skew${hours > 0 ? 'p' : 'm'}`, clock: () => clock.now() });
    const s = store;
    const ids = [appendCheckin(s.db, 'sk', 1, clock.now()), appendCheckin(s.db, 'sk', 2, clock.now())];
    expect(await s.uploader.drain()).toBe('nothing');
    expect(Math.round(s.client.clockOffsetMs / 3_600_000)).toBe(-hours);
    const atHq = await hq.repo.listEvents({ storeId: s.creds.storeId });
    expect(atHq.map((e) => e.eventId)).toEqual(ids);
  });
});
