import { randomBytes, randomUUID } from 'node:crypto';
import type { HqDb, Row } from './db/hq-db.js';
import { sha256Hex } from '../protocol/signing.js';
import { findTemplateLikeData } from '../protocol/biometric-scan.js';
import {
  WIRE_VERSION,
  downlinkBodySchemas,
  type DownlinkChange,
  type DownlinkChangeType,
  type SkippedEvent,
  type UploadBatchAck,
  type WireEvent,
} from '../protocol/wire.js';
import { pointsDeltaOf, erasedMemberOf, profilePatchOf, type ProfilePatch } from './event-effects.js';

/** A refusal the HTTP layer maps to a 4xx with this code. */
export class HqError extends Error {
  constructor(
    readonly status: number,
    readonly code: 'TOKEN_INVALID' | 'TOKEN_EXPIRED' | 'TOKEN_USED' | 'FORBIDDEN' | 'NOT_FOUND' | 'MALFORMED' | 'REPLAYED',
    message: string,
  ) {
    super(message);
  }
}

export interface DeviceRecord {
  deviceId: string;
  storeId: string;
  chainId: string;
  secret: string;
  revokedAt: string | null;
}

export interface StoredEvent {
  hqSeq: number;
  eventId: string;
  storeId: string;
  originId: string;
  kind: string;
  memberId: string | null;
  memberSeq: number | null;
  payload: unknown;
}

const CHUNK = 400;

/**
 * Every SQL statement of HQ, over either engine (see db/hq-db.ts). Ingestion is idempotent
 * (a known event id is acknowledged and ignored) and keeps each member's events in the order
 * the store wrote them: an event is stored only after its predecessor in the same origin.
 */
export class HqRepository {
  constructor(readonly db: HqDb) {}

  // ---- chains, stores, provisioning ----------------------------------------------------------------

  async ensureStore(storeId: string, chainId: string, now: Date, names: { store?: string; chain?: string } = {}): Promise<void> {
    await this.db.tx(async (t) => {
      await t.query('INSERT INTO chains (chain_id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (chain_id) DO NOTHING', [chainId, names.chain ?? chainId, now.toISOString()]);
      const existing = await t.query<{ chain_id: string }>('SELECT chain_id FROM stores WHERE store_id = $1', [storeId]);
      if (existing[0] && existing[0].chain_id !== chainId) throw new HqError(409, 'FORBIDDEN', `store ${storeId} belongs to chain ${existing[0].chain_id}`);
      await t.query('INSERT INTO stores (store_id, chain_id, name, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (store_id) DO NOTHING', [storeId, chainId, names.store ?? storeId, now.toISOString()]);
    });
  }

  /** Creates a provisioning token; only its hash is kept, so the token is shown exactly once. */
  async createProvisioningToken(opts: { storeId: string; chainId: string; now: Date; ttlMs: number; maxUses?: number; note?: string }): Promise<{ token: string; expiresAt: string }> {
    await this.ensureStore(opts.storeId, opts.chainId, opts.now);
    const token = `mkpt_${randomBytes(24).toString('base64url')}`;
    const expiresAt = new Date(opts.now.getTime() + opts.ttlMs).toISOString();
    await this.db.query(
      'INSERT INTO provisioning_tokens (token_hash, store_id, chain_id, created_at, expires_at, max_uses, note) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [sha256Hex(token), opts.storeId, opts.chainId, opts.now.toISOString(), expiresAt, opts.maxUses ?? 1, opts.note ?? null],
    );
    return { token, expiresAt };
  }

