/**
 * The points change an event carries, read the same way at both ends: HQ books it into the chain's
 * ledger (the member bank), the store counts what it has not synced yet. Only `points.changed`
 * moves points: it is the store's append-only ledger entry, and check-ins or purchases that award
 * or redeem points also write one (their own pointsAwarded/pointsEarned fields are informative).
 */
export function pointsDeltaOf(kind: string, payload: unknown): number {
  if (kind !== 'points.changed' || payload === null || typeof payload !== 'object') return 0;
  const delta = (payload as Record<string, unknown>)['delta'];
  return Number.isInteger(delta) ? (delta as number) : 0;
}
