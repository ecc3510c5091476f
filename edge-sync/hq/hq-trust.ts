import { createHash } from 'node:crypto';
import type { WireEvent } from '../protocol/wire.js';
import type { HqDb } from './db/hq-db.js';
import { pointsDeltaOf } from './event-effects.js';
import { claimOrigin } from './hq-provisioning.js';
import { HqError, type DeviceRecord } from './hq-records.js';
import { anyOf, listParam } from './hq-sql.js';
import { classifyRedemption, type BankIngest } from './hq-bank-ingest.js';

// Issue 12: HQ trusts a device with its own store and nothing more. These checks run inside the
// ingest transaction before anything is written; a refusal throws, so the whole request changes
// nothing (not even the nonce) and the store's uploader isolates and parks the event.

/** Bounds HQ enforces on what one store may do to another store's member. */
export interface TrustPolicy {
  /** Largest points change (either sign) one event from a non-home store may carry. */
  maxCrossStorePointsPerEvent: number;
  /** Most points one non-home store may award one member in any 24 hours (HQ's clock). */
  maxCrossStorePointsPerDay: number;
  /** How long an erasure requested at a non-home store may wait for the home store or an HQ admin. */
  erasureRequestDueMs: number;
  /**
   * Member bank (issue 13): how far below zero redemptions a store booked while HQ was unreachable
   * may take a member's chain balance. Within it they are accepted and flagged for review; beyond it
   * refused (INSUFFICIENT_BALANCE), so a hostile device cannot overdraw further by calling itself offline.
   */
  offlineRedemptionAllowance: number;
}

export const DEFAULT_TRUST_POLICY: TrustPolicy = {
  maxCrossStorePointsPerEvent: 10_000,
  maxCrossStorePointsPerDay: 50_000,
  erasureRequestDueMs: 7 * 24 * 3600_000,
  offlineRedemptionAllowance: 500,
};

/**
 * Kinds only the member's home store may send: they create, change or merge the member's profile.
 * (member.erased from elsewhere becomes a request; consent.changed records the sending store's own
 * consent form and changes nothing at HQ.)
 */
const HOME_ONLY = new Set<string>(['member.created', 'member.updated', 'member.merged', 'tier.changed', 'member.card_issued']);
/** Points kinds another store may book for a visiting member: the cross-store operations of the member bank. */
const CROSS_STORE_POINTS = new Set<string>(['earn', 'checkin', 'redeem', 'refund']);

/** What an event id stood for: a resend of the same event has the same hash, a reuse of the id has another. */
export function contentHash(e: WireEvent): string {
  return createHash('sha256')
    .update(JSON.stringify([e.kind, e.memberId, e.memberSeq, e.schemaVersion, e.occurredAt, e.payload]))
    .digest('hex')
    .slice(0, 32);
}

/**
 * The origin is the device's, not the request's: bound at provisioning or by the device's first
 * batch (when its origin is not another store's), and any other origin is refused afterwards.
 */
export async function bindDeviceOrigin(t: HqDb, device: DeviceRecord, originId: string, now: Date): Promise<void> {
  if (device.originId !== null) {
    if (device.originId !== originId) throw new HqError(403, 'ORIGIN_MISMATCH', 'originId: this device is bound to another origin');
    return;
  }
  await claimOrigin(t, device.chainId, originId, device.storeId, now);
  // The record in hand may be a few seconds old: the row decides (a concurrent first batch may have bound another origin).
  const bound = await t.query('UPDATE devices SET origin_id = $2 WHERE device_id = $1 AND (origin_id IS NULL OR origin_id = $2) RETURNING device_id', [device.deviceId, originId]);
  if (bound.length !== 1) throw new HqError(403, 'ORIGIN_MISMATCH', 'originId: this device is bound to another origin');
}

/** The members an event touches: its member, and for a merge the merged-away one too. */
export function membersOf(e: WireEvent): string[] {
  if (e.kind === 'member.merged') return [e.payload.keptId, e.payload.mergedId];
  return e.memberId !== null ? [e.memberId] : [];
}

export interface TrustContext {
  homes: Map<string, string>;
  /** New homes to record (a member.created, or the first home-only event for a member HQ did not know). */
  newHomes: Map<string, string>;
  balances: Map<string, number>;
  earnedToday: Map<string, number>;
  /** The member bank's redemption op ids this batch names (hq-bank-ingest.ts); loaded by the caller. */
  bank?: BankIngest;
}

