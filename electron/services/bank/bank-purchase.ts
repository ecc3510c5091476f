import type { StaffSession } from '../../contract/handlers.js';
import { AppError } from '../../contract/result.js';
import type { Logger } from '../../core/logger.js';
import { postPoints } from '../loyalty/ledger.js';
import { cachedBalance } from '../loyalty/ledger-repository.js';
import type { MembershipEnv } from '../membership-kernel/membership-env.js';
import { getMember } from '../members/member-repository.js';
import { previewPurchase, recordPurchase, type PurchaseInput, type PurchaseQuote, type PurchaseResult } from '../purchases/purchase-service.js';
import { askHq, bookOffline, bookOnline, insufficientAtHq, offlineSpendable, type HqVerdict, type RedemptionInput } from './bank-redemption.js';
import { requireActiveMember } from '../members/member-service.js';
import { openIntent, pendingIntents, purchaseRecorded, setIntentStatus, type IntentRow } from './bank-intents.js';
import { reconcileFromDownlink, reconcileToChain, type BankPort } from './member-bank-store.js';

/**
 * Purchases that redeem points against the chain's member bank (issue 13). When the bank is on
 * (config bank.enabled, HQ configured, this device provisioned):
 *  1. the purchase is validated and priced first (nothing written);
 *  2. a redemption intent is written (bank_intents), then HQ is asked to authorise the redemption
 *     under an op id derived from the purchase's (`<purchase op>:redeem`);
 *  3. the purchase is recorded in its own transaction with HQ's answer (the debit names HQ's op id,
 *     so HQ books it once), and the intent is marked done in that same transaction.
 * HQ unreachable: booked within hq.offlineRedemptionAllowance (HQ reconciles and flags a negative
 * balance). HQ does not know the member yet (joined here, not uploaded): their points exist only
 * here, so they are redeemed locally as before. If the purchase fails to commit after HQ said yes,
 * the points are given back at once; after a crash, the pending intent is resolved on the next sync
 * cycle (resolvePending): booked here → done; otherwise HQ is asked again with the same op id (it
 * repeats its first answer) and what it debited is given back with a compensating points event.
 */
export interface BankRuntime {
  /** Is the bank in use now (enabled, HQ configured, provisioned)? */
  active(): boolean;
  offlineAllowance: number;
  recordPurchase(input: PurchaseInput, by: StaffSession | null): Promise<PurchaseResult>;
  previewPurchase(input: Omit<PurchaseInput, 'opId'>): PurchaseQuote;
  /** What the member may redeem here now: the chain's figure online, the allowance left offline (purchases.redeemable). */
  redeemable(memberId: string): Redeemable;
  /** Pending intents: resolved with HQ (see above); returns how many were resolved. */
  resolvePending(): Promise<number>;
  /** After each downlink pull: resolve pending intents, then bring local balances to the chain's. */
  afterPull(): Promise<void>;
}

export interface BankRuntimeOptions {
  enabled: boolean;
  offlineAllowance: number;
  /** HQ's member bank (the sync client), or null while HQ is not configured / the device not provisioned. */
  port: () => BankPort | null;
  /** False while uploads to HQ fail (the sync status's "unreachable since"): redemptions are booked offline then. */
  hqReachable?: () => boolean;
  log?: Logger;
}

export interface Redeemable {
  memberId: string;
  basis: 'local' | 'online' | 'offline';
  spendable: number;
  chainBalance: number | null;
  allowanceLeft: number | null;
}

const COMPENSATION_REASON = 'redemption not completed: points returned';

/**
 * Gives back points HQ debited for a redemption whose purchase was never recorded. Locally the pair
 * (the debit HQ booked, named by its op id, and the credit) nets to zero; at HQ the debit is already
 * booked (the event is recognised by its op id) and the credit returns the points. One transaction.
 */