  /** Redeems a token for a new device identity. The secret is returned once, to the device. */
  async provisionDevice(opts: { token: string; storeId: string; deviceName: string; now: Date }): Promise<{ deviceId: string; secret: string; chainId: string }> {
    return this.db.tx(async (t) => {
      const rows = await t.query<{ store_id: string; chain_id: string; expires_at: string; max_uses: number; uses: number }>(
        'SELECT store_id, chain_id, expires_at, max_uses, uses FROM provisioning_tokens WHERE token_hash = $1',
        [sha256Hex(opts.token)],
      );
      const tok = rows[0];
      if (!tok) throw new HqError(401, 'TOKEN_INVALID', 'unknown provisioning token');
      if (tok.store_id !== opts.storeId) throw new HqError(403, 'FORBIDDEN', 'this provisioning token is for another store');
      if (new Date(tok.expires_at).getTime() <= opts.now.getTime()) throw new HqError(401, 'TOKEN_EXPIRED', 'provisioning token expired; ask HQ for a new one');
      if (Number(tok.uses) >= Number(tok.max_uses)) throw new HqError(401, 'TOKEN_USED', 'provisioning token already used');
      await t.query('UPDATE provisioning_tokens SET uses = uses + 1 WHERE token_hash = $1', [sha256Hex(opts.token)]);
      const deviceId = `dev_${randomUUID()}`;
      const secret = randomBytes(32).toString('base64url');
      await t.query(
        'INSERT INTO devices (device_id, store_id, chain_id, device_name, secret, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [deviceId, tok.store_id, tok.chain_id, opts.deviceName, secret, opts.now.toISOString()],
      );
      return { deviceId, secret, chainId: tok.chain_id };
    });
  }

  async getDevice(deviceId: string): Promise<DeviceRecord | null> {
    const rows = await this.db.query<{ device_id: string; store_id: string; chain_id: string; secret: string; revoked_at: string | null }>(
      'SELECT device_id, store_id, chain_id, secret, revoked_at FROM devices WHERE device_id = $1',
      [deviceId],
    );
    const r = rows[0];
    return r ? { deviceId: r.device_id, storeId: r.store_id, chainId: r.chain_id, secret: r.secret, revokedAt: r.revoked_at } : null;
  }

  async revokeDevice(deviceId: string, now: Date): Promise<boolean> {
    const rows = await this.db.query('UPDATE devices SET revoked_at = $2 WHERE device_id = $1 AND revoked_at IS NULL RETURNING device_id', [deviceId, now.toISOString()]);
    return rows.length === 1;
  }

  async touchDevice(deviceId: string, now: Date): Promise<void> {
    await this.db.query('UPDATE devices SET last_seen_at = $2 WHERE device_id = $1', [deviceId, now.toISOString()]);
  }

  /** Records a request nonce; false when it was seen before (a replay). */
  async rememberNonce(deviceId: string, nonce: string, expiresAt: Date): Promise<boolean> {
    const rows = await this.db.query(
      'INSERT INTO request_nonces (device_id, nonce, expires_at) VALUES ($1, $2, $3) ON CONFLICT (device_id, nonce) DO NOTHING RETURNING nonce',
      [deviceId, nonce, expiresAt.toISOString()],
    );
    return rows.length === 1;
  }

  async purgeNonces(now: Date): Promise<void> {
    await this.db.query('DELETE FROM request_nonces WHERE expires_at < $1', [now.toISOString()]);
  }

  // ---- ingestion ----------------------------------------------------------------------------------

