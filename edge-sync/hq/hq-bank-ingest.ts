import type { WireEvent } from '../protocol/wire.js';
import type { HqDb } from './db/hq-db.js';
import { HqError, type DeviceRecord } from './hq-records.js';
import { anyOf, listParam } from './hq-sql.js';

// The member bank at ingest (issue 13): a store's points.changed redemption that names an op id is
// either one HQ already authorised online (its debit is in the ledger: the event must not debit
// again) or one the store booked offline within its allowance (it debits now and, if the chain
// balance goes negative, is flagged for review). Nobody's history is rewritten either way.

type PointsEvent = Extract<WireEvent, { kind: 'points.changed' }>;

interface BankOp {
  memberId: string;
  storeId: string;
  points: number;
  status: string;
  eventId: string | null;
}

export interface BankIngest {
  ops: Map<string, BankOp>;
  /** Events whose debit HQ booked when it authorised them: stored, but not booked again. */
  preBooked: Set<string>;
  /** Op ids this batch uses for the first time (offline), and online ops now linked to their event. */
  newOps: Map<string, { e: PointsEvent; status: 'offline' }>;
  linked: Map<string, string>;
}

const opIdOf = (e: WireEvent): string | undefined => (e.kind === 'points.changed' ? e.payload.opId : undefined);

export async function loadBankOps(t: HqDb, chainId: string, events: readonly WireEvent[]): Promise<BankIngest> {
  const bank: BankIngest = { ops: new Map(), preBooked: new Set(), newOps: new Map(), linked: new Map() };
  const opIds = [...new Set(events.map(opIdOf).filter((o): o is string => o !== undefined))];
  if (opIds.length === 0) return bank;
  const rows = await t.query<{ op_id: string; member_id: string; store_id: string; points: number; status: string; event_id: string | null }>(
    `SELECT op_id, member_id, store_id, points, status, event_id FROM bank_redemptions WHERE chain_id = $1 AND ${anyOf(t, 'op_id', 2, opIds.length)}`,
    [chainId, ...listParam(t, opIds)],
  );
  for (const r of rows) bank.ops.set(r.op_id, { memberId: r.member_id, storeId: r.store_id, points: Number(r.points), status: r.status, eventId: r.event_id });
  return bank;
}

/**
 * What a redemption with an op id is. 'booked': HQ authorised it online, so the balance checks are
 * behind it and its debit is already in the ledger. 'offline': booked at the store while HQ was
 * unreachable; the caller bounds the overdraft by the offline allowance. 'plain': no op id (stores
 * from before the member bank), checked as before. Refuses an op id that stands for another
 * member, store or amount, or that another event already used.
 */
export function classifyRedemption(bank: BankIngest, device: DeviceRecord, e: PointsEvent): 'booked' | 'offline' | 'plain' {
  const opId = e.payload.opId;
  if (opId === undefined) return 'plain';
  const mismatch = (why: string) => new HqError(409, 'OP_ID_MISMATCH', `payload.opId: ${why}`);
  if (e.payload.kind !== 'redeem' || e.payload.delta >= 0) throw mismatch('only a redemption carries an op id');
  const op = bank.ops.get(opId);
  if (op === undefined) {
    if (e.payload.offline !== true || bank.newOps.has(opId)) throw mismatch('HQ never authorised this op id');
    bank.newOps.set(opId, { e, status: 'offline' });
    return 'offline';
  }
  if (op.memberId !== e.payload.memberId || op.storeId !== device.storeId || op.points !== -e.payload.delta) throw mismatch('the op id stands for another redemption');
  if (op.status !== 'authorised' && op.status !== 'offline') throw mismatch(`HQ answered ${op.status} to this op id`);
  if (op.eventId !== null && op.eventId !== e.eventId) throw mismatch('another event already booked this op id');
  op.eventId = e.eventId;
  if (op.status === 'offline') return 'offline';
  bank.preBooked.add(e.eventId);
  bank.linked.set(opId, e.eventId);
  return 'booked';
}

/** Records the batch's new offline op ids and links online ones to their event, in the ingest transaction. */
export async function recordBankOps(t: HqDb, device: DeviceRecord, bank: BankIngest, stored: ReadonlySet<string>, now: Date): Promise<void> {
  for (const [opId, { e }] of bank.newOps) {
    if (!stored.has(e.eventId)) continue;
    await t.query(
      `INSERT INTO bank_redemptions (chain_id, op_id, member_id, store_id, device_id, points, reason, status, balance_after, at, event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'offline', 0, $8, $9) ON CONFLICT (chain_id, op_id) DO NOTHING`,
      [device.chainId, opId, e.payload.memberId, device.storeId, device.deviceId, -e.payload.delta, (e.payload.reason ?? 'offline redemption').slice(0, 200), now.toISOString(), e.eventId],
    );
  }
  for (const [opId, eventId] of bank.linked) {
    if (stored.has(eventId)) await t.query('UPDATE bank_redemptions SET event_id = $3 WHERE chain_id = $1 AND op_id = $2', [device.chainId, opId, eventId]);
  }
}

/**
 * Flags a member whose chain balance is negative after this batch's redemptions (offline ones, or
 * a home store's own): a review for people, one row per redemption event; the ledger stays as it is.
 */
export async function flagNegativeBalances(t: HqDb, device: DeviceRecord, redemptions: ReadonlyMap<string, string>, balances: ReadonlyMap<string, number>, now: Date): Promise<void> {
  for (const [memberId, eventId] of redemptions) {
    const balance = balances.get(memberId);
    if (balance === undefined || balance >= 0) continue;
    await t.query(
      `INSERT INTO bank_reviews (chain_id, event_id, member_id, store_id, balance, at, status) VALUES ($1, $2, $3, $4, $5, $6, 'open')
       ON CONFLICT (chain_id, event_id) DO NOTHING`,
      [device.chainId, eventId, memberId, device.storeId, balance, now.toISOString()],
    );
  }
}
