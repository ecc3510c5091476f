import { findTemplateLikeData } from '../protocol/biometric-scan.js';
import {
  WIRE_VERSION,
  downlinkBodySchemas,
  type SkippedEvent,
  type UploadBatchAck,
  type WireEvent,
} from '../protocol/wire.js';
import type { HqDb } from './db/hq-db.js';
import { erasedMemberOf, pointsDeltaOf, profilePatchOf, voidedCheckinOf, type ProfilePatch } from './event-effects.js';
import { appendChange, appendChanges } from './hq-downlink.js';
import { enqueueRollup } from './dashboard/rollup-queue.js';
import { eraseMemberIn, recordErasureRequest } from './hq-erasure.js';
import { rememberNonce } from './hq-nonces.js';
import { recordStoreReports } from './publishing-effects/store-reports.js';
import { HqError, type DeviceRecord } from './hq-records.js';
import { anyOf, bulkInsert, listParam, parseJson, type Column } from './hq-sql.js';
import { flagNegativeBalances, loadBankOps, recordBankOps } from './hq-bank-ingest.js';
import { indexLookupKeys } from './hq-member-keys.js';
import {
  DEFAULT_TRUST_POLICY,
  bindDeviceOrigin,
  checkOwnership,
  contentHash,
  isErasureRequest,
  loadTrustContext,
  membersOf,
  type TrustContext,
  type TrustPolicy,
} from './hq-trust.js';

// Ingestion of a store's upload batch. It is idempotent (a known event id is acknowledged and
// ignored) and keeps each member's events in the order the store wrote them: an event is stored
// only after its predecessor in the same origin. Its effects (the chain's points ledger, profiles,
// erasures) commit in the same transaction as the events.

const EVENT_COLUMNS: readonly Column[] = [
  ['event_id', 'text'], ['chain_id', 'text'], ['store_id', 'text'], ['device_id', 'text'], ['origin_id', 'text'], ['kind', 'text'],
  ['member_id', 'text'], ['member_seq', 'int'], ['schema_version', 'int'], ['payload', 'jsonb'], ['occurred_at', 'timestamptz'], ['received_at', 'timestamptz'],
  ['content_hash', 'text'],
];
const SKIPPED_COLUMNS: readonly Column[] = [
  ['chain_id', 'text'], ['event_id', 'text'], ['origin_id', 'text'], ['store_id', 'text'], ['member_id', 'text'], ['member_seq', 'int'], ['reason', 'text'], ['received_at', 'timestamptz'],
];
const STREAM_COLUMNS: readonly Column[] = [['chain_id', 'text'], ['origin_id', 'text'], ['member_id', 'text'], ['last_seq', 'int']];
const HOME_COLUMNS: readonly Column[] = [['chain_id', 'text'], ['member_id', 'text'], ['home_store_id', 'text'], ['since', 'timestamptz']];
const BALANCE_COLUMNS: readonly Column[] = [['chain_id', 'text'], ['member_id', 'text'], ['balance', 'int']];
const LEDGER_COLUMNS: readonly Column[] = [['chain_id', 'text'], ['member_id', 'text'], ['delta', 'int'], ['event_id', 'text'], ['store_id', 'text'], ['at', 'timestamptz']];

/**
 * `nonce`, when given, is recorded in the same transaction (one commit per batch instead of two);
 * a nonce seen before aborts the batch with REPLAYED and nothing is stored.
 */
