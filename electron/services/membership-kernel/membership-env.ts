import { randomBytes } from 'node:crypto';
import { effectiveRules, type LoyaltyRules } from '../../contract/loyalty-rules.js';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { Db } from '../../db/connection.js';
import type { ServiceContext } from '../../core/service-context.js';
import { readMeta, insertMetaIfAbsent } from './meta-repository.js';
import { versionedRulesInForce } from './local-rules-versions.js';

/**
 * What the membership services need from outside the domain. The face engine's functions are
 * injected (the lead wires them) so this domain never imports the face engine and tests use fakes.
 */
export interface MembershipDeps {
  /** The member a finished face session confirmed, or null if the session is unknown/expired/unconfirmed. */
  confirmedFaceMember?: (faceSessionId: string) => string | null;
  /** Deletes the member's face templates; returns how many were deleted. */
  eraseFaceData?: (memberId: string) => number;
  /** How many people have face data stored (for the regulator filing threshold). */
  countPeopleWithFaceData?: () => number;
  /** The face engine's confidence in a confirmed session's match (shown to the cashier), or null. */
  faceMatchConfidence?: (faceSessionId: string) => number | null;
  /** A member proved who they are by phone number or member QR (a new check-in): "not me" evidence against them weighs less. */
  identityConfirmed?: (memberId: string, method: 'phone' | 'qr', checkinId: string) => void;
  /** A new face check-in of the member the session confirmed: the face engine may learn from the visit. */
  faceVisitConfirmed?: (faceSessionId: string, memberId: string) => void;
  /**
   * Records a committed erasure where no backup reaches (the face vault's erasure log), so a restore
   * of an older backup erases the member again. Called after the erasure commits.
   */
  recordErasure?: (memberId: string, at: string) => void;
  /** Retention: deletes expired "not me" probes in the face store; returns how many. */
  purgeExpiredFaceRejections?: () => number;
  /**
   * The key of staff PIN lookup tags, from the key provider (0600 key file, safeStorage in the app),
   * never stored in the database. Without it (tests) a key per process is used.
   */
  pinLookupKey?: () => Buffer;
}

export interface MembershipEnv {
  db: Db;
  /**
   * The rules in force now: the HQ-published version active on the store's clock (issue 13), else the
   * store's own local version in force (issue 15), else the configured preset (or the override a test
   * passes). Read afresh on each use.
   */
  readonly rules: LoyaltyRules;
  clock: Clock;
  timeZone: string;
  device: string;
  log: Logger;
  deps: Required<MembershipDeps>;
  /** Audit rows older than this many days are deleted by the maintenance timer (config retention.auditLogDays). */
  auditLogDays: number;
  /** Per-store secret for member QR codes; created on first use, kept in meta. */
  secret(): Buffer;
  /** The PIN lookup key (outside the database; see MembershipDeps.pinLookupKey). */
  pinSecret(): Buffer;
}

const SECRET_KEY = 'membership.secret';
/** Used only when no key provider is wired (unit tests): tags made with it are re-made at the next sign-in after a restart. */
const PROCESS_PIN_KEY = randomBytes(32);

export function createMembershipEnv(
  ctx: Pick<ServiceContext, 'db' | 'config' | 'clock' | 'log'>,
  deps: MembershipDeps = {},
  rulesOverride?: LoyaltyRules,
): MembershipEnv {
  let cached: Buffer | null = null;
  const configured = rulesOverride ?? effectiveRules(ctx.config.loyalty);
  return {
    db: ctx.db,
    get rules() {
      return versionedRulesInForce(ctx.db, ctx.clock.now())?.rules ?? configured;
    },
    clock: ctx.clock,
    timeZone: ctx.config.store.timeZone,
    device: ctx.config.store.deviceName,
    auditLogDays: ctx.config.retention.auditLogDays,
    log: ctx.log.child('membership'),
    deps: {
      confirmedFaceMember: deps.confirmedFaceMember ?? (() => null),
      eraseFaceData: deps.eraseFaceData ?? (() => 0),
      countPeopleWithFaceData: deps.countPeopleWithFaceData ?? (() => 0),
      faceMatchConfidence: deps.faceMatchConfidence ?? (() => null),
      identityConfirmed: deps.identityConfirmed ?? (() => undefined),
      faceVisitConfirmed: deps.faceVisitConfirmed ?? (() => undefined),
      recordErasure: deps.recordErasure ?? (() => undefined),
      purgeExpiredFaceRejections: deps.purgeExpiredFaceRejections ?? (() => 0),
      pinLookupKey: deps.pinLookupKey ?? (() => PROCESS_PIN_KEY),
    },
    pinSecret() {
      return (deps.pinLookupKey ?? (() => PROCESS_PIN_KEY))();
    },
    secret() {
      if (cached) return cached;
      insertMetaIfAbsent(ctx.db, SECRET_KEY, randomBytes(32).toString('hex'));
      const hex = readMeta(ctx.db, SECRET_KEY);
      if (!hex) throw new Error('membership secret missing after insert');
      cached = Buffer.from(hex, 'hex');
      return cached;
    },
  };
}
