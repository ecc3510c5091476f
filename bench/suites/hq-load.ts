import type { HqDb } from '../../edge-sync/hq/db/hq-db.js';

/**
 * Bulk load of a chain at scale for `npm run bench -- hq`, in SQL (generate_series, one statement
 * per table) so 20M events load in minutes. The events are there to prove the dashboards never
 * touch them; the rollup rows have the shape and count ingestion produces for this history (one
 * row per scope, grain and period; one member row per member; one tier row per store and tier),
 * with figures drawn from the same formulas. That ingestion builds them right is checked on a
 * sample through the real ingest path (hq.bench.ts), not on these rows.
 */
export interface LoadSize {
  stores: number;
  members: number;
  events: number;
  days: number;
  lastDay: string;
}

export async function loadChain(db: HqDb, chainId: string, s: LoadSize, log: (m: string) => void): Promise<void> {
  const step = async (name: string, sql: string, params: unknown[] = []) => {
    const t = Date.now();
    await db.query(sql, params);
    log(`  ${name} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  };
  const first = `(DATE '${s.lastDay}' - ${s.days - 1})`;
  await step('chain', 'INSERT INTO chains VALUES ($1, $1, now())', [chainId]);
  await step('stores', `INSERT INTO stores SELECT 's' || lpad(i::text, 4, '0'), $1, '门店' || i, now() FROM generate_series(0, ${s.stores - 1}) i`, [chainId]);
  await step(
    'devices and their status',
    `WITH d AS (INSERT INTO devices (device_id, store_id, chain_id, device_name, secret, created_at, last_seen_at)
       SELECT 'dev' || i, 's' || lpad((i % ${s.stores})::text, 4, '0'), $1, 'till ' || i, md5(i::text), now(), now() FROM generate_series(0, ${s.stores * 2 - 1}) i RETURNING device_id, store_id)
     INSERT INTO device_status (device_id, chain_id, store_id, reported_at, app_version, model_version, pending_events, parked_events, oldest_pending_seconds, face_data_people, rules_version)
       SELECT device_id, $1, store_id, now(), '1.' || (hashtext(device_id) & 3), 'arcface@2', hashtext(device_id) & 15, 0, hashtext(device_id) & 63, 50 + (hashtext(store_id) & 127), 7 FROM d`,
    [chainId],
  );
  await step(
    `${s.members.toLocaleString()} members (rollup, balances)`,
    `WITH m AS (SELECT i, 'm' || i AS member_id, 's' || lpad((i % ${s.stores})::text, 4, '0') AS home, (ARRAY['basic','silver','gold','platinum','diamond'])[1 + (i % 100 > 60)::int + (i % 100 > 85)::int + (i % 100 > 95)::int + (i % 100 > 98)::int] AS tier
       FROM generate_series(0, ${s.members - 1}) i),
     b AS (INSERT INTO member_balances SELECT $1, member_id, (i::bigint * 7919) % 5000 FROM m)
     INSERT INTO member_rollup SELECT $1, member_id, home, tier, ${first}::timestamptz + ((i % ${s.days}) || ' days')::interval,
       DATE '${s.lastDay}' - (i % 400) + interval '3 hours', i % 9, 1 + i % 12 FROM m`,
    [chainId],
  );
  await step(
    'tier distribution',
    `INSERT INTO rollup_tiers SELECT $1, scope, tier_id, count(*), sum(b.balance) FROM member_rollup r JOIN member_balances b USING (chain_id, member_id),
       LATERAL (VALUES (r.home_store_id), ('*')) AS s(scope) WHERE r.chain_id = $1 GROUP BY scope, tier_id`,
    [chainId],
  );
  await step(
    `${s.events.toLocaleString()} events`,
    `INSERT INTO events (event_id, chain_id, store_id, device_id, origin_id, kind, member_id, member_seq, schema_version, payload, occurred_at, received_at, content_hash)
     SELECT 'e' || i, $1, 's' || lpad((i % ${s.stores})::text, 4, '0'), 'dev' || (i % ${s.stores}), 'org' || (i % ${s.stores}), CASE WHEN i % 3 = 0 THEN 'purchase.recorded' ELSE 'checkin.recorded' END,
       'm' || (i % ${s.members}), 1 + i / ${s.members}, 1, jsonb_build_object('memberId', 'm' || (i % ${s.members}), 'localDate', ${first} + (i % ${s.days})),
       ${first}::timestamptz + ((i % ${s.days}) || ' days')::interval, now(), NULL FROM generate_series(0, ${s.events - 1}) i`,
    [chainId],
  );
  // One row per scope (each store and '*') and period, as ingestion leaves them.
  for (const [grain, trunc, span] of [['day', 'day', 1], ['week', 'week', 7], ['month', 'month', 30]] as const) {
    await step(
      `rollup_periods (${grain})`,
      `INSERT INTO rollup_periods SELECT $1, scope, '${grain}', to_char(p, 'YYYY-MM-DD'), c * ${span}, c::bigint * ${span} * 30000, c::bigint * ${span} * 300, c * ${span} / 3, c * ${span} / 20, c * ${span} / 2, c * ${span} / 3, c * ${span} / 12, c * ${span} / 4
       FROM (SELECT DISTINCT date_trunc('${trunc}', d)::date AS p FROM generate_series(${first}::timestamp, DATE '${s.lastDay}'::timestamp, interval '1 day') d) periods,
       LATERAL (SELECT 's' || lpad(i::text, 4, '0') AS scope, 40 + (i % 30) AS c FROM generate_series(0, ${s.stores - 1}) i UNION ALL SELECT '*', ${s.stores} * 50) sc`,
      [chainId],
    );
  }
  await step('analyze', 'ANALYZE');
}
