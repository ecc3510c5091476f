import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServices, type RunningServices } from '../../electron/services/start-services.js';
import { createMemoryLogger } from '../../electron/core/logger.js';
import { provisionDevice } from '../../edge-sync/client/provisioning.js';
import type { CallContext } from '../../electron/contract/handlers.js';
import { startTestHq, type TestHq } from '../fault/support/hq-fixture.js';
import { appendCheckin, appendPoints } from '../fault/support/store-fixture.js';
import { until } from '../support/until.js';

const callCtx: CallContext = { clientId: 't', transport: 'in-process', session: { staffId: 's', role: 'manager', displayName: 'M' }, startSession() {}, endSession() {} };


describe('sync service inside the store app', () => {
  let hq: TestHq;
  let dir: string;
  let app: RunningServices;
  const erased: string[] = [];
  const log = createMemoryLogger();

  beforeAll(async () => {
    hq = await startTestHq();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-sync-svc-'));
    const { token } = await hq.repo.createProvisioningToken({ storeId: 'store-s', chainId: 'chain-s', now: new Date(), ttlMs: 60_000 });
    await provisionDevice({ dataDir: dir, hqUrl: hq.hq.url, storeId: 'store-s', token, deviceName: 'counter-1', appVersion: 'test' });
    app = await startServices({
      dataDir: dir,
      transport: 'in-process',
      configOverrides: { store: { id: 'store-s' }, hq: { url: hq.hq.url, downlinkEverySeconds: 3600 } },
      log,
      syncHooks: { applyErasure: (memberId) => void erased.push(memberId) },
    });
  });
  afterAll(async () => {
    await app?.close();
    await hq?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sends a newly committed event without being asked, and reports status as an event', async () => {
    const statuses: unknown[] = [];
    app.events.subscribe((name, payload) => {
      if (name === 'sync.uploadStatus') statuses.push(payload);
    });
    const id = appendCheckin(app.db, 'ms1', 1, new Date());
    await until(async () => (await hq.repo.listEvents({ storeId: 'store-s' })).some((e) => e.eventId === id), 'event at HQ', 5000);
    await until(() => app.sync.status().upload.pending === 0, 'outbox empty', 5000);
    const status = await app.handlers['sync.getStatus']({}, callCtx);
    expect(status).toMatchObject({ hqConfigured: true, provisioned: true, storeId: 'store-s' });
    expect(status.upload.lastSuccessAt).not.toBeNull();
    expect(status.upload.unreachableSince).toBeNull();
    // The renderer's `online` event while HQ answers: nothing to recover from, so no probe.
    expect(await app.handlers['sync.networkChanged']({ online: true }, callCtx)).toEqual({ probe: 'none' });
    expect(statuses.length).toBeGreaterThan(0);
    // The device secret never reaches the logs.
    const secret = JSON.parse(fs.readFileSync(path.join(dir, 'hq-device.json'), 'utf8')).deviceSecret as string;
    expect(log.lines.join('\n')).not.toContain(secret);
    expect(fs.statSync(path.join(dir, 'hq-device.json')).mode & 0o777).toBe(0o600);
  });

  it('pulls tiers, profiles, balances and erasures from HQ and calls the erasure hook', async () => {
    const now = new Date();
    await hq.repo.putChainObject('chain-s', 'tier', { tierId: 'gold', name: '金卡', rank: 2, minAnnualSpendFen: 500_000, pointsMultiplierPct: 150 }, now);
    await hq.repo.putChainObject('chain-s', 'member_profile', { memberId: 'mx', displayName: '王小明', phoneMasked: '138****0000', tierId: 'gold', homeStoreId: 'store-b', updatedAt: now.toISOString() }, now);
    appendPoints(app.db, 'ms1', 1, 30, 30, new Date());
    appendPoints(app.db, 'ms1', 2, -10, 20, new Date());
    await app.handlers['sync.syncNow']({}, callCtx);
    const tiers = app.db.prepare("SELECT body FROM hq_chain_objects WHERE type = 'tier'").all() as Array<{ body: string }>;
    expect(tiers.map((t) => JSON.parse(t.body).tierId)).toEqual(['gold']);
    const bank = await app.handlers['sync.getMemberBank']({ memberId: 'ms1' }, callCtx);
    expect(bank).toMatchObject({ hqBalance: 20, basis: 'online', spendable: 20 });
    // Offline (balance not refreshed for long): only points earned here and not yet synced are spendable.
    app.db.prepare("UPDATE hq_member_balances SET synced_at = '2000-01-01T00:00:00.000Z'").run();
    expect(await app.handlers['sync.getMemberBank']({ memberId: 'ms1' }, callCtx)).toMatchObject({ basis: 'offline', spendable: 0 });

    await hq.repo.eraseMember('chain-s', 'mx', 'store-b', new Date());
    await app.handlers['sync.syncNow']({}, callCtx);
    expect(erased).toEqual(['mx']);
    expect(app.db.prepare("SELECT count(*) AS n FROM hq_chain_objects WHERE type = 'member_profile'").get()).toEqual({ n: 0 });
    expect(app.db.prepare('SELECT member_id FROM hq_erasures_applied').all()).toEqual([{ member_id: 'mx' }]);
  });

  it('parks a poison event (visible to the manager, never dropped) and keeps the member\'s later events flowing', async () => {
    // A row HQ could never accept (written around appendOutboxEvent, as a corrupted or future-version row would be).
    app.db.transaction(() => {
      const seq = (app.db.prepare("INSERT INTO member_event_seq (member_id, last_seq) VALUES ('mp', 1) ON CONFLICT (member_id) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq").get() as { last_seq: number }).last_seq;
      app.db
        .prepare("INSERT INTO outbox (event_id, kind, member_id, member_seq, schema_version, payload, occurred_at) VALUES ('poison-1', 'checkin.recorded', 'mp', ?, 1, '{\"broken\":', ?)")
        .run(seq, new Date().toISOString());
    })();
    const good = appendCheckin(app.db, 'mp', 2, new Date());
    await app.handlers['sync.syncNow']({}, callCtx);
    const parked = await app.handlers['sync.listParked']({ limit: 10 }, callCtx);
    expect(parked.map((p) => p.eventId)).toEqual(['poison-1']);
    expect(app.db.prepare("SELECT status FROM outbox WHERE event_id = 'poison-1'").get()).toEqual({ status: 'parked' });
    expect((await hq.repo.listEvents({ memberId: 'mp' })).map((e) => e.eventId)).toEqual([good]);
    expect(app.sync.status().upload.parked).toBe(1);
    // The sync cycle also reported the device's status to HQ's stores page (counts only, no face data).
    const reported = await hq.db.query("SELECT pending_events, parked_events, face_data_people, app_version FROM device_status WHERE store_id = 'store-s'");
    expect(reported).toEqual([{ pending_events: 0, parked_events: 1, face_data_people: 0, app_version: expect.any(String) }]);
  });
});