  /**
   * `nonce`, when given, is recorded in the same transaction (one commit per batch instead of two);
   * a nonce seen before aborts the batch with REPLAYED and nothing is stored.
   */
  async ingestBatch(
    device: DeviceRecord,
    batch: { originId: string; events: WireEvent[]; skipped: SkippedEvent[] },
    now: Date,
    nonce?: { value: string; expiresAt: Date },
  ): Promise<UploadBatchAck> {
    const receivedAt = now.toISOString();
    return this.db.tx(async (t) => {
      if (nonce) {
        const fresh = await t.query(
          'INSERT INTO request_nonces (device_id, nonce, expires_at) VALUES ($1, $2, $3) ON CONFLICT (device_id, nonce) DO NOTHING RETURNING nonce',
          [device.deviceId, nonce.value, nonce.expiresAt.toISOString()],
        );
        if (fresh.length === 0) throw new HqError(409, 'REPLAYED', 'this request was already received');
      }
      if (t.dialect === 'postgres') await t.query('SELECT pg_advisory_xact_lock(hashtext($1))', [batch.originId]);
      const ids = [...batch.events.map((e) => e.eventId), ...batch.skipped.map((s) => s.eventId)];
      const known = new Set<string>();
      if (ids.length > 0) {
        const rows = await t.query<{ event_id: string }>(
          `SELECT event_id FROM events WHERE chain_id = $1 AND ${anyOf(t, 'event_id', 2, ids.length)}
           UNION ALL SELECT event_id FROM skipped_events WHERE chain_id = $1 AND ${anyOf(t, 'event_id', 2, ids.length)}`,
          [device.chainId, ...listParam(t, ids)],
        );
        for (const r of rows) known.add(r.event_id);
      }
      const memberIds = [...new Set([...batch.events, ...batch.skipped].map((e) => e.memberId).filter((m): m is string => m !== null))];
      const lastSeq = new Map<string, number>();
      const erased = new Set<string>();
      if (memberIds.length > 0) {
        const streams = await t.query<{ member_id: string; last_seq: number }>(
          `SELECT member_id, last_seq FROM member_streams WHERE chain_id = $1 AND origin_id = $2 AND ${anyOf(t, 'member_id', 3, memberIds.length)}`,
          [device.chainId, batch.originId, ...listParam(t, memberIds)],
        );
        for (const r of streams) lastSeq.set(r.member_id, Number(r.last_seq));
        const gone = await t.query<{ member_id: string }>(
          `SELECT member_id FROM erasures WHERE chain_id = $1 AND ${anyOf(t, 'member_id', 2, memberIds.length)}`,
          [device.chainId, ...listParam(t, memberIds)],
        );
        for (const r of gone) erased.add(r.member_id);
      }
      const advancedMembers = new Set<string>();

      type Item = { kind: 'event'; e: WireEvent } | { kind: 'skip'; s: SkippedEvent };
      const items: Item[] = [...batch.events.map((e) => ({ kind: 'event' as const, e })), ...batch.skipped.map((s) => ({ kind: 'skip' as const, s }))];
      const idOf = (i: Item) => (i.kind === 'event' ? i.e.eventId : i.s.eventId);
      const memberOf = (i: Item) => (i.kind === 'event' ? i.e.memberId : i.s.memberId);
      const seqOf = (i: Item) => (i.kind === 'event' ? i.e.memberSeq : i.s.memberSeq) ?? 0;
      // Per member in sequence order, whatever order the batch (or the network) delivered them in.
      items.sort((a, b) => (memberOf(a) ?? '').localeCompare(memberOf(b) ?? '') || seqOf(a) - seqOf(b));

      const ack: UploadBatchAck = { v: WIRE_VERSION, accepted: [], duplicates: [], deferred: [], rejected: [], hqTime: receivedAt };
      const toStore: WireEvent[] = [];
      const toSkip: Array<SkippedEvent & { reason: string }> = [];
      const seen = new Set<string>();
      for (const item of items) {
        const eventId = idOf(item);
        if (known.has(eventId) || seen.has(eventId)) {
          ack.duplicates.push(eventId);
          continue;
        }
        seen.add(eventId);
        const memberId = memberOf(item);
        if (memberId !== null) {
          const cursor = lastSeq.get(memberId) ?? 0;
          const seq = seqOf(item);
          if (seq > cursor + 1) {
            ack.deferred.push(eventId);
            continue;
          }
          if (seq <= cursor) {
            // The store reused a sequence number for a different event: never silently reorder; park it there.
            ack.rejected.push({ eventId, code: 'SEQUENCE_CONFLICT', message: `member sequence ${seq} already used at HQ` });
            continue;
          }
          lastSeq.set(memberId, seq);
          advancedMembers.add(memberId);
        }
        if (item.kind === 'skip') {
          toSkip.push(item.s);
          ack.accepted.push(eventId);
          continue;
        }
        if (memberId !== null && erased.has(memberId)) {
          // The person was erased chain-wide: acknowledge, keep only metadata, store nothing personal again.
          toSkip.push({ eventId, memberId, memberSeq: item.e.memberSeq, reason: 'member erased at HQ' });
          ack.accepted.push(eventId);
          continue;
        }
        const findings = findTemplateLikeData(item.e.payload);
        if (findings.length > 0) {
          const reason = `template-like data at ${findings[0]?.path} (${findings[0]?.reason})`;
          toSkip.push({ eventId, memberId, memberSeq: item.e.memberSeq, reason });
          ack.rejected.push({ eventId, code: 'BIOMETRIC_SUSPECTED', message: reason });
          continue;
        }
        toStore.push(item.e);
        ack.accepted.push(eventId);
      }

      const stored = new Map<string, number>();
      const insertedEvents = await bulkInsert(
        t,
        'events',
        EVENT_COLUMNS,
        toStore.map((e) => [e.eventId, device.chainId, device.storeId, device.deviceId, batch.originId, e.kind, e.memberId, e.memberSeq, e.schemaVersion, JSON.stringify(e.payload), e.occurredAt, receivedAt]),
        'ON CONFLICT (chain_id, event_id) DO NOTHING RETURNING event_id, hq_seq',
      );
      for (const r of insertedEvents) stored.set(String(r['event_id']), Number(r['hq_seq']));
      await bulkInsert(
        t,
        'skipped_events',
        SKIPPED_COLUMNS,
        toSkip.map((x) => [device.chainId, x.eventId, batch.originId, device.storeId, x.memberId, x.memberSeq, x.reason.slice(0, 300), receivedAt]),
        'ON CONFLICT (chain_id, event_id) DO NOTHING',
      );
      await bulkInsert(
        t,
        'member_streams',
        STREAM_COLUMNS,
        [...advancedMembers].map((m) => [device.chainId, batch.originId, m, lastSeq.get(m) ?? 0]),
        'ON CONFLICT (chain_id, origin_id, member_id) DO UPDATE SET last_seq = excluded.last_seq',
      );
      await this.applyEffects(t, device, toStore.filter((e) => stored.has(e.eventId)), stored, now);
      return ack;
    });
  }

