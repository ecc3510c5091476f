import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHqDb, type HqDb } from './db/hq-db.js';
import { HqRepository, type DeviceRecord } from './hq-repository.js';
import type { WireEvent } from '../protocol/wire.js';

const at = '2026-11-20T08:00:00.000Z';
const checkin = (id: string, member: string, seq: number): WireEvent => ({
  eventId: id,
  kind: 'checkin.recorded',
  memberId: member,
  memberSeq: seq,
  schemaVersion: 1,
  occurredAt: at,
  payload: { checkinId: id, memberId: member, method: 'qr', at, localDate: '2026-11-20', streakDays: 0, pointsAwarded: 0 },
});

let dir: string;
let db: HqDb;
let repo: HqRepository;
let device: DeviceRecord;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-hqrepo-'));
  db = await openHqDb({ sqliteFile: path.join(dir, 'hq.sqlite') });
  repo = new HqRepository(db);
  const now = new Date();
  const { token } = await repo.createProvisioningToken({ storeId: 's1', chainId: 'c1', now, ttlMs: 60_000 });
  const d = await repo.provisionDevice({ token, storeId: 's1', deviceName: 'x', now });
  device = (await repo.getDevice(d.deviceId)) as DeviceRecord;
});
afterEach(async () => {
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('HqRepository on the embedded SQLite', () => {
  it('ingests a full batch (several statements) in member order, whatever order it arrives in', async () => {
    const events = Array.from({ length: 450 }, (_, i) => checkin(`e${i}`, `m${i % 9}`, Math.floor(i / 9) + 1)).reverse();
    const ack = await repo.ingestBatch(device, { originId: 'o1', events, skipped: [] }, new Date());
    expect(ack.accepted).toHaveLength(450);
    const stored = await repo.listEvents({ memberId: 'm3' });
    expect(stored.map((e) => e.memberSeq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const again = await repo.ingestBatch(device, { originId: 'o1', events: events.slice(0, 10), skipped: [] }, new Date());
    expect(again.duplicates).toHaveLength(10);
    expect(await repo.countEvents()).toBe(450);
  });

  it('a skip notice moves the member sequence on, without storing any payload', async () => {
    const ack = await repo.ingestBatch(device, { originId: 'o1', events: [checkin('b', 'm1', 2)], skipped: [{ eventId: 'a', memberId: 'm1', memberSeq: 1, reason: 'parked at the store' }] }, new Date());
    expect(ack.accepted.sort()).toEqual(['a', 'b']);
    expect((await repo.listEvents({ memberId: 'm1' })).map((e) => e.eventId)).toEqual(['b']);
  });

  it('builds member profiles from store events for the other stores (masked phone), and erases them chain-wide', async () => {
    const created: WireEvent = {
      eventId: 'mc',
      kind: 'member.created',
      memberId: 'mm',
      memberSeq: 1,
      schemaVersion: 1,
      occurredAt: at,
      payload: { memberId: 'mm', memberCode: 'C1', name: '王芳', phone: '13800001234', birthday: null, tier: 'basic', referredBy: null, at },
    };
    await repo.ingestBatch(device, { originId: 'o1', events: [created], skipped: [] }, new Date());
    const feed = await repo.changesSince('c1', 0, 10);
    const profile = feed.changes.find((c) => c.type === 'member_profile');
    expect(profile?.body).toMatchObject({ memberId: 'mm', displayName: '王芳', phoneMasked: '138****1234', homeStoreId: 's1' });
    expect(JSON.stringify(feed)).not.toContain('13800001234');

    const erased: WireEvent = {
      eventId: 'me',
      kind: 'member.erased',
      memberId: 'mm',
      memberSeq: 2,
      schemaVersion: 1,
      occurredAt: at,
      payload: { memberId: 'mm', receiptId: 'r1', reason: '本人申请', faceTemplatesDeleted: 1, at },
    };
    await repo.ingestBatch(device, { originId: 'o1', events: [erased], skipped: [] }, new Date());
    expect(await repo.listEvents({ memberId: 'mm' })).toEqual([]);
    const after = await repo.changesSince('c1', 0, 10);
    expect(after.changes.map((c) => c.type)).toEqual(['erasure']);
    // A late event for the erased member is acknowledged but not stored. (Same origin: a device speaks for one origin, issue 12.)
    const late = await repo.ingestBatch(device, { originId: 'o1', events: [checkin('late', 'mm', 3)], skipped: [] }, new Date());
    expect(late.accepted).toEqual(['late']);
    expect(await repo.listEvents({ memberId: 'mm' })).toEqual([]);
  });

  it('pages the downlink feed', async () => {
    for (let i = 0; i < 5; i++) await repo.putChainObject('c1', 'rule', { ruleId: `r${i}`, name: 'x', valueText: 'y' }, new Date());
    const first = await repo.changesSince('c1', 0, 3);
    expect([first.changes.length, first.hasMore]).toEqual([3, true]);
    const second = await repo.changesSince('c1', first.cursor, 3);
    expect([second.changes.length, second.hasMore]).toEqual([2, false]);
  });

  it('a provisioning token names the store (the console shows stores by name); a later one renames it; without a name it stays', async () => {
    const now = new Date(at);
    const name = async (storeId: string) => (await db.query<{ name: string }>('SELECT name FROM stores WHERE store_id = $1', [storeId]))[0]?.name;
    expect(await name('s1')).toBe('s1'); // created without a name: named by its id
    await repo.createProvisioningToken({ storeId: 's1', chainId: 'c1', now, ttlMs: 60_000, storeName: '东门店' });
    expect(await name('s1')).toBe('东门店');
    await repo.createProvisioningToken({ storeId: 's1', chainId: 'c1', now, ttlMs: 60_000 });
    expect(await name('s1')).toBe('东门店');
    await repo.createProvisioningToken({ storeId: 's1', chainId: 'c1', now, ttlMs: 60_000, storeName: '东门旗舰店' });
    expect(await name('s1')).toBe('东门旗舰店');
    // Another chain cannot rename (nor take) the store.
    await expect(repo.createProvisioningToken({ storeId: 's1', chainId: 'c2', now, ttlMs: 60_000, storeName: '别家店' })).rejects.toMatchObject({ status: 409 });
    expect(await name('s1')).toBe('东门旗舰店');
  });
});
