import type { DownlinkChange, DownlinkChangeType, SkippedEvent, UploadBatchAck, WireEvent } from '../protocol/wire.js';
import type { HqDb, Row } from './db/hq-db.js';
import { changesSince, putChainObject } from './hq-downlink.js';
import { carryOutDueErasureRequests, eraseMemberIn, listErasureRequests, type ErasureRequest } from './hq-erasure.js';
import { ingestBatch } from './hq-ingest.js';
import { RollupConsumer, type RollupConsumerOptions } from './hq-rollup-consumer.js';
import type { TrustPolicy } from './hq-trust.js';
import { DeviceCache } from './device-cache.js';
import { purgeNonces, rememberNonce } from './hq-nonces.js';
import { createProvisioningToken, ensureStore, getDevice, provisionDevice, revokeDevice, touchDevice } from './hq-provisioning.js';
import type { DeviceRecord, StoredEvent } from './hq-records.js';
import { parseJson } from './hq-sql.js';
import { visitsCounted } from './hq-visits.js';

export { HqError, type DeviceRecord, type StoredEvent } from './hq-records.js';
export { placeholders } from './hq-sql.js';

/**
 * Every SQL statement of HQ, over either engine (see db/hq-db.ts), behind one object: provisioning
 * (hq-provisioning.ts), replay nonces (hq-nonces.ts), ingestion (hq-ingest.ts), the downlink
 * (hq-downlink.ts) and erasure (hq-erasure.ts). Here only the reads for operators and tests.
 */
export class HqRepository {
  private readonly devices = new DeviceCache();
  /** The dashboard rollups' consumer (hq-rollup-consumer.ts): kicked after every ingest; startHq starts its interval. */
  readonly rollups: RollupConsumer;

  constructor(
    readonly db: HqDb,
    rollupOptions: RollupConsumerOptions = {},
  ) {
    this.rollups = new RollupConsumer(db, rollupOptions);
  }

  // ---- chains, stores, provisioning ----------------------------------------------------------------

  ensureStore(storeId: string, chainId: string, now: Date, names: { store?: string; chain?: string } = {}): Promise<void> {
    return ensureStore(this.db, storeId, chainId, now, names);
  }

  /** Creates a provisioning token; only its hash is kept, so the token is shown exactly once. */
  createProvisioningToken(opts: { storeId: string; chainId: string; now: Date; ttlMs: number; maxUses?: number; note?: string; storeName?: string }): Promise<{ token: string; expiresAt: string; tokenId: string }> {
    return createProvisioningToken(this.db, opts);
  }

  /** Redeems a token for a new device identity. The secret is returned once, to the device. */
  provisionDevice(opts: { token: string; storeId: string; deviceName: string; now: Date; originId?: string }): Promise<{ deviceId: string; secret: string; chainId: string }> {
    return provisionDevice(this.db, opts);
  }

  getDevice(deviceId: string): Promise<DeviceRecord | null> {
    return getDevice(this.db, deviceId);
  }

  /**
   * The device as HQ's request handling sees it: cached for a few seconds (device-cache.ts), so a
   * flood of badly signed requests claiming a device id costs no query. Revocations and origin
   * bindings through this repository apply at once; one made by another process within 5 s.
   */
  getDeviceCached(deviceId: string): Promise<DeviceRecord | null> {
    return this.devices.get(deviceId, Date.now(), (id) => getDevice(this.db, id));
  }

  async revokeDevice(deviceId: string, now: Date): Promise<boolean> {
    const done = await revokeDevice(this.db, deviceId, now);
    this.devices.forget(deviceId);
    return done;
  }

  touchDevice(deviceId: string, now: Date): Promise<void> {
    return touchDevice(this.db, deviceId, now);
  }

  /** Records a request nonce; false when it was seen before (a replay). */
  rememberNonce(deviceId: string, nonce: string, expiresAt: Date): Promise<boolean> {
    return rememberNonce(this.db, deviceId, nonce, expiresAt);
  }

  purgeNonces(now: Date): Promise<void> {
    return purgeNonces(this.db, now);
  }

