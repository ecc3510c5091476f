import type { WireEvent } from '../../protocol/wire.js';
import type { HqDb } from '../db/hq-db.js';
import { anyOf, listParam } from '../hq-sql.js';

/**
 * What stores report back about HQ's publications (issue 13): a rules version applied or refused
 * (the console shows which store refused what, and why), and campaign coupons redeemed at the till
 * (they count against the campaign); item catalogue versions applied or refused likewise (issue 15). Runs in the ingest transaction of the events that report it.
 */
export async function recordStoreReports(t: HqDb, chainId: string, storeId: string, events: readonly WireEvent[]): Promise<void> {
  for (const e of events) {
    if (e.kind !== 'rules.applied' && e.kind !== 'rules.refused') continue;
    const message = e.kind === 'rules.refused' ? e.payload.message : null;
    // The latest report wins: a store that refused a version and applied it after an upgrade shows as applied.
    await t.query(
      `INSERT INTO rules_store_reports (chain_id, store_id, version, status, message, reported_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (chain_id, store_id, version) DO UPDATE SET status = excluded.status, message = excluded.message, reported_at = excluded.reported_at`,
      [chainId, storeId, e.payload.version, e.kind === 'rules.applied' ? 'applied' : 'refused', message, e.payload.at],
    );
  }
  for (const e of events) {
    if (e.kind !== 'catalogue.applied' && e.kind !== 'catalogue.refused') continue;
    // Item catalogue versions (issue 15): the same latest-report-wins record, in their own table.
    await t.query(
      `INSERT INTO catalogue_store_reports (chain_id, store_id, version, status, message, reported_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (chain_id, store_id, version) DO UPDATE SET status = excluded.status, message = excluded.message, reported_at = excluded.reported_at`,
      [chainId, storeId, e.payload.version, e.kind === 'catalogue.applied' ? 'applied' : 'refused', e.kind === 'catalogue.refused' ? e.payload.message : null, e.payload.at],
    );
  }
  const redeemed = new Map<string, string>();
  for (const e of events) if (e.kind === 'purchase.recorded' && e.payload.couponId !== null) redeemed.set(e.payload.couponId, e.payload.at);
  if (redeemed.size === 0) return;
  const ids = [...redeemed.keys()];
  // Only coupons HQ issued match; a store's own coupons (a manager's gift) are not HQ's to count.
  const rows = await t.query<{ coupon_id: string }>(
    `SELECT coupon_id FROM campaign_coupons WHERE chain_id = $1 AND redeemed_at IS NULL AND ${anyOf(t, 'coupon_id', 2, ids.length)}`,
    [chainId, ...listParam(t, ids)],
  );
  for (const r of rows) {
    await t.query('UPDATE campaign_coupons SET redeemed_at = $3, redeemed_store_id = $4 WHERE chain_id = $1 AND coupon_id = $2 AND redeemed_at IS NULL', [
      chainId,
      r.coupon_id,
      redeemed.get(r.coupon_id),
      storeId,
    ]);
  }
}
