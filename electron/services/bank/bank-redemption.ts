import { AppError } from '../../contract/result.js';
import type { Db } from '../../db/connection.js';
import { HqCallError } from '../../../edge-sync/client/hq-client.js';
import type { RedemptionResponse } from '../../../edge-sync/protocol/member-bank-wire.js';
import { postPoints } from '../loyalty/ledger.js';
import { cachedBalance } from '../loyalty/ledger-repository.js';
import type { MembershipEnv } from '../membership-kernel/membership-env.js';
import { DEFAULT_OFFLINE_ALLOWANCE, reconcileToChain, type BankPort } from './member-bank-store.js';

// The redemption half of the store's member bank (issue 13): HQ authorises first (atomically,
// idempotently by op id), then the store books the debit with HQ's answer in its own transaction;
// when HQ cannot be reached, the store books up to its per-member offline allowance.

export interface BankRedemption {
  mode: 'online' | 'offline';
  entryId: number;
  balanceAfter: number;
  /** HQ's balance after the redemption (online), or null (offline). */
  chainBalance: number | null;
  /** What is left of the member's offline allowance (offline), or null (online). */
  allowanceLeft: number | null;
}

/** One redemption to book: `opId` is the op id HQ knows; the ledger line may name another (the purchase's). */
export interface RedemptionInput {
  opId: string;
  memberId: string;
  points: number;
  reason: string;
  ref?: string | null;
  staffId?: string | null;
  ledgerOpId?: string | null;
}

/** What HQ said: its answer, unreachable (book offline), or it does not know the member (yet). */
export type HqVerdict = { kind: 'answer'; answer: RedemptionResponse } | { kind: 'unreachable' } | { kind: 'unknown-member' };

export async function askHq(port: BankPort, input: Pick<RedemptionInput, 'opId' | 'memberId' | 'points' | 'reason'>): Promise<HqVerdict> {
  try {
    const answer = await port.authoriseRedemption({ opId: input.opId, memberId: input.memberId, points: input.points, reason: input.reason.slice(0, 200) });
    return { kind: 'answer', answer };
  } catch (error) {
    if (error instanceof HqCallError && error.isTransient) return { kind: 'unreachable' };
    if (error instanceof HqCallError && error.status === 404) return { kind: 'unknown-member' };
    throw new AppError('BANK_REFUSED', `HQ refused the redemption: ${(error as Error).message}`.slice(0, 300));
  }
}

export function insufficientAtHq(balance: number): AppError {
  return new AppError('INSUFFICIENT_POINTS', `Only ${balance} points in the chain's bank`, { details: { balance, chainBalance: balance, online: true } });
}

function recordOp(db: Db, input: RedemptionInput, mode: 'online' | 'offline', balance: number | null, at: string): void {
  db.prepare('INSERT INTO bank_ops (op_id, member_id, points, mode, hq_balance_after, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(input.opId, input.memberId, input.points, mode, balance, at);
}

function post(env: MembershipEnv, input: RedemptionInput, now: Date, offline: boolean) {
  return postPoints(env.db, {
    memberId: input.memberId,
    delta: -input.points,
    kind: 'redeem',
    at: now,
    ref: input.ref ?? null,
    reason: input.reason,
    staffId: input.staffId ?? null,
    opId: input.ledgerOpId ?? input.opId,
    bank: { opId: input.opId, offline },
  });
}

/** Books a redemption HQ authorised. Runs in the caller's transaction. */
export function bookOnline(env: MembershipEnv, input: RedemptionInput, answer: RedemptionResponse, now: Date): BankRedemption {
  if (answer.status === 'insufficient') throw insufficientAtHq(answer.balance);
  recordOp(env.db, input, 'online', answer.balance, now.toISOString());
  // The local balance is brought to the chain's before the debit, so the debit always fits.
  reconcileToChain(env.db, input.memberId, answer.balance + input.points, now);
  const posted = post(env, input, now, false);
  env.db
    .prepare(
      `INSERT INTO hq_member_balances (member_id, points_balance, as_of_hq_seq, synced_at) VALUES (?, ?, 0, ?)
       ON CONFLICT (member_id) DO UPDATE SET points_balance = excluded.points_balance, synced_at = excluded.synced_at`,
    )
    .run(input.memberId, answer.balance, now.toISOString());
  return { mode: 'online', entryId: posted.entryId, balanceAfter: posted.balanceAfter, chainBalance: answer.balance, allowanceLeft: null };
}

/** Offline redemptions of this member HQ has not received yet. */
export function offlineUnsynced(db: Db, memberId: string): number {
  const rows = db.prepare("SELECT payload FROM outbox WHERE member_id = ? AND kind = 'points.changed' AND status IN ('pending', 'parked')").all(memberId) as Array<{ payload: string }>;
  return rows.map((r) => JSON.parse(r.payload) as { delta: number; offline?: boolean }).filter((p) => p.offline === true && p.delta < 0).reduce((s, p) => s - p.delta, 0);
}

/** What the member may still redeem here while HQ is unreachable: the allowance left, never more than the balance shown. */
export function offlineSpendable(db: Db, memberId: string, allowance: number): { left: number; spendable: number } {
  const left = allowance - offlineUnsynced(db, memberId);
  return { left: Math.max(0, left), spendable: Math.max(0, Math.min(left, cachedBalance(db, memberId))) };
}

/** Books a redemption within the offline allowance. Runs in the caller's transaction. */
export function bookOffline(env: MembershipEnv, input: RedemptionInput, allowance: number, now: Date): BankRedemption {
  const { left, spendable } = offlineSpendable(env.db, input.memberId, allowance);
  if (input.points > spendable) {
    throw new AppError('INSUFFICIENT_POINTS', `HQ is unreachable: at most ${spendable} points can be redeemed offline`, { details: { balance: spendable, offline: true, allowanceLeft: left, spendable } });
  }
  recordOp(env.db, input, 'offline', null, now.toISOString());
  const posted = post(env, input, now, true);
  return { mode: 'offline', entryId: posted.entryId, balanceAfter: posted.balanceAfter, chainBalance: null, allowanceLeft: left - input.points };
}

/**
 * Redeems points against the chain balance, on its own (the purchase flow is bank-purchase.ts).
 * Online, HQ authorises first and the local ledger entry names the same op id, so HQ books the debit
 * once. When HQ cannot be reached, the store may redeem up to its per-member offline allowance (and
 * never more than the balance it shows); HQ accepts those within the allowance and flags a negative result.
 */
export async function redeemThroughBank(env: MembershipEnv, port: BankPort, input: RedemptionInput, options: { offlineAllowance?: number } = {}): Promise<BankRedemption> {
  const verdict = await askHq(port, input);
  if (verdict.kind === 'unknown-member') throw new AppError('BANK_REFUSED', 'HQ does not know this member yet');
  const now = env.clock.now();
  if (verdict.kind === 'answer') {
    const answer = verdict.answer;
    if (answer.status === 'insufficient') throw insufficientAtHq(answer.balance);
    return env.db.transaction(() => bookOnline(env, input, answer, now))();
  }
  return env.db.transaction(() => bookOffline(env, input, options.offlineAllowance ?? DEFAULT_OFFLINE_ALLOWANCE, now))();
}
