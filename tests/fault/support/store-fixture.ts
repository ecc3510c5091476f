import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../../../electron/db/connection.js';
import { appendOutboxEvent } from '../../../edge-sync/client/outbox-append.js';
import { OutboxStore } from '../../../edge-sync/client/outbox-store.js';
import { HqClient } from '../../../edge-sync/client/hq-client.js';
import { Uploader, type UploaderOptions } from '../../../edge-sync/client/uploader.js';
import { provisionDevice } from '../../../edge-sync/client/provisioning.js';
import { fileCredentialSource, type CredentialSource, type StoredCredentials } from '../../../edge-sync/client/credentials-file.js';
import type { HqRepository } from '../../../edge-sync/hq/hq-repository.js';

export interface TestStore {
  dir: string;
  db: Db;
  store: OutboxStore;
  creds: StoredCredentials;
  client: HqClient;
  credentials: CredentialSource;
  uploader: Uploader;
  close(): Promise<void>;
}

/** A store data dir with its real database, provisioned against `hqUrl` with a fresh token. */
export async function makeStore(opts: {
  repo: HqRepository;
  hqUrl: string;
  storeId?: string;
  chainId?: string;
  clock?: () => Date;
  uploader?: Partial<UploaderOptions>;
  fetch?: typeof fetch;
  clientUrl?: string;
}): Promise<TestStore> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-store-'));
  const storeId = opts.storeId ?? 'store-a';
  const clock = opts.clock ?? (() => new Date());
  const { token } = await opts.repo.createProvisioningToken({ storeId, chainId: opts.chainId ?? 'chain-1', now: new Date(), ttlMs: 3_600_000 });
  const creds = await provisionDevice({ dataDir: dir, hqUrl: opts.hqUrl, storeId, token, deviceName: 'counter-1', appVersion: 'test', now: clock });
  const db = openDatabase(path.join(dir, 'store.sqlite'));
  const store = new OutboxStore(db);
  const source = fileCredentialSource(dir);
  const client = new HqClient({
    baseUrl: opts.clientUrl ?? opts.hqUrl,
    credentials: () => source.get(),
    now: () => clock().getTime(),
    timeoutMs: 2_000,
    fetch: opts.fetch,
    onUnauthorized: () => source.refresh(),
  });
  const uploader = new Uploader({
    store,
    client,
    identity: () => {
      const c = source.get();
      return c ? { storeId: c.storeId, deviceId: c.deviceId } : null;
    },
    now: clock,
    batchSize: 100,
    ...opts.uploader,
  });
  return {
    dir,
    db,
    store,
    creds,
    client,
    credentials: source,
    uploader,
    async close() {
      await uploader.stop();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes a check-in event the way the check-in service does: inside a transaction. */
export function appendCheckin(db: Db, memberId: string, n: number, at: Date): string {
  return db.transaction(() =>
    appendOutboxEvent(
      db,
      'checkin.recorded',
      {
        checkinId: `ci-${memberId}-${n}`,
        memberId,
        method: 'phone',
        at: at.toISOString(),
        localDate: at.toISOString().slice(0, 10),
        streakDays: n % 7,
        pointsAwarded: 10,
      },
      { memberId, occurredAt: at },
    ),
  )().eventId;
}

/** Checks per-member order at HQ: for each (origin, member), HQ's arrival order equals the store's sequence. */
export function assertPerMemberOrder(events: Array<{ originId: string; memberId: string | null; memberSeq: number | null; hqSeq: number }>): string[] {
  const problems: string[] = [];
  const last = new Map<string, number>();
  for (const e of [...events].sort((a, b) => a.hqSeq - b.hqSeq)) {
    if (e.memberId === null) continue;
    const key = `${e.originId}/${e.memberId}`;
    const prev = last.get(key) ?? 0;
    if (e.memberSeq !== prev + 1) problems.push(`${key}: seq ${e.memberSeq} after ${prev}`);
    last.set(key, e.memberSeq ?? 0);
  }
  return problems;
}

/** Writes a points ledger event (what the loyalty ledger writes for every points change). */
export function appendPoints(db: Db, memberId: string, entryId: number, delta: number, balanceAfter: number, at: Date): string {
  return db.transaction(() =>
    appendOutboxEvent(
      db,
      'points.changed',
      { entryId, memberId, delta, kind: delta >= 0 ? 'checkin' : 'redeem', balanceAfter, ref: null, reason: null, at: at.toISOString() },
      { memberId, occurredAt: at },
    ),
  )().eventId;
}
