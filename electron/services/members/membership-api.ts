import type { ServiceContext } from '../context.js';
import { hasFaceConsent } from '../consent/consent-service.js';
import { issueMemberCode, verifyMemberCode } from './member-service.js';
import { createMembershipEnv, type MembershipDeps } from './membership-env.js';
import { runMaintenance } from './maintenance.js';

/**
 * What other domains call directly (not through the contract): the face engine asks for consent
 * before enrolment; the scanner turns a member QR code into a member id; the lead's timer runs
 * the periodic jobs.
 */
export interface MembershipApi {
  hasFaceConsent(memberId: string): boolean;
  issueMemberCode(memberId: string): { code: string; expiresAt: string };
  /** The member id of a valid code; throws AppError MEMBER_CODE_INVALID / MEMBER_CODE_EXPIRED / MEMBER_NOT_FOUND. */
  verifyMemberCode(code: string): string;
  runMaintenance(): ReturnType<typeof runMaintenance>;
}

export function createMembershipApi(ctx: Pick<ServiceContext, 'db' | 'config' | 'clock' | 'log'>, deps: MembershipDeps = {}): MembershipApi {
  const env = createMembershipEnv(ctx, deps);
  return {
    hasFaceConsent: (memberId) => hasFaceConsent(env, memberId),
    issueMemberCode: (memberId) => issueMemberCode(env, memberId),
    verifyMemberCode: (code) => verifyMemberCode(env, code),
    runMaintenance: () => runMaintenance(env),
  };
}
