import { randomBytes } from 'node:crypto';
import { effectiveRules, type LoyaltyRules } from '../../contract/loyalty-rules.js';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { Db } from '../../db/connection.js';
import type { ServiceContext } from '../../core/service-context.js';
import { readMeta, insertMetaIfAbsent } from './meta-repository.js';

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
}

export interface MembershipEnv {
  db: Db;
  rules: LoyaltyRules;
  clock: Clock;
  timeZone: string;
  device: string;
  log: Logger;
  deps: Required<MembershipDeps>;
  /** Per-store secret for member QR codes and PIN lookup keys; created on first use, kept in meta. */
  secret(): Buffer;
}

const SECRET_KEY = 'membership.secret';

export function createMembershipEnv(
  ctx: Pick<ServiceContext, 'db' | 'config' | 'clock' | 'log'>,
  deps: MembershipDeps = {},
  rulesOverride?: LoyaltyRules,
): MembershipEnv {
  let cached: Buffer | null = null;
  return {
    db: ctx.db,
    rules: rulesOverride ?? effectiveRules(ctx.config.loyalty),
    clock: ctx.clock,
    timeZone: ctx.config.store.timeZone,
    device: ctx.config.store.deviceName,
    log: ctx.log.child('membership'),
    deps: {
      confirmedFaceMember: deps.confirmedFaceMember ?? (() => null),
      eraseFaceData: deps.eraseFaceData ?? (() => 0),
      countPeopleWithFaceData: deps.countPeopleWithFaceData ?? (() => 0),
      faceMatchConfidence: deps.faceMatchConfidence ?? (() => null),
      identityConfirmed: deps.identityConfirmed ?? (() => undefined),
      faceVisitConfirmed: deps.faceVisitConfirmed ?? (() => undefined),
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