  /** Points into the chain's ledger (the member bank) and erasures, in the same transaction as the events. */
  private async applyEffects(t: HqDb, device: DeviceRecord, events: WireEvent[], stored: Map<string, number>, now: Date): Promise<void> {
    const ledger: Array<[string, number, string]> = [];
    for (const e of events) {
      const delta = pointsDeltaOf(e);
      if (delta !== 0 && e.memberId !== null) ledger.push([e.memberId, delta, e.eventId]);
    }
    if (ledger.length > 0) {
      await bulkInsert(
        t,
        'points_ledger',
        LEDGER_COLUMNS,
        ledger.map(([memberId, delta, eventId]) => [device.chainId, memberId, delta, eventId, device.storeId, now.toISOString()]),
        '',
      );
      const sums = new Map<string, { delta: number; hqSeq: number }>();
      for (const [memberId, delta, eventId] of ledger) {
        const prev = sums.get(memberId) ?? { delta: 0, hqSeq: 0 };
        sums.set(memberId, { delta: prev.delta + delta, hqSeq: Math.max(prev.hqSeq, stored.get(eventId) ?? 0) });
      }
      for (const [memberId, { delta, hqSeq }] of sums) {
        const rows = await t.query<{ balance: number }>(
          `INSERT INTO member_balances (chain_id, member_id, balance) VALUES ($1, $2, $3)
           ON CONFLICT (chain_id, member_id) DO UPDATE SET balance = member_balances.balance + excluded.balance RETURNING balance`,
          [device.chainId, memberId, delta],
        );
        await this.appendChange(t, device.chainId, 'member_balance', memberId, { memberId, pointsBalance: Number(rows[0]?.balance ?? 0), asOfHqSeq: hqSeq }, now);
      }
    }
    for (const e of events) {
      const patch = profilePatchOf(e, device.storeId);
      if (patch) await this.applyProfilePatch(t, device.chainId, patch, now);
    }
    for (const e of events) {
      const erased = erasedMemberOf(e);
      if (erased !== null) await this.eraseMemberIn(t, device.chainId, erased, device.storeId, now);
    }
  }

