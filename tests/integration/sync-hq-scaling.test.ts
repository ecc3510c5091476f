import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHqDb, type HqDb } from '../../edge-sync/hq/db/hq-db.js';
import { HqRepository } from '../../edge-sync/hq/hq-repository.js';
import type { WireEvent } from '../../edge-sync/protocol/wire.js';
import { createScratchPgDatabase } from '../fault/support/hq-fixture.js';
import { hqTestEngine } from '../support/postgres.js';

const ddl = fs.readFileSync(path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../edge-sync/hq/scaling/partitioned-postgres.sql'), 'utf8');
// PostgreSQL-only. Where PostgreSQL is required (CI) its absence already failed the run; a laptop's
// fallback was announced once by tests/support/postgres-setup.ts.
const hasPg = (await hqTestEngine()) === 'postgres';

function ev(id: string, member: string, seq: number, delta: number): WireEvent {
  const at = '2026-11-20T08:00:00.000Z';
  return { eventId: id, kind: 'points.changed', memberId: member, memberSeq: seq, schemaVersion: 1, occurredAt: at, payload: { entryId: seq, memberId: member, delta, kind: 'earn', balanceAfter: 0, ref: null, reason: null, at } };
}

/** The scaling document's DDL is not just prose: HQ's repository runs unchanged on it. */
describe.skipIf(!hasPg)('HQ on the partitioned PostgreSQL schema of SCALING.md', () => {
  let scratch: Awaited<ReturnType<typeof createScratchPgDatabase>>;
  let db: HqDb;
  let repo: HqRepository;

  beforeAll(async () => {
    scratch = await createScratchPgDatabase();
    const c = new pg.Client({ connectionString: scratch.url });
    await c.connect();
    await c.query(ddl);
    // Mark the schema as the HQ migrations whose tables it holds, the single-node schema it replaces.
    await c.query('CREATE TABLE hq_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    await c.query("INSERT INTO hq_schema_migrations VALUES (1, 'core (partitioned)', now()::text), (2, 'trust (partitioned)', now()::text), (3, 'hq-audit-log (partitioned)', now()::text), (4, 'hq-staff (partitioned)', now()::text), (5, 'dashboard-rollups (partitioned)', now()::text), (6, 'rules-and-campaigns (partitioned)', now()::text), (7, 'member-bank (partitioned)', now()::text), (8, 'voided-checkins (partitioned)', now()::text), (11, 'item-catalogue (partitioned)', now()::text), (12, 'campaign-coupon-terms (partitioned)', now()::text)");
    await c.end();
    db = await openHqDb({ pgUrl: scratch.url });
    repo = new HqRepository(db);
  });
  afterAll(async () => {
    await db?.close();
    await scratch?.drop();
  });

  it('ingests idempotently in member order, keeps the ledger, serves the downlink and erases, partition-wise', async () => {
    const now = new Date();
    const { token } = await repo.createProvisioningToken({ storeId: 'store-1', chainId: 'chain-a', now, ttlMs: 60_000 });
    const d = await repo.provisionDevice({ token, storeId: 'store-1', deviceName: 'c1', now });
    const device = (await repo.getDevice(d.deviceId))!;
    const first = await repo.ingestBatch(device, { originId: 'o1', events: [ev('e2', 'm1', 2, 5), ev('e1', 'm1', 1, 10)], skipped: [] }, now);
    expect(first.accepted).toEqual(['e1', 'e2']);
    const again = await repo.ingestBatch(device, { originId: 'o1', events: [ev('e1', 'm1', 1, 10), ev('e3', 'm1', 4, 1)], skipped: [] }, now);
    expect(again).toMatchObject({ duplicates: ['e1'], deferred: ['e3'] });
    expect(await repo.memberBalance('chain-a', 'm1')).toBe(15);
    const feed = await repo.changesSince('chain-a', 0, 100);
    expect(feed.changes.some((c) => c.type === 'member_balance')).toBe(true);
    await repo.eraseMember('chain-a', 'm1', 'store-1', now);
    expect(await repo.listEvents({ memberId: 'm1' })).toEqual([]);
    const c = new pg.Client({ connectionString: scratch.url });
    await c.connect();
    const parts = await c.query("SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'events'::regclass");
    await c.end();
    expect(parts.rows[0].n).toBe(16);
  });
});
