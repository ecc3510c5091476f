import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../electron/db/connection.js';
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
