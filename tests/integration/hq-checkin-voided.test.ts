/**
 * A check-in voided at the store ("not this member") reaches HQ as checkin.voided: HQ stores the
 * event, records the void, and no longer counts the visit. Only the store that recorded the
 * check-in can void it. Runs on the real PostgreSQL (a throwaway database) where this run has it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHqDb, type HqDb } from '../../edge-sync/hq/db/hq-db.js';
import { HqRepository, type DeviceRecord } from '../../edge-sync/hq/hq-repository.js';
import { eventPayloadSchemas } from '../../edge-sync/protocol/events.js';
import type { WireEvent } from '../../edge-sync/protocol/wire.js';
import { createScratchPgDatabase } from '../fault/support/hq-fixture.js';
import { hqTestEngine } from '../support/postgres.js';

const engine = await hqTestEngine();
const at = '2026-11-20T08:00:00.000Z';
const recorded = (checkinId: string, member: string, seq: number): WireEvent => ({
  eventId: `rec-${checkinId}`,
  kind: 'checkin.recorded',
  memberId: member,
  memberSeq: seq,
  schemaVersion: 1,
  occurredAt: at,
  payload: { checkinId, memberId: member, method: 'face', at, localDate: '2026-11-20', streakDays: 1, pointsAwarded: 10 },
});
const voided = (checkinId: string, member: string, seq: number, eventId = `void-${checkinId}`): WireEvent => ({
  eventId,
  kind: 'checkin.voided',
  memberId: member,
  memberSeq: seq,
  schemaVersion: 1,
  occurredAt: at,
  payload: { checkinId, memberId: member, localDate: '2026-11-20', pointsReversed: 10, at },
});

let dir: string;
let db: HqDb;
let drop: () => Promise<void> = async () => undefined;
let repo: HqRepository;
const device: Record<string, DeviceRecord> = {};

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hq-void-'));
  if (engine === 'postgres') {
    const scratch = await createScratchPgDatabase();
    drop = scratch.drop;
    db = await openHqDb({ pgUrl: scratch.url });
  } else {
    db = await openHqDb({ sqliteFile: path.join(dir, 'hq.sqlite') });
  }
  repo = new HqRepository(db);
  const now = new Date(at);
  for (const store of ['s1', 's2']) {
    const { token } = await repo.createProvisioningToken({ storeId: store, chainId: 'c1', now, ttlMs: 60_000 });
    const d = await repo.provisionDevice({ token, storeId: store, deviceName: store, now, originId: `o-${store}` });
    device[store] = (await repo.getDevice(d.deviceId))!;
  }
});
afterEach(async () => {
  await db?.close();
  await drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe(`checkin.voided at HQ (${engine})`, () => {
  it('is a strict, non-biometric wire kind with no free text', () => {
    expect(eventPayloadSchemas['checkin.voided'].safeParse(voided('c', 'm', 1).payload).success).toBe(true);
    expect(eventPayloadSchemas['checkin.voided'].safeParse({ ...voided('c', 'm', 1).payload, reason: '认错人' }).success).toBe(false);
  });

  it('is stored, recorded, and the visit is no longer counted; a resend changes nothing', async () => {
    const ack = await repo.ingestBatch(device['s1']!, { originId: 'o-s1', events: [recorded('k1', 'm1', 1), recorded('k2', 'm1', 2)], skipped: [] }, new Date(at));
    expect(ack.accepted).toHaveLength(2);
    expect(await repo.visitsCounted('c1', { memberId: 'm1' })).toBe(2);

    const voidAck = await repo.ingestBatch(device['s1']!, { originId: 'o-s1', events: [voided('k1', 'm1', 3)], skipped: [] }, new Date(at));
    expect(voidAck.accepted).toEqual(['void-k1']);
    expect((await repo.listEvents({ memberId: 'm1' })).map((e) => e.kind)).toEqual(['checkin.recorded', 'checkin.recorded', 'checkin.voided']);
    const rows = await db.query<{ checkin_id: string; store_id: string; event_id: string }>('SELECT checkin_id, store_id, event_id FROM voided_checkins WHERE chain_id = $1', ['c1']);
    expect(rows).toEqual([{ checkin_id: 'k1', store_id: 's1', event_id: 'void-k1' }]);
    expect(await repo.visitsCounted('c1', { memberId: 'm1' })).toBe(1);
    expect(await repo.visitsCounted('c1', { storeId: 's1' })).toBe(1);

    const resend = await repo.ingestBatch(device['s1']!, { originId: 'o-s1', events: [voided('k1', 'm1', 3)], skipped: [] }, new Date(at));
    expect(resend.duplicates).toEqual(['void-k1']);
    expect(await repo.visitsCounted('c1', { memberId: 'm1' })).toBe(1);
  });

  it("another store cannot un-count a store's check-in by naming its id", async () => {
    await repo.ingestBatch(device['s1']!, { originId: 'o-s1', events: [recorded('k9', 'm9', 1)], skipped: [] }, new Date(at));
    await repo.ingestBatch(device['s2']!, { originId: 'o-s2', events: [voided('k9', 'm9', 1, 'void-k9-elsewhere')], skipped: [] }, new Date(at));
    expect(await repo.visitsCounted('c1', { memberId: 'm9' })).toBe(1);
    // ...nor keep that store from voiding it itself.
    await repo.ingestBatch(device['s1']!, { originId: 'o-s1', events: [voided('k9', 'm9', 2)], skipped: [] }, new Date(at));
    expect(await repo.visitsCounted('c1', { memberId: 'm9' })).toBe(0);
  });

  it('erasing the member removes the void record with the rest', async () => {
    await repo.ingestBatch(device['s1']!, { originId: 'o-s1', events: [recorded('k5', 'm5', 1), voided('k5', 'm5', 2)], skipped: [] }, new Date(at));
    await repo.eraseMember('c1', 'm5', null, new Date(at));
    expect(await db.query('SELECT * FROM voided_checkins WHERE member_id = $1', ['m5'])).toEqual([]);
  });
});
