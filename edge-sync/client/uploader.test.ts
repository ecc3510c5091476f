import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../electron/db/connection.js';
import { fixedClock } from '../../electron/core/clock.js';
import { appendOutboxEvent } from './outbox-append.js';
import { HqCallError, type HqClient } from './hq-client.js';
import { OutboxStore } from './outbox-store.js';
import { Uploader, type Timers } from './uploader.js';
import type { UploadBatchAck } from '../protocol/wire.js';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-upl-'));
  db = openDatabase(path.join(dir, 'store.sqlite'));
});
afterEach(() => {
  if (db.open) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(n: number): void {
  for (let i = 0; i < n; i++) {
    const at = new Date('2026-11-20T08:00:00Z');
    db.transaction(() =>
      appendOutboxEvent(db, 'checkin.recorded', { checkinId: `c${i}`, memberId: 'm1', method: 'qr', at: at.toISOString(), localDate: '2026-11-20', streakDays: 0, pointsAwarded: 0 }, { memberId: 'm1', occurredAt: at }),
    )();
  }
}

function recordingTimers() {
  const delays: number[] = [];
  const timers: Timers = { setTimeout: (_fn, ms) => (delays.push(ms), delays.length), clearTimeout: () => undefined };
  return { timers, delays };
}

const ackAll = (ids: string[]): UploadBatchAck => ({ v: 1, accepted: ids, duplicates: [], deferred: [], rejected: [], hqTime: new Date().toISOString() });

function uploaderWith(client: Partial<HqClient>, timers: Timers) {
  return new Uploader({
    store: new OutboxStore(db),
    client: client as HqClient,
    identity: () => ({ storeId: 's', deviceId: 'd' }),
    now: () => new Date('2026-11-20T09:00:00Z'),
    timers,
    random: () => 1,
    backoff: { baseMs: 1_000, maxMs: 60_000 },
  });
}

describe('Uploader', () => {
  it('backs off exponentially after failures, honours Retry-After, and keeps every row', async () => {
    write(3);
    const t = recordingTimers();
    let calls = 0;
    const u = uploaderWith(
      {
        uploadBatch: async () => {
          calls++;
          if (calls <= 3) throw new HqCallError('network', 'HQ unreachable: ECONNREFUSED');
          throw new HqCallError('http', '429 RATE_LIMITED', 429, 'RATE_LIMITED', 30_000);
        },
      },
      t.timers,
    );
    u.start();
    for (let i = 0; i < 4; i++) expect(await u.runOnce()).toBe('failed');
    expect(t.delays).toEqual([0, 1_000, 2_000, 4_000, 30_000]);
    expect(u.status()).toMatchObject({ state: 'backing_off', pending: 3, lastError: '429 RATE_LIMITED' });
    await u.stop();
  });

  it('keeps its idle poll armed when there is nothing to send, and looks again later when not provisioned', async () => {
    const t = recordingTimers();
    const u = uploaderWith({ uploadBatch: async () => ackAll([]) }, t.timers);
    u.start();
    expect(await u.runOnce()).toBe('nothing');
    // start() armed 0; the empty attempt re-arms the idle poll (30 s default), so a missed notify() is caught.
    expect(t.delays).toEqual([0, 30_000]);
    await u.stop();

    const t2 = recordingTimers();
    const unprovisioned = new Uploader({ store: new OutboxStore(db), client: {} as HqClient, identity: () => null, now: () => new Date('2026-11-20T09:00:00Z'), timers: t2.timers, idlePollMs: 10_000 });
    unprovisioned.start();
    expect(await unprovisioned.runOnce()).toBe('not_provisioned');
    expect(t2.delays).toEqual([0, 10_000]);
    await unprovisioned.stop();
  });

  it('deletes only what HQ acknowledged', async () => {
    write(4);
    const u = uploaderWith({ uploadBatch: async (b) => ackAll(b.events.slice(0, 2).map((e) => e.eventId)) }, recordingTimers().timers);
    expect(await u.runOnce()).toBe('sent');
    expect(new OutboxStore(db).counts().pending).toBe(2);
  });

  it('marks the member bank balance stale when HQ takes a points event, so it is not spent twice', async () => {
    db.prepare("INSERT INTO hq_member_balances (member_id, points_balance, as_of_hq_seq, synced_at) VALUES ('m1', 100, 5, '2026-11-20T08:59:00.000Z'), ('m2', 50, 5, '2026-11-20T08:59:00.000Z')").run();
    const at = new Date('2026-11-20T08:30:00Z');
    db.transaction(() =>
      appendOutboxEvent(db, 'points.changed', { entryId: 1, memberId: 'm1', delta: -40, kind: 'redeem', balanceAfter: 60, ref: null, reason: null, at: at.toISOString() }, { memberId: 'm1', occurredAt: at }),
    )();
    write(1); // a check-in of m1 too; m2 untouched
    const u = uploaderWith({ uploadBatch: async (b) => ackAll(b.events.map((e) => e.eventId)) }, recordingTimers().timers);
    expect(await u.runOnce()).toBe('sent');
    const rows = db.prepare('SELECT member_id, synced_at FROM hq_member_balances ORDER BY member_id').all();
    expect(rows).toEqual([
      { member_id: 'm1', synced_at: '1970-01-01T00:00:00.000Z' },
      { member_id: 'm2', synced_at: '2026-11-20T08:59:00.000Z' },
    ]);
  });

  it('halves the batch when HQ answers 413, so large purchases still go through', async () => {
    write(40);
    const sizes: number[] = [];
    const u = new Uploader({
      store: new OutboxStore(db),
      client: {
        uploadBatch: async (b: { events: Array<{ eventId: string }> }) => {
          sizes.push(b.events.length);
          if (b.events.length > 10) throw new HqCallError('http', '413 PAYLOAD_TOO_LARGE', 413, 'PAYLOAD_TOO_LARGE');
          return ackAll(b.events.map((e) => e.eventId));
        },
      } as unknown as HqClient,
      identity: () => ({ storeId: 's', deviceId: 'd' }),
      now: () => new Date(),
      timers: recordingTimers().timers,
      batchSize: 40,
    });
    expect(await u.drain()).toBe('nothing');
    expect(sizes.slice(0, 3)).toEqual([40, 20, 10]);
    expect(new OutboxStore(db).counts()).toMatchObject({ pending: 0, parked: 0 });
  });

  it('turns a local failure (database gone) into a retried failure, not a crash', async () => {
    write(1);
    const t = recordingTimers();
    const u = uploaderWith({ uploadBatch: async (b) => ackAll(b.events.map((e) => e.eventId)) }, t.timers);
    u.start();
    db.close();
    expect(await u.runOnce()).toBe('failed');
    expect(u.status()).toMatchObject({ state: 'backing_off', lastError: expect.stringMatching(/not open/) });
    expect(t.delays.at(-1)).toBeGreaterThan(0);
  });
});

/** Timers the test fires by hand (the uploader's retry timer, and a deferred probe's). */
function heldTimers() {
  const scheduled: Array<{ fn: () => void; ms: number; cleared: boolean }> = [];
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      const t = { fn, ms, cleared: false };
      scheduled.push(t);
      return t;
    },
    clearTimeout: (h) => {
      (h as { cleared: boolean }).cleared = true;
    },
  };
  return {
    timers,
    /** Delays of the timers still armed (not cleared, not fired), in the order they were armed. */
    armed: () => scheduled.filter((t) => !t.cleared).map((t) => t.ms),
    /** Fires the armed timer of that delay (or the first armed), as the clock reaching it would. */
    fire(ms?: number): void {
      const t = scheduled.find((x) => !x.cleared && (ms === undefined || x.ms === ms));
      if (!t) throw new Error(`no timer armed${ms === undefined ? '' : ` for ${ms} ms`}`);
      t.cleared = true;
      t.fn();
    },
  };
}

