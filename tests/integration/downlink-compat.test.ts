import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServices, type RunningServices } from '../../electron/services/start-services.js';
import { createMemoryLogger } from '../../electron/core/logger.js';
import { openDatabase } from '../../electron/db/connection.js';
import type { CallContext } from '../../electron/contract/handlers.js';
import { provisionDevice } from '../../edge-sync/client/provisioning.js';
import { deferChange, listDeferredChanges } from '../../edge-sync/client/downlink-deferred.js';
import { appendChange } from '../../edge-sync/hq/hq-downlink.js';
import { startTestHq, type TestHq } from '../fault/support/hq-fixture.js';

/**
 * Downlink forward compatibility against a real HQ (PostgreSQL where reachable) and the real store
 * app: HQ's change log gets a row of a type this app version has never heard of (as a newer HQ would
 * write it), between changes the app knows; the store pulls past it, keeps it, logs it once, and the
 * doctor asks for an update. Then, as after an app update, a deferred change of a type the app knows is
 * applied at start-up without overwriting anything newer.
 */
const callCtx: CallContext = { clientId: 't', transport: 'in-process', session: { staffId: 's', role: 'manager', displayName: 'M' }, startSession() {}, endSession() {} };
const CHAIN = 'chain-dc';
const PRIVATE_MARK = '只在正文里的内容';

describe('a store app pulls past a change type it does not know, from a real HQ', () => {
  let hq: TestHq;
  let dir: string;
  let app: RunningServices | null = null;
  const erased: string[] = [];
  let log = createMemoryLogger();

  const start = async () => {
    log = createMemoryLogger();
    app = await startServices({
      dataDir: dir,
      transport: 'in-process',
      configOverrides: { store: { id: 'store-dc' }, hq: { url: hq.hq.url, downlinkEverySeconds: 3600 } },
      log,
      syncHooks: { applyErasure: (memberId) => void erased.push(memberId) },
    });
    // Joins the pull the app starts with, so no pull is in flight when HQ's change log changes.
    await app.handlers['sync.syncNow']({}, callCtx);
    return app;
  };
  const balance = (a: RunningServices, memberId: string) => a.db.prepare('SELECT points_balance AS points, as_of_hq_seq AS asOf FROM hq_member_balances WHERE member_id = ?').get(memberId);
  const logged = (event: string) => log.lines.filter((l) => (JSON.parse(l) as { event?: string }).event === event);
  /** The next seq HQ hands out is after this one. */
  const lastSeq = async () => Number((await hq.db.query<{ s: number }>('SELECT max(change_seq) AS s FROM chain_changes WHERE chain_id = $1', [CHAIN]))[0]?.s ?? 0);

  beforeAll(async () => {
    hq = await startTestHq();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-downlink-compat-'));
    const { token } = await hq.repo.createProvisioningToken({ storeId: 'store-dc', chainId: CHAIN, now: new Date(), ttlMs: 60_000 });
    await provisionDevice({ dataDir: dir, hqUrl: hq.hq.url, storeId: 'store-dc', token, deviceName: 'counter-1', appVersion: 'test' });
    await start();
  });
  afterAll(async () => {
    await app?.close();
    await hq?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('applies the known changes on both sides of it, moves the cursor past it and keeps it', async () => {
    const now = new Date();
    const a = app!;
    await hq.db.tx(async (t) => {
      await appendChange(t, CHAIN, 'member_balance', 'm-1', { memberId: 'm-1', pointsBalance: 120, asOfHqSeq: 7 }, now);
      // What a newer HQ writes; this HQ passes a type it does not know on as stored.
      await t.query('INSERT INTO chain_changes (chain_id, type, change_key, body, changed_at, store_id) VALUES ($1, $2, $3, $4, $5, NULL)', [
        CHAIN,
        'future_thing',
        'm-1',
        JSON.stringify({ memberId: 'm-1', stamps: 3, note: PRIVATE_MARK }),
        now.toISOString(),
      ]);
    });
    const futureSeq = await lastSeq();
    await hq.repo.eraseMember(CHAIN, 'm-2', null, now);

    await a.handlers['sync.syncNow']({}, callCtx);
    expect(balance(a, 'm-1')).toEqual({ points: 120, asOf: 7 });
    expect(erased).toEqual(['m-2']);
    expect(a.db.prepare('SELECT member_id FROM hq_erasures_applied').pluck().all()).toEqual(['m-2']);
    expect(Number(a.db.prepare("SELECT value FROM sync_state WHERE key = 'downlink_cursor'").pluck().get())).toBe(await lastSeq());
    const deferred = listDeferredChanges(a.db);
    expect(deferred.map((c) => [c.seq, c.type, c.reason])).toEqual([[futureSeq, 'future_thing', 'unknown type']]);
    expect(JSON.parse(deferred[0]!.body)).toEqual({ memberId: 'm-1', stamps: 3, note: PRIVATE_MARK });

    // One log line for the page: its seq and type, nothing of the body.
    const lines = logged('sync.downlink_deferred');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ count: 1, types: { future_thing: 1 }, seqs: [futureSeq] });
    expect(log.lines.join('\n')).not.toContain(PRIVATE_MARK);

    // The doctor asks store IT to update the app.
    const report = await a.handlers['ops.runDoctor']({}, callCtx);
    expect(report.checks.find((c) => c.id === 'downlink')).toMatchObject({ status: 'warn', summaryCode: 'downlink.deferred', params: { count: 1 }, actionCode: 'downlink.updateApp' });
  });

  it('keeps applying later pages', async () => {
    const a = app!;
    await hq.db.tx((t) => appendChange(t, CHAIN, 'member_balance', 'm-1', { memberId: 'm-1', pointsBalance: 90, asOfHqSeq: 9 }, new Date()));
    await a.handlers['sync.syncNow']({}, callCtx);
    expect(balance(a, 'm-1')).toEqual({ points: 90, asOf: 9 });
    expect(listDeferredChanges(a.db)).toHaveLength(1);
  });

  it('after an update, applies a deferred change it knows at start-up, without overwriting a newer balance', async () => {
    await app!.close();
    app = null;
    // As an older app version that could not read them would have left two changes HQ did send: the
    // first balance of m-1 (older than the one held now) and the erasure of m-2.
    const [first, , erasure] = (await hq.repo.changesSince(CHAIN, 0, 3)).changes;
    const db = openDatabase(path.join(dir, 'store.sqlite'));
    db.transaction(() => {
      for (const c of [first!, erasure!]) deferChange(db, c, 'body not understood: an older app', '2026-01-01T00:00:00.000Z');
    })();
    db.close();
    expect([first?.type, erasure?.type]).toEqual(['member_balance', 'erasure']);

    const a = await start();
    expect(balance(a, 'm-1')).toEqual({ points: 90, asOf: 9 });
    expect(erased).toEqual(['m-2', 'm-2']); // carried out again (idempotent)
    expect(listDeferredChanges(a.db).map((c) => c.type)).toEqual(['future_thing']);
    expect(JSON.parse(logged('sync.downlink_deferred_reapplied')[0]!)).toMatchObject({ applied: 2, failed: 0, stillDeferred: 1 });
  });
});
