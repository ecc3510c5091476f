import type { Db } from '../../db/connection.js';

/**
 * Which kiosk client created a member without staff (issue 14: the self-enrolment right belongs to
 * the kiosk session that created the member, not to any client within 15 minutes). Kept in memory
 * per store database, shared by the contract handlers and the API other domains call: a restart
 * forgets the claims, and the member then needs staff to consent and enrol, which is the safe side.
 */
const claims = new WeakMap<Db, Map<string, string>>();

export function claimJoin(db: Db, memberId: string, clientId: string): void {
  let byMember = claims.get(db);
  if (!byMember) {
    byMember = new Map();
    claims.set(db, byMember);
  }
  byMember.set(memberId, clientId);
}

export function joinedBy(db: Db, memberId: string): string | null {
  return claims.get(db)?.get(memberId) ?? null;
}