  /** Merges a profile change from one store into HQ's copy and sends the result to the chain's stores. */
  private async applyProfilePatch(t: HqDb, chainId: string, patch: ProfilePatch, now: Date): Promise<void> {
    const rows = await t.query<{ body: unknown }>('SELECT body FROM member_profiles WHERE chain_id = $1 AND member_id = $2', [chainId, patch.memberId]);
    const prev = (rows[0] ? parseJson(rows[0].body) : {}) as Record<string, unknown>;
    const merged = downlinkBodySchemas.member_profile.safeParse({
      displayName: '',
      phoneMasked: '',
      tierId: null,
      homeStoreId: null,
      ...prev,
      ...patch,
    });
    if (!merged.success) return;
    await t.query(
      `INSERT INTO member_profiles (chain_id, member_id, body, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (chain_id, member_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
      [chainId, patch.memberId, JSON.stringify(merged.data), now.toISOString()],
    );
    await this.appendChange(t, chainId, 'member_profile', patch.memberId, merged.data, now);
  }

  // ---- erasure -------------------------------------------------------------------------------------

  async eraseMember(chainId: string, memberId: string, requestedAtStore: string | null, now: Date): Promise<void> {
    await this.db.tx((t) => this.eraseMemberIn(t, chainId, memberId, requestedAtStore, now));
  }

  /**
   * Removes the person's data at HQ (events, ledger, profile, earlier downlink copies) and queues the
   * erasure for every store of the chain. The pseudonymous member id is kept only in `erasures`,
   * so late events for that member are recognisable.
   */
  private async eraseMemberIn(t: HqDb, chainId: string, memberId: string, requestedAtStore: string | null, now: Date): Promise<void> {
    await t.query('DELETE FROM events WHERE chain_id = $1 AND member_id = $2', [chainId, memberId]);
    await t.query('DELETE FROM points_ledger WHERE chain_id = $1 AND member_id = $2', [chainId, memberId]);
    await t.query('DELETE FROM member_balances WHERE chain_id = $1 AND member_id = $2', [chainId, memberId]);
    await t.query('DELETE FROM member_profiles WHERE chain_id = $1 AND member_id = $2', [chainId, memberId]);
    await t.query("DELETE FROM chain_changes WHERE chain_id = $1 AND change_key = $2 AND type IN ('member_profile', 'member_balance')", [chainId, memberId]);
    await t.query('INSERT INTO erasures (chain_id, member_id, erased_at, requested_at_store) VALUES ($1, $2, $3, $4) ON CONFLICT (chain_id, member_id) DO NOTHING', [
      chainId,
      memberId,
      now.toISOString(),
      requestedAtStore,
    ]);
    await this.appendChange(t, chainId, 'erasure', memberId, { memberId, erasedAt: now.toISOString(), requestedAtStore }, now);
  }

  // ---- downlink -------------------------------------------------------------------------------------

  /** HQ-side edits (admin command, HQ back office): tiers, rules, campaigns, member profiles. */
  async putChainObject<T extends Exclude<DownlinkChangeType, 'member_balance' | 'erasure'>>(chainId: string, type: T, body: unknown, now: Date): Promise<number> {
    const parsed = downlinkBodySchemas[type].parse(body) as Record<string, unknown>;
    const key = String(parsed['tierId'] ?? parsed['ruleId'] ?? parsed['campaignId'] ?? parsed['memberId']);
    return this.db.tx(async (t) => {
      if (type === 'member_profile') {
        await t.query(
          `INSERT INTO member_profiles (chain_id, member_id, body, updated_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (chain_id, member_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
          [chainId, key, JSON.stringify(parsed), now.toISOString()],
        );
      }
      return this.appendChange(t, chainId, type, key, parsed, now);
    });
  }

  private async appendChange(t: HqDb, chainId: string, type: DownlinkChangeType, key: string, body: unknown, now: Date): Promise<number> {
    const rows = await t.query<{ change_seq: number }>(
      'INSERT INTO chain_changes (chain_id, type, change_key, body, changed_at) VALUES ($1, $2, $3, $4, $5) RETURNING change_seq',
      [chainId, type, key, JSON.stringify(body), now.toISOString()],
    );
    return Number(rows[0]?.change_seq);
  }

  async changesSince(chainId: string, after: number, limit: number): Promise<{ changes: DownlinkChange[]; cursor: number; hasMore: boolean }> {
    const rows = await this.db.query<{ change_seq: number; type: string; body: unknown }>(
      'SELECT change_seq, type, body FROM chain_changes WHERE chain_id = $1 AND change_seq > $2 ORDER BY change_seq LIMIT $3',
      [chainId, after, limit + 1],
    );
    const hasMore = rows.length > limit;
    const page = rows.slice(0, limit);
    const changes = page.map((r) => ({ seq: Number(r.change_seq), type: r.type, body: parseJson(r.body) }) as DownlinkChange);
    return { changes, cursor: page.length > 0 ? Number(page[page.length - 1]?.change_seq) : after, hasMore };
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

  async memberBalance(chainId: string, memberId: string): Promise<number> {
    const rows = await this.db.query<{ balance: number }>('SELECT balance FROM member_balances WHERE chain_id = $1 AND member_id = $2', [chainId, memberId]);
    return Number(rows[0]?.balance ?? 0);
  }
}

