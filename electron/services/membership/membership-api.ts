import type { ServiceContext } from '../../core/service-context.js';
import { checkinByCode, checkinMemberByCode, type CheckinResult } from '../checkin/checkin-service.js';
import type { BankPort } from '../bank/member-bank-store.js';
import { resolveCodeAnywhere } from '../bank/lookup-fallthrough.js';
import { eraseMember, hasFaceConsent } from '../consent/consent-service.js';
import { runMaintenance, type MaintenanceReport } from './maintenance.js';
import { getMember } from '../members/member-repository.js';
import { isJustJoined, issueMemberCode, requireActiveMember, verifyMemberCode } from '../members/member-service.js';
import { memberCardCode } from '../members/member-card-code.js';
import { createMembershipEnv, type MembershipDeps } from '../membership-kernel/membership-env.js';
import type { DownlinkCoupon, DownlinkRulesVersion } from '../../../edge-sync/client/downlink.js';
import { applyHqCoupon, applyHqRulesVersion } from './hq-publications.js';
import { activeRulesVersion } from '../membership-kernel/rules-versions.js';

/**
 * What other domains call directly (not through the contract): the face engine asks for consent
 * before enrolment; the scanner checks a member in by a scanned code; sync applies an erasure HQ
 * ordered; the composition root runs the periodic jobs.
 */
export interface MembershipApi {
  hasFaceConsent(memberId: string): boolean;
  issueMemberCode(memberId: string): { code: string; expiresAt: string };
  /** The long-lived card code printed on receipts and cards (issued on first use). */
  memberCardCode(memberId: string): string;
  /** The member id of a valid code; throws AppError MEMBER_CODE_INVALID / MEMBER_CODE_EXPIRED / MEMBER_NOT_FOUND. */
  verifyMemberCode(code: string): string;
  /** A scanned member QR code; `opId` (e.g. the scan id) makes a re-read scan harmless. */
  checkinByCode(code: string, opId: string): CheckinResult;
  /** The same, and another store's card code is asked of HQ's member bank when `port` is given (issue 13). */
  checkinByCodeAnywhere(code: string, opId: string, port: BankPort | null): Promise<CheckinResult>;
  /** HQ ordered this member erased: erase here if not already (idempotent). */
  applyErasure(memberId: string): void;
  /** The erasure log (outside backups) says this member was erased: after a restore, erase again if the restored file has them. */
  reapplyErasure(memberId: string): boolean;
  /** True for an active member this kiosk client created within `withinMs` (the joining flow's self-enrolment window). */
  isJustJoined(memberId: string, clientId: string, withinMs?: number): boolean;
  runMaintenance(): MaintenanceReport;
  /** A rules version HQ published: validated, stored whole or refused whole, audited, reported to HQ (call inside the downlink's transaction). */
  applyHqRulesVersion(change: DownlinkRulesVersion): 'applied' | 'refused' | 'known';
  /** The HQ rules version in force on the store's clock (null: the configured preset), for the status HQ sees. */
  activeHqRulesVersion(): number | null;
  /** A campaign coupon HQ issued to a member of this store (idempotent). */
  applyHqCoupon(coupon: DownlinkCoupon): 'added' | 'known' | 'not_here';
  /** Runs the periodic jobs every `intervalMs` (default 6 h); returns a stop function. */
  startMaintenanceTimer(intervalMs?: number): () => void;
}

export function createMembershipApi(ctx: Pick<ServiceContext, 'db' | 'config' | 'clock' | 'log'>, deps: MembershipDeps = {}): MembershipApi {
  const env = createMembershipEnv(ctx, deps);
  const maintain = (): MaintenanceReport => {
    const report = runMaintenance(env);
    env.log.info('membership.maintenance', { ...report });
    return report;
  };
  return {
    hasFaceConsent: (memberId) => hasFaceConsent(env, memberId),
    issueMemberCode: (memberId) => issueMemberCode(env, memberId),
    memberCardCode: (memberId) => memberCardCode(env, requireActiveMember(env, memberId).id).code,
    verifyMemberCode: (code) => verifyMemberCode(env, code),
    checkinByCode: (code, opId) => checkinByCode(env, { opId, code }),
    checkinByCodeAnywhere: async (code, opId, port) => checkinMemberByCode(env, opId, await resolveCodeAnywhere(env, port, code, 'kiosk', null)),
    applyErasure(memberId) {
      if (getMember(env.db, memberId)?.status !== 'active') return;
      eraseMember(env, { opId: `hq-erasure:${memberId}`, memberId, reason: 'erasure requested via head office' }, null);
    },
    reapplyErasure(memberId) {
      if (getMember(env.db, memberId)?.status !== 'active') return false;
      eraseMember(env, { opId: `erasure-log:${memberId}`, memberId, reason: 'erased before; re-applied after a backup was restored' }, null);
      return true;
    },
    isJustJoined: (memberId, clientId, withinMs) => isJustJoined(env, memberId, clientId, withinMs),
    runMaintenance: maintain,
    applyHqRulesVersion: (change) => applyHqRulesVersion(env, change),
    activeHqRulesVersion: () => activeRulesVersion(env.db, env.clock.now())?.version ?? null,
    applyHqCoupon: (coupon) => applyHqCoupon(env, coupon),
    startMaintenanceTimer(intervalMs = 6 * 3_600_000) {
      const timer = setInterval(() => {
        try {
          maintain();
        } catch (error) {
          env.log.error('membership.maintenance_failed', { error: (error as Error).message });
        }
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
