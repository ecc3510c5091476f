import { randomUUID } from 'node:crypto';
import type { StaffSession } from '../../contract/handlers.js';
import { AppError } from '../../contract/result.js';
import { appendOutboxEvent } from '../../../edge-sync/client/outbox-append.js';
import { audit } from '../audit/audit-log.js';
import { requireActiveMember } from '../members/member-service.js';
import type { MembershipEnv } from '../membership-kernel/membership-env.js';
import { runOnce } from '../membership-kernel/op-ids.js';
import { validateFen } from '../members/member-validation.js';
import { insertCoupon } from './coupon-repository.js';
import { expireDuePoints, postPoints } from './ledger.js';
import { ledgerEntries, membersWithExpiringPoints, type LedgerKind } from './ledger-repository.js';

/** A manager's manual correction, with a reason; positive adjustments expire like earned points. */
export function adjustPoints(env: MembershipEnv, input: { opId: string; memberId: string; delta: number; reason: string }, by: StaffSession): { entryId: number; balanceAfter: number } {
  if (typeof input.delta !== 'number' || !Number.isSafeInteger(input.delta) || input.delta === 0 || Math.abs(input.delta) > 10_000_000) {
    throw new AppError('POINTS_INVALID', 'An adjustment is a whole, non-zero number of points');
  }
  if (typeof input.reason !== 'string' || input.reason.trim().length < 2 || input.reason.length > 200) {
    throw new AppError('REASON_REQUIRED', 'A manual adjustment needs a reason of 2–200 characters');
  }
  const now = env.clock.now();
  return env.db.transaction(() =>
    runOnce(env.db, input.opId, 'loyalty.adjustPoints', { memberId: input.memberId, delta: input.delta, reason: input.reason }, now, () => {
      requireActiveMember(env, input.memberId);
      const posted = postPoints(env.db, {
        memberId: input.memberId,
        delta: input.delta,
        kind: 'adjust',
        at: now,
        reason: input.reason.trim(),
        staffId: by.staffId,
        opId: input.opId,
        expiryMonths: env.rules.points.expiryMonths,
      });
      audit(env.db, now, by, 'points.adjust', input.memberId, { delta: input.delta, entryId: posted.entryId });
      return posted;
    }),
  )();
}

/** The expiry timer: expires what is due for every member, one short transaction each. */
export function expireAllDuePoints(env: MembershipEnv): { members: number; points: number } {
  const now = env.clock.now();
  const ids = membersWithExpiringPoints(env.db, now.toISOString());
  const one = env.db.transaction((id: string) => expireDuePoints(env.db, id, now));
  let points = 0;
  let members = 0;
  for (const id of ids) {
    const n = one(id);
    if (n > 0) {
      points += n;
      members++;
    }
  }
  return { members, points };
}

export interface LedgerEntryView {
  entryId: number;
  delta: number;
  kind: LedgerKind;
  reason: string | null;
  expiresAt: string | null;
  at: string;
}

export function pointsHistory(env: MembershipEnv, memberId: string, limit: number): LedgerEntryView[] {
  requireActiveMember(env, memberId);
  return ledgerEntries(env.db, memberId, limit).map((r) => ({ entryId: r.id, delta: r.delta, kind: r.kind, reason: r.reason, expiresAt: r.expires_at, at: r.created_at }));
}

export function issueCoupon(
  env: MembershipEnv,
  input: { opId: string; memberId: string; title: string; amountOffFen: number; minSpendFen?: number | undefined; validDays?: number | undefined; source?: string | undefined },
  by: StaffSession | null,
): { couponId: string; expiresAt: string | null } {
  const amountOff = validateFen(input.amountOffFen, 'amountOffFen', { allowZero: false });
  const minSpend = validateFen(input.minSpendFen ?? 0, 'minSpendFen');
  if (typeof input.title !== 'string' || input.title.trim().length < 1 || input.title.length > 60) throw new AppError('COUPON_INVALID', 'A coupon needs a title of 1–60 characters');
  if (input.validDays !== undefined && (!Number.isSafeInteger(input.validDays) || input.validDays < 1 || input.validDays > 3650)) {
    throw new AppError('COUPON_INVALID', 'validDays must be 1–3650');
  }
  const now = env.clock.now();
  return env.db.transaction(() =>
    runOnce(env.db, input.opId, 'coupons.issue', { ...input, opId: undefined }, now, () => {
      requireActiveMember(env, input.memberId);
      const couponId = randomUUID();
      const at = now.toISOString();
      const expiresAt = input.validDays ? new Date(now.getTime() + input.validDays * 86_400_000).toISOString() : null;
      const source = (input.source ?? 'manual').slice(0, 40);
      // A manager's gift is an amount coupon usable at once (percent coupons come from HQ campaigns).
      insertCoupon(env.db, {
        id: couponId,
        member_id: input.memberId,
        title: input.title.trim(),
        terms: { kind: 'amount', amountOffFen: amountOff, minSpendFen: minSpend },
        source,
        issued_at: at,
        valid_from: null,
        expires_at: expiresAt,
      });
      appendOutboxEvent(
        env.db,
        'coupon.issued',
        { couponId, memberId: input.memberId, title: input.title.trim(), amountOffFen: amountOff, minSpendFen: minSpend, source, expiresAt, at },
        { memberId: input.memberId, occurredAt: now },
      );
      audit(env.db, now, by, 'coupon.issue', input.memberId, { couponId, amountOffFen: amountOff });
      return { couponId, expiresAt };
    }),
  )();
}