type PgType = 'text' | 'int' | 'jsonb' | 'timestamptz';
type Column = readonly [name: string, pgType: PgType];

const EVENT_COLUMNS: readonly Column[] = [
  ['event_id', 'text'], ['chain_id', 'text'], ['store_id', 'text'], ['device_id', 'text'], ['origin_id', 'text'], ['kind', 'text'],
  ['member_id', 'text'], ['member_seq', 'int'], ['schema_version', 'int'], ['payload', 'jsonb'], ['occurred_at', 'timestamptz'], ['received_at', 'timestamptz'],
];
const SKIPPED_COLUMNS: readonly Column[] = [
  ['chain_id', 'text'], ['event_id', 'text'], ['origin_id', 'text'], ['store_id', 'text'], ['member_id', 'text'], ['member_seq', 'int'], ['reason', 'text'], ['received_at', 'timestamptz'],
];
const STREAM_COLUMNS: readonly Column[] = [['chain_id', 'text'], ['origin_id', 'text'], ['member_id', 'text'], ['last_seq', 'int']];
const LEDGER_COLUMNS: readonly Column[] = [['chain_id', 'text'], ['member_id', 'text'], ['delta', 'int'], ['event_id', 'text'], ['store_id', 'text'], ['at', 'timestamptz']];

/**
 * Inserts many rows in one statement. PostgreSQL: one array parameter per column through unnest
 * (parsing a statement with thousands of placeholders costs more than the insert itself);
 * SQLite: multi-row VALUES in chunks.
 */
async function bulkInsert(t: HqDb, table: string, cols: readonly Column[], rows: unknown[][], tail: string): Promise<Row[]> {
  if (rows.length === 0) return [];
  const names = cols.map(([n]) => n).join(', ');
  if (t.dialect === 'postgres') {
    const arrays = cols.map((_, i) => rows.map((r) => r[i] ?? null));
    const select = cols.map(([n, type]) => (type === 'jsonb' || type === 'timestamptz' ? `u.${n}::${type}` : `u.${n}`)).join(', ');
    const params = cols.map(([, type], i) => `$${i + 1}::${type === 'int' ? 'int' : 'text'}[]`).join(', ');
    return t.query(`INSERT INTO ${table} (${names}) SELECT ${select} FROM unnest(${params}) AS u(${names}) ${tail}`, arrays);
  }
  const out: Row[] = [];
  for (const part of chunks(rows, CHUNK)) {
    const params: unknown[] = [];
    const values = part.map((r) => {
      params.push(...r);
      return `(${placeholders(cols.length, params.length - cols.length + 1)})`;
    });
    out.push(...(await t.query(`INSERT INTO ${table} (${names}) VALUES ${values.join(', ')} ${tail}`, params)));
  }
  return out;
}

/** `column` is one of a list: one array parameter on PostgreSQL, a placeholder per value on SQLite. */
function anyOf(t: HqDb, column: string, firstParam: number, count: number): string {
  return t.dialect === 'postgres' ? `${column} = ANY($${firstParam}::text[])` : `${column} IN (${placeholders(count, firstParam)})`;
}

function listParam(t: HqDb, values: string[]): unknown[] {
  return t.dialect === 'postgres' ? [values] : values;
}

function parseJson(v: unknown): unknown {
  return typeof v === 'string' ? JSON.parse(v) : v;
}

export function placeholders(n: number, start: number): string {
  return Array.from({ length: n }, (_, i) => `$${start + i}`).join(', ');
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