export async function loadTrustContext(t: HqDb, device: DeviceRecord, memberIds: string[], now: Date): Promise<TrustContext> {
  const ctx: TrustContext = { homes: new Map(), newHomes: new Map(), balances: new Map(), earnedToday: new Map() };
  if (memberIds.length === 0) return ctx;
  const homes = await t.query<{ member_id: string; home_store_id: string }>(
    `SELECT member_id, home_store_id FROM member_homes WHERE chain_id = $1 AND ${anyOf(t, 'member_id', 2, memberIds.length)}`,
    [device.chainId, ...listParam(t, memberIds)],
  );
  for (const h of homes) ctx.homes.set(h.member_id, h.home_store_id);
  const visiting = memberIds.filter((m) => ctx.homes.has(m) && ctx.homes.get(m) !== device.storeId);
  if (visiting.length > 0) {
    const balances = await t.query<{ member_id: string; balance: number }>(
      `SELECT member_id, balance FROM member_balances WHERE chain_id = $1 AND ${anyOf(t, 'member_id', 2, visiting.length)}`,
      [device.chainId, ...listParam(t, visiting)],
    );
    for (const b of balances) ctx.balances.set(b.member_id, Number(b.balance));
    const since = new Date(now.getTime() - 24 * 3600_000).toISOString();
    const earned = await t.query<{ member_id: string; earned: number }>(
      `SELECT member_id, sum(delta) AS earned FROM points_ledger
       WHERE chain_id = $1 AND store_id = $2 AND delta > 0 AND at > $3 AND ${anyOf(t, 'member_id', 4, visiting.length)} GROUP BY member_id`,
      [device.chainId, device.storeId, since, ...listParam(t, visiting)],
    );
    for (const r of earned) ctx.earnedToday.set(r.member_id, Number(r.earned));
  }
  return ctx;
}

/**
 * Checks one event HQ is about to store against the member's home store and the member bank's
 * bounds; throws the refusal. A member.erased from another store is allowed: it becomes an
 * erasure request (see `isErasureRequest`).
 */
export function checkOwnership(ctx: TrustContext, device: DeviceRecord, e: WireEvent, policy: TrustPolicy): void {
  const home = (m: string) => ctx.homes.get(m) ?? ctx.newHomes.get(m);
  if (HOME_ONLY.has(e.kind)) {
    for (const m of membersOf(e)) {
      const h = home(m);
      if (h !== undefined && h !== device.storeId) {
        throw new HqError(403, 'NOT_HOME_STORE', `${e.kind} for member ${m} may come only from their home store`);
      }
    }
    // The first store to create (or, for members from before sync, first to change) a member is their home.
    for (const m of membersOf(e)) if (home(m) === undefined) ctx.newHomes.set(m, device.storeId);
    return;
  }
  const memberId = e.memberId;
  if (memberId === null) return;
  // A redemption HQ authorised online is already booked: no bound applies twice (any store, home included).
  const bankKind = e.kind === 'points.changed' && ctx.bank ? classifyRedemption(ctx.bank, device, e) : 'plain';
  if (bankKind === 'booked') return;
  const h = home(memberId);
  if (h === undefined || h === device.storeId) return;
  if (e.kind !== 'points.changed') return;
  const delta = pointsDeltaOf(e);
  if (!CROSS_STORE_POINTS.has(e.payload.kind)) {
    throw new HqError(403, 'NOT_HOME_STORE', `points.changed of kind ${e.payload.kind} for member ${memberId} may come only from their home store`);
  }
  if (Math.abs(delta) > policy.maxCrossStorePointsPerEvent) {
    throw new HqError(422, 'POINTS_LIMIT', `payload.delta: ${delta} is over the ${policy.maxCrossStorePointsPerEvent} points another store may move in one event`);
  }
  if (delta > 0) {
    const earned = (ctx.earnedToday.get(memberId) ?? 0) + delta;
    if (earned > policy.maxCrossStorePointsPerDay) {
      throw new HqError(422, 'POINTS_LIMIT', `payload.delta: this store would award member ${memberId} ${earned} points within 24 h (limit ${policy.maxCrossStorePointsPerDay})`);
    }
    ctx.earnedToday.set(memberId, earned);
  }
  const balance = (ctx.balances.get(memberId) ?? 0) + delta;
  // Offline (issue 13): accepted down to minus the allowance, and flagged for review after ingest.
  const floor = bankKind === 'offline' ? -policy.offlineRedemptionAllowance : 0;
  if (delta < 0 && balance < floor) {
    throw new HqError(422, 'INSUFFICIENT_BALANCE', `payload.delta: member ${memberId} has ${balance - delta} points in the chain's bank, fewer than ${-delta}`);
  }
  ctx.balances.set(memberId, balance);
}

/** A member.erased from a store that is not the member's home is a request, carried out by the home store or HQ. */
export function isErasureRequest(ctx: TrustContext, device: DeviceRecord, memberId: string): boolean {
  const h = ctx.homes.get(memberId) ?? ctx.newHomes.get(memberId);
  return h !== undefined && h !== device.storeId;
}