export function compensateIntent(env: MembershipEnv, intent: IntentRow, chainBalanceAfter: number, now: Date): void {
  env.db.transaction(() => {
    const member = getMember(env.db, intent.member_id);
    if (member?.status === 'active') {
      const at = now.toISOString();
      env.db.prepare('INSERT OR IGNORE INTO bank_ops (op_id, member_id, points, mode, hq_balance_after, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(intent.op_id, intent.member_id, intent.points, 'online', chainBalanceAfter, at);
      reconcileToChain(env.db, intent.member_id, chainBalanceAfter + intent.points, now);
      const debit = () =>
        postPoints(env.db, { memberId: intent.member_id, delta: -intent.points, kind: 'redeem', at: now, ref: intent.purchase_op_id.slice(0, 64), reason: 'purchase not completed', opId: intent.op_id, bank: { opId: intent.op_id, offline: false } });
      const credit = () => postPoints(env.db, { memberId: intent.member_id, delta: intent.points, kind: 'refund', at: now, ref: intent.purchase_op_id.slice(0, 64), reason: COMPENSATION_REASON, opId: `${intent.op_id}:undo` });
      // Debit first when it fits; else credit first (the balance may never go negative here).
      if (cachedBalance(env.db, intent.member_id) >= intent.points) {
        debit();
        credit();
      } else {
        credit();
        debit();
      }
    }
    setIntentStatus(env.db, intent.op_id, 'compensated', now.toISOString());
  })();
}

export function createBankRuntime(env: MembershipEnv, options: BankRuntimeOptions): BankRuntime {
  const held = new Map<string, number>();
  const hold = (opId: string) => held.set(opId, (held.get(opId) ?? 0) + 1);
  const release = (opId: string) => {
    const n = (held.get(opId) ?? 1) - 1;
    if (n <= 0) held.delete(opId);
    else held.set(opId, n);
  };
  const port = () => (options.enabled ? options.port() : null);
  const isLinked = (memberId: string) => env.db.prepare('SELECT 1 FROM member_links WHERE member_id = ?').get(memberId) !== undefined;

  async function recordWithBank(input: PurchaseInput, by: StaffSession | null): Promise<PurchaseResult> {
    const hq = port();
    if (!hq || input.redeemPoints === undefined || input.redeemPoints === 0) return recordPurchase(env, input, by);
    // A retry of a recorded purchase gets its stored answer; HQ is not asked again.
    if (purchaseRecorded(env.db, input.opId)) return recordPurchase(env, input, by);
    // Validate and price first: nothing is written and HQ is not asked for a purchase that cannot be recorded.
    const quote = previewPurchase(env, input, { chainBalance: true });
    const intent = openIntent(env.db, input.opId, input.memberId, quote.pointsRedeemed, env.clock.now().toISOString());
    hold(intent.op_id);
    try {
      let verdict: HqVerdict;
      try {
        verdict = await askHq(hq, { opId: intent.op_id, memberId: intent.member_id, points: intent.points, reason: 'purchase' });
      } catch (error) {
        setIntentStatus(env.db, intent.op_id, 'refused', env.clock.now().toISOString());
        throw error;
      }
      if (verdict.kind === 'answer' && verdict.answer.status === 'insufficient') {
        setIntentStatus(env.db, intent.op_id, 'refused', env.clock.now().toISOString());
        throw insufficientAtHq(verdict.answer.balance);
      }
      if (verdict.kind === 'unknown-member' && isLinked(input.memberId)) {
        setIntentStatus(env.db, intent.op_id, 'refused', env.clock.now().toISOString());
        throw new AppError('BANK_REFUSED', 'HQ no longer knows this member');
      }
      const v = verdict;
      try {
        return recordPurchase(env, input, by, {
          chainBalance: v.kind === 'answer',
          redeem: (p) => {
            const r: RedemptionInput = { opId: intent.op_id, memberId: p.memberId, points: p.points, reason: 'purchase', ref: p.purchaseId, staffId: p.staffId, ledgerOpId: input.opId };
            if (v.kind === 'answer') bookOnline(env, r, v.answer, p.now);
            else if (v.kind === 'unreachable') bookOffline(env, r, options.offlineAllowance, p.now);
            // HQ has not seen this member yet: every point they have was earned here, nowhere else to spend them.
            else postPoints(env.db, { memberId: p.memberId, delta: -p.points, kind: 'redeem', at: p.now, ref: p.purchaseId, opId: input.opId, staffId: p.staffId });
            setIntentStatus(env.db, intent.op_id, v.kind === 'unreachable' ? 'offline' : 'done', p.now.toISOString());
          },
        });
      } catch (error) {
        if (v.kind === 'answer') {
          // HQ debited, the purchase did not commit: give the points back now (the resolver retries if this fails too).
          try {
            compensateIntent(env, intent, v.answer.balance, env.clock.now());
          } catch (undo) {
            options.log?.warn('bank.compensation_deferred', { opId: intent.op_id, error: (undo as Error).message });
          }
        } else if (v.kind === 'unknown-member') setIntentStatus(env.db, intent.op_id, 'refused', env.clock.now().toISOString());
        // unreachable: HQ may still have debited (a timeout): the intent stays pending for the resolver.
        throw error;
      }
    } finally {
      release(intent.op_id);
    }
  }

  async function resolvePending(): Promise<number> {
    const hq = port();
    if (!hq) return 0;
    let resolved = 0;
    for (const intent of pendingIntents(env.db)) {
      if (held.has(intent.op_id)) continue;
      const now = () => env.clock.now();
      if (env.db.prepare('SELECT 1 FROM bank_ops WHERE op_id = ?').get(intent.op_id) !== undefined) {
        setIntentStatus(env.db, intent.op_id, 'done', now().toISOString());
        resolved++;
        continue;
      }
      let verdict: HqVerdict;
      try {
        verdict = await askHq(hq, { opId: intent.op_id, memberId: intent.member_id, points: intent.points, reason: 'purchase not completed' });
      } catch {
        verdict = { kind: 'unknown-member' }; // HQ refused outright: it debited nothing
      }
      if (verdict.kind === 'unreachable') break;
      if (held.has(intent.op_id) || env.db.prepare('SELECT 1 FROM bank_ops WHERE op_id = ?').get(intent.op_id) !== undefined) continue;
      if (verdict.kind === 'answer' && verdict.answer.status === 'authorised') {
        compensateIntent(env, intent, verdict.answer.balance, now());
        options.log?.info('bank.intent_compensated', { opId: intent.op_id, points: intent.points, purchaseRecorded: purchaseRecorded(env.db, intent.purchase_op_id) });
      } else setIntentStatus(env.db, intent.op_id, 'refused', now().toISOString());
      resolved++;
    }
    return resolved;
  }

  return {
    active: () => port() !== null,
    offlineAllowance: options.offlineAllowance,
    recordPurchase: recordWithBank,
    previewPurchase: (input) => previewPurchase(env, input, port() ? { chainBalance: true } : undefined),
    redeemable(memberId) {
      const member = requireActiveMember(env, memberId);
      if (!port()) return { memberId, basis: 'local', spendable: member.points_balance, chainBalance: null, allowanceLeft: null };
      // Online, the local balance is the chain's as of the last pull (plus what HQ has not booked yet).
      if (options.hqReachable?.() ?? true) return { memberId, basis: 'online', spendable: member.points_balance, chainBalance: member.points_balance, allowanceLeft: null };
      const { left, spendable } = offlineSpendable(env.db, memberId, options.offlineAllowance);
      return { memberId, basis: 'offline', spendable, chainBalance: null, allowanceLeft: left };
    },
    resolvePending,
    async afterPull() {
      if (!port()) return;
      await resolvePending();
      const changed = reconcileFromDownlink(env.db, env.clock.now());
      if (changed > 0) options.log?.info('bank.balances_reconciled', { members: changed });
    },
  };
}