export async function ingestBatch(
  db: HqDb,
  device: DeviceRecord,
  batch: { originId: string; events: WireEvent[]; skipped: SkippedEvent[] },
  now: Date,
  nonce?: { value: string; expiresAt: Date },
  policy: TrustPolicy = DEFAULT_TRUST_POLICY,
): Promise<UploadBatchAck> {
  const receivedAt = now.toISOString();
  return db.tx(async (t) => {
    if (nonce) {
      const fresh = await rememberNonce(t, device.deviceId, nonce.value, nonce.expiresAt);
      if (!fresh) throw new HqError(409, 'REPLAYED', 'this request was already received');
    }
    if (t.dialect === 'postgres') await t.query('SELECT pg_advisory_xact_lock(hashtext($1))', [batch.originId]);
    await bindDeviceOrigin(t, device, batch.originId, now);
    const ids = [...batch.events.map((e) => e.eventId), ...batch.skipped.map((s) => s.eventId)];
    // What HQ already holds under these ids: whose (origin) and what (content hash; null for skips and old rows).
    const known = new Map<string, { origin: string; hash: string | null }>();
    if (ids.length > 0) {
      const rows = await t.query<{ event_id: string; origin_id: string; content_hash: string | null }>(
        `SELECT event_id, origin_id, content_hash FROM events WHERE chain_id = $1 AND ${anyOf(t, 'event_id', 2, ids.length)}
         UNION ALL SELECT event_id, origin_id, NULL AS content_hash FROM skipped_events WHERE chain_id = $1 AND ${anyOf(t, 'event_id', 2, ids.length)}`,
        [device.chainId, ...listParam(t, ids)],
      );
      for (const r of rows) known.set(r.event_id, { origin: r.origin_id, hash: r.content_hash ?? null });
    }
    const memberIds = [...new Set([...batch.events.flatMap(membersOf), ...batch.skipped.map((e) => e.memberId).filter((m): m is string => m !== null)])];
    const trust = await loadTrustContext(t, device, memberIds, now);
    trust.bank = await loadBankOps(t, device.chainId, batch.events);
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
    const seen = new Map<string, string | null>();
    const hashOf = (i: Item) => (i.kind === 'event' ? contentHash(i.e) : null);
    for (const item of items) {
      const eventId = idOf(item);
      const held = known.get(eventId);
      if (held !== undefined && held.origin !== batch.originId) {
        throw new HqError(409, 'EVENT_ID_TAKEN', `eventId ${eventId} belongs to another origin's event`);
      }
      const earlier = held !== undefined ? held.hash : seen.has(eventId) ? seen.get(eventId) : undefined;
      if (held !== undefined || seen.has(eventId)) {
        const hash = hashOf(item);
        if (earlier !== null && earlier !== undefined && hash !== null && hash !== earlier) {
          throw new HqError(409, 'EVENT_ID_REUSED', `eventId ${eventId} was already used for a different event`);
        }
        ack.duplicates.push(eventId);
        continue;
      }
      seen.set(eventId, hashOf(item));
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
      checkOwnership(trust, device, item.e, policy);
      const findings = findTemplateLikeData(item.e.payload);
      if (findings.length > 0) {
        // Refused as a whole request (nothing stored, not even the refusal): the uploader isolates and parks the event.
        throw new HqError(422, 'BIOMETRIC_SUSPECTED', `events: ${eventId}: template-like data at ${findings[0]?.path} (${findings[0]?.reason})`.slice(0, 300));
      }
      toStore.push(item.e);
      ack.accepted.push(eventId);
    }

    const stored = new Map<string, number>();
    const insertedEvents = await bulkInsert(
      t,
      'events',
      EVENT_COLUMNS,
      toStore.map((e) => [e.eventId, device.chainId, device.storeId, device.deviceId, batch.originId, e.kind, e.memberId, e.memberSeq, e.schemaVersion, JSON.stringify(e.payload), e.occurredAt, receivedAt, contentHash(e)]),
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
    await bulkInsert(
      t,
      'member_homes',
      HOME_COLUMNS,
      [...trust.newHomes].map(([m, store]) => [device.chainId, m, store, receivedAt]),
      'ON CONFLICT (chain_id, member_id) DO NOTHING',
    );
    await applyEffects(t, device, batch.originId, toStore.filter((e) => stored.has(e.eventId)), stored, now, trust, policy);
    return ack;
  });
}

/**
 * Points into the chain's ledger (the member bank), store reports, voided check-ins and erasures,
 * in the same transaction as the events; the dashboard rollups and the per-member figures are queued
 * (dashboard/rollup-queue.ts) and applied behind ingestion by the rollup consumer.
 */
async function applyEffects(t: HqDb, device: DeviceRecord, originId: string, events: WireEvent[], stored: Map<string, number>, now: Date, trust: TrustContext, policy: TrustPolicy): Promise<void> {
  await recordStoreReports(t, device.chainId, device.storeId, events);
  const ledger: Array<[string, number, string]> = [];
  // The last redemption per member, to flag a balance this batch takes below zero (issue 13).
  const redemptions = new Map<string, string>();
  for (const e of events) {
    const delta = pointsDeltaOf(e);
    // Redemptions HQ authorised online were booked then (members/bank-redemptions.ts): not again.
    if (delta !== 0 && e.memberId !== null && !trust.bank?.preBooked.has(e.eventId)) {
      ledger.push([e.memberId, delta, e.eventId]);
      if (delta < 0) redemptions.set(e.memberId, e.eventId);
    }
  }
  if (trust.bank) await recordBankOps(t, device, trust.bank, new Set(events.map((e) => e.eventId)), now);
  await indexLookupKeys(t, device.chainId, events, now);
  const balancesAfter = new Map<string, number>();
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
    // One upsert and one change-log insert for the whole batch: sums are per member, so no row is updated twice.
    const balances = await bulkInsert(
      t,
      'member_balances',
      BALANCE_COLUMNS,
      [...sums].map(([memberId, { delta }]) => [device.chainId, memberId, delta]),
      'ON CONFLICT (chain_id, member_id) DO UPDATE SET balance = member_balances.balance + excluded.balance RETURNING member_id, balance',
    );
    for (const r of balances) balancesAfter.set(String(r['member_id']), Number(r['balance']));
    await appendChanges(
      t,
      device.chainId,
      [...sums].map(([memberId, { hqSeq }]) => ({ type: 'member_balance' as const, key: memberId, body: { memberId, pointsBalance: balancesAfter.get(memberId) ?? 0, asOfHqSeq: hqSeq } })),
      now,
    );
    await flagNegativeBalances(t, device, redemptions, balancesAfter, now);
  }
  for (const e of events) {
    const patch = profilePatchOf(e, device.storeId);
    if (patch) await applyProfilePatch(t, device.chainId, patch, now);
  }
  // Before erasures: an erasure in this batch finds these events queued and leaves them to the consumer, which no longer finds them.
  await enqueueRollup(t, { chainId: device.chainId, storeId: device.storeId, originId, hqSeqs: [...stored.values()], queuedAt: now.toISOString() });
  for (const e of events) {
    const voided = voidedCheckinOf(e);
    // Only the store that recorded a check-in can void it (visitsCounted matches the store too).
    if (voided) {
      await t.query(
        `INSERT INTO voided_checkins (chain_id, checkin_id, store_id, member_id, local_date, event_id, voided_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (chain_id, store_id, checkin_id) DO NOTHING`,
        [device.chainId, voided.checkinId, device.storeId, voided.memberId, voided.localDate, e.eventId, now.toISOString()],
      );
    }
  }
  for (const e of events) {
    const erased = erasedMemberOf(e);
    if (erased === null || e.kind !== 'member.erased') continue;
    if (isErasureRequest(trust, device, erased)) await recordErasureRequest(t, device, e, trust.homes.get(erased) ?? '', now, policy);
    else await eraseMemberIn(t, device.chainId, erased, device.storeId, now);
  }
}

/** Merges a profile change from one store into HQ's copy and sends the result to the chain's stores. */
async function applyProfilePatch(t: HqDb, chainId: string, patch: ProfilePatch, now: Date): Promise<void> {
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
  await appendChange(t, chainId, 'member_profile', patch.memberId, merged.data, now);
}