describe('Uploader recovery after an outage', () => {
  const unreachable = () => new HqCallError('network', 'HQ unreachable: ECONNREFUSED');
  let clock: ReturnType<typeof fixedClock>;
  beforeEach(() => {
    clock = fixedClock('2026-11-20T09:00:00Z');
  });

  /** An HQ whose reachability the test switches; counts uploads and health probes. */
  function switchableHq() {
    const hq = { up: false, uploads: 0, probes: 0, probeAt: [] as number[], uploadError: unreachable as () => Error };
    const client: Partial<HqClient> = {
      uploadBatch: async (b) => {
        hq.uploads++;
        if (!hq.up) throw hq.uploadError();
        return ackAll(b.events.map((e) => e.eventId));
      },
      health: async () => {
        hq.probes++;
        hq.probeAt.push(clock.now().getTime());
        if (!hq.up) throw unreachable();
        return { v: 1, status: 'ok', hqTime: clock.now().toISOString(), database: 'postgres' };
      },
    };
    return { hq, client };
  }

  function uploader(client: Partial<HqClient>, timers: Timers, store = new OutboxStore(db)) {
    return new Uploader({
      store,
      client: client as HqClient,
      identity: () => ({ storeId: 's', deviceId: 'd' }),
      now: () => clock.now(),
      timers,
      random: () => 0.5,
      backoff: { baseMs: 1_000, maxMs: 60_000 },
      recoveryProbe: { minIntervalMs: 5_000 },
    });
  }

  /** Starts the uploader against a down HQ and lets `n` attempts fail on its own timer. */
  async function backingOff(client: Partial<HqClient>, t: ReturnType<typeof heldTimers>, n: number): Promise<Uploader> {
    const u = uploader(client, t.timers);
    u.start();
    for (let i = 0; i < n; i++) {
      t.fire();
      expect(await u.runOnce()).toBe('failed');
    }
    return u;
  }

  it('notify while idle is unchanged: it schedules an upload at once and never probes', async () => {
    const { hq, client } = switchableHq();
    hq.up = true;
    const t = heldTimers();
    const u = uploader(client, t.timers);
    u.start();
    t.fire();
    expect(await u.runOnce()).toBe('nothing');
    write(1);
    u.notify();
    expect(t.armed()).toEqual([0]);
    await u.settled();
    expect(hq.probes).toBe(0);
    await u.stop();
  });

  it('while backing off, commits probe HQ at most once per interval, and a failed probe keeps the backoff', async () => {
    write(1);
    const { hq, client } = switchableHq();
    const t = heldTimers();
    const u = await backingOff(client, t, 7);
    expect(t.armed()).toEqual([45_000]); // 7th failure: capped at 60 s, equal jitter at 0.5
    const uploadsBefore = hq.uploads;
    // A busy counter: a sale every second for 12 s, each one a hint.
    for (let s = 0; s < 12; s++) {
      write(1);
      u.notify();
      await u.settled();
      clock.advance(1_000);
    }
    expect(hq.probes).toBe(3); // at 0, 5 and 10 s
    expect(hq.probeAt.slice(1).map((at, i) => at - (hq.probeAt[i] as number))).toEqual([5_000, 5_000]);
    // Failed probes changed nothing: no upload, the same backoff timer (plus the hint of 11 s kept for 15 s).
    expect(hq.uploads).toBe(uploadsBefore);
    expect(t.armed()).toEqual([45_000, 4_000]);
    expect(u.status()).toMatchObject({ state: 'backing_off', pending: 13 });
    t.fire(45_000);
    expect(await u.runOnce()).toBe('failed');
    expect(t.armed()).toEqual([4_000, 45_000]); // the 8th failure backs off as a streak of 8, not of 1
    await u.stop();
    expect(t.armed()).toEqual([]);
  });

  it('a hint inside the rate limit is kept: one probe runs when the window opens, not one per hint', async () => {
    write(1);
    const { hq, client } = switchableHq();
    const t = heldTimers();
    const u = await backingOff(client, t, 7);
    expect(u.networkChanged()).toBe('now');
    await u.settled();
    clock.advance(2_000);
    hq.up = true; // the network comes back 2 s after a failed probe
    expect(u.networkChanged()).toBe('scheduled');
    expect(u.networkChanged()).toBe('scheduled');
    expect(t.armed()).toEqual([45_000, 3_000]);
    clock.advance(3_000);
    t.fire(3_000);
    await u.settled();
    expect(hq.probes).toBe(2);
    expect(t.armed()).toEqual([0]); // HQ answered: the drain starts now
    t.fire(0);
    expect(await u.runOnce()).toBe('sent');
    await u.stop();
  });

  it('a successful probe ends the backoff at once and the drain starts', async () => {
    write(3);
    const { hq, client } = switchableHq();
    const t = heldTimers();
    const u = await backingOff(client, t, 7);
    expect(t.armed()).toEqual([45_000]);
    hq.up = true;
    clock.advance(2_000);
    write(1);
    u.notify();
    await u.settled();
    expect(hq.probes).toBe(1);
    expect(t.armed()).toEqual([0]); // the 43 s left of the backoff are gone
    t.fire();
    expect(await u.runOnce()).toBe('sent');
    expect(u.status()).toMatchObject({ pending: 0, lastError: null, unreachableSince: null });
    await u.stop();
  });

  it('the network coming back (platform event) probes too, under the same rate limit', async () => {
    write(1);
    const { hq, client } = switchableHq();
    const t = heldTimers();
    const u = await backingOff(client, t, 3);
    expect(u.networkChanged()).toBe('now');
    await u.settled();
    expect(hq.probes).toBe(1);
    expect(t.armed()).toEqual([3_000]); // failed: the backoff timer alone, as before
    clock.advance(5_000);
    hq.up = true;
    expect(u.networkChanged()).toBe('now');
    await u.settled();
    expect(hq.probes).toBe(2);
    expect(t.armed()).toEqual([0]);
    await u.stop();
  });

  it('does not probe when the failure was not an outage (refused, or HQ asked to wait with Retry-After)', async () => {
    write(1);
    const { hq, client } = switchableHq();
    hq.uploadError = () => new HqCallError('http', '429 RATE_LIMITED', 429, 'RATE_LIMITED', 30_000);
    const t = heldTimers();
    const u = await backingOff(client, t, 1);
    expect(u.networkChanged()).toBe('none');
    hq.uploadError = () => new HqCallError('http', '401 UNAUTHENTICATED: unknown or revoked device', 401, 'UNAUTHENTICATED');
    t.fire();
    await u.runOnce();
    write(1);
    u.notify();
    await u.settled();
    expect(hq.probes).toBe(0);
    // A gateway without its upstream (502, no Retry-After) is an outage a probe can see end.
    hq.uploadError = () => new HqCallError('http', 'HQ answered 502', 502);
    t.fire();
    await u.runOnce();
    expect(u.networkChanged()).toBe('now');
    await u.stop();
  });

  it('persists when the outage began, keeps it across a restart, and clears it once HQ acknowledges', async () => {
    write(2);
    const { hq, client } = switchableHq();
    const t = heldTimers();
    const began = clock.now().toISOString();
    const first = await backingOff(client, t, 2);
    await first.stop();
    const store = new OutboxStore(db);
    expect(store.getState('unreachable_since')).toBe(began);
    expect(store.getState('next_attempt_at')).toBe(new Date(clock.now().getTime() + 1_500).toISOString());

    clock.advance(3_600_000);
    const t2 = heldTimers();
    const second = uploader(client, t2.timers);
    expect(second.status().unreachableSince).toBe(began);
    second.start();
    t2.fire();
    expect(await second.runOnce()).toBe('failed');
    expect(second.status().unreachableSince).toBe(began); // the same outage, an hour on

    hq.up = true;
    t2.fire();
    expect(await second.runOnce()).toBe('sent');
    expect(second.status()).toMatchObject({ unreachableSince: null, nextAttemptAt: null, pending: 0 });
    expect([store.getState('unreachable_since'), store.getState('next_attempt_at'), store.getState('last_error')]).toEqual(['', '', '']);
    await second.stop();
  });
});