  // ---- ingestion, erasure, downlink ------------------------------------------------------------------

  /**
   * `nonce`, when given, is recorded in the same transaction (one commit per batch instead of two);
   * a nonce seen before aborts the batch with REPLAYED and nothing is stored.
   */
  async ingestBatch(
    device: DeviceRecord,
    batch: { originId: string; events: WireEvent[]; skipped: SkippedEvent[] },
    now: Date,
    nonce?: { value: string; expiresAt: Date },
    policy?: TrustPolicy,
  ): Promise<UploadBatchAck> {
    // The rollup consumer gives way while a batch is being stored (ingestion first).
    const done = this.rollups.ingestStarted();
    try {
      const ack = await ingestBatch(this.db, device, batch, now, nonce, policy);
      if (device.originId === null) this.devices.forget(device.deviceId); // its first batch bound the origin
      if (ack.accepted.length > 0) this.rollups.kick();
      return ack;
    } finally {
      done();
    }
  }

  /** Erasures asked for at a store that is not the member's home store (issue 12), oldest first. */
  listErasureRequests(chainId: string): Promise<ErasureRequest[]> {
    return listErasureRequests(this.db, chainId);
  }

  /** Carries out the pending erasure requests whose deadline has passed. */
  carryOutDueErasureRequests(now: Date): Promise<number> {
    return carryOutDueErasureRequests(this.db, now);
  }

  async eraseMember(chainId: string, memberId: string, requestedAtStore: string | null, now: Date): Promise<void> {
    await this.db.tx((t) => eraseMemberIn(t, chainId, memberId, requestedAtStore, now));
  }

  /** HQ-side edits (admin command, HQ back office): tiers, rules, campaigns, member profiles. */
  putChainObject<T extends Exclude<DownlinkChangeType, 'member_balance' | 'erasure' | 'rules_version' | 'coupon' | 'catalogue_version'>>(chainId: string, type: T, body: unknown, now: Date): Promise<number> {
    return putChainObject(this.db, chainId, type, body, now);
  }

  /** Pass the asking device's store: changes meant for one store (a member's coupon) go to that store only. */
  changesSince(chainId: string, after: number, limit: number, storeId?: string): Promise<{ changes: DownlinkChange[]; cursor: number; hasMore: boolean }> {
    return changesSince(this.db, chainId, after, limit, storeId);
  }

  // ---- reads for operators and tests ------------------------------------------------------------

  async listEvents(filter: { storeId?: string; memberId?: string } = {}): Promise<StoredEvent[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.storeId) where.push(`store_id = $${params.push(filter.storeId)}`);
    if (filter.memberId) where.push(`member_id = $${params.push(filter.memberId)}`);
    const rows = await this.db.query<Row>(
      `SELECT hq_seq, event_id, store_id, origin_id, kind, member_id, member_seq, payload FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY hq_seq`,
      params,
    );
    return rows.map((r) => ({
      hqSeq: Number(r['hq_seq']),
      eventId: String(r['event_id']),
      storeId: String(r['store_id']),
      originId: String(r['origin_id']),
      kind: String(r['kind']),
      memberId: (r['member_id'] as string | null) ?? null,
      memberSeq: r['member_seq'] === null ? null : Number(r['member_seq']),
      payload: parseJson(r['payload']),
    }));
  }

  async countEvents(): Promise<number> {
    const rows = await this.db.query<{ n: number }>('SELECT count(*) AS n FROM events');
    return Number(rows[0]?.n ?? 0);
  }

  /** Check-ins HQ counts as visits: recorded and not voided by their store (hq-visits.ts). */
  visitsCounted(chainId: string, filter: { memberId?: string; storeId?: string } = {}): Promise<number> {
    return visitsCounted(this.db, chainId, filter);
  }

  async memberBalance(chainId: string, memberId: string): Promise<number> {
    const rows = await this.db.query<{ balance: number }>('SELECT balance FROM member_balances WHERE chain_id = $1 AND member_id = $2', [chainId, memberId]);
    return Number(rows[0]?.balance ?? 0);
  }
}
