import type { HqDb } from './db/hq-db.js';

/**
 * The visits HQ counts: its stored checkin.recorded events, less the check-ins that the store which
 * recorded them voided (checkin.voided, kept in voided_checkins). Rollups and dashboards count
 * visits through this rule so a wrongly awarded check-in stops counting chain-wide too.
 */
export async function visitsCounted(db: HqDb, chainId: string, filter: { memberId?: string; storeId?: string } = {}): Promise<number> {
  const checkinIdOf = db.dialect === 'postgres' ? "e.payload->>'checkinId'" : "json_extract(e.payload, '$.checkinId')";
  const params: unknown[] = [chainId];
  const where = ["e.chain_id = $1", "e.kind = 'checkin.recorded'"];
  if (filter.memberId) where.push(`e.member_id = $${params.push(filter.memberId)}`);
  if (filter.storeId) where.push(`e.store_id = $${params.push(filter.storeId)}`);
  const rows = await db.query<{ n: number }>(
    `SELECT count(*) AS n FROM events e WHERE ${where.join(' AND ')}
       AND NOT EXISTS (SELECT 1 FROM voided_checkins v WHERE v.chain_id = e.chain_id AND v.store_id = e.store_id AND v.checkin_id = ${checkinIdOf})`,
    params,
  );
  return Number(rows[0]?.n ?? 0);
}
