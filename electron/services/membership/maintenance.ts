import { pruneAudit } from '../audit/audit-log.js';
import { runRetention } from '../consent/consent-service.js';
import { expireAllDuePoints } from '../loyalty/points-service.js';
import { reevaluateAllTiers } from '../loyalty/tier-service.js';
import { addMonths } from '../membership-kernel/local-time.js';
import { refreshMemberValues } from '../members/member-repository.js';
import type { MembershipEnv } from '../membership-kernel/membership-env.js';

export interface MaintenanceReport {
  expiredMembers: number;
  expiredPoints: number;
  tiersEvaluated: number;
  tiersChanged: number;
  erasedByRetention: number;
  auditRowsDeleted: number;
  faceRejectionsExpired: number;
}

/** The periodic jobs (every 6 hours by a timer, or on demand by a manager): expiry, tier re-evaluation, retention of every data class. */
export function runMaintenance(env: MembershipEnv): MaintenanceReport {
  refreshMemberValues(env.db, addMonths(env.clock.now(), -12).toISOString());
  const expired = expireAllDuePoints(env);
  const tiers = reevaluateAllTiers(env);
  const retention = runRetention(env);
  const auditLog = pruneAudit(env.db, env.clock.now(), env.auditLogDays);
  return {
    expiredMembers: expired.members,
    expiredPoints: expired.points,
    tiersEvaluated: tiers.evaluated,
    tiersChanged: tiers.changed,
    erasedByRetention: retention.erased,
    auditRowsDeleted: auditLog.deleted,
    // "Not me" probes are also purged lazily when looked up; this catches members never seen again.
    faceRejectionsExpired: env.deps.purgeExpiredFaceRejections(),
  };
}
