import type { LoyaltyRules } from '../../protocol/loyalty-rules.js';
import { recordHqAudit } from '../audit/hq-audit.js';
import type { HqDb } from '../db/hq-db.js';
import { appendChange } from '../hq-downlink.js';
import { parseJson } from '../hq-sql.js';
import type { RulesListResponse, RulesVersionView } from './publishing-schemas.js';

/**
 * Loyalty rules versions of a chain (issue 13). Publishing numbers the version (1, 2, … per chain),
 * stores the whole rules document, queues a `rules_version` change for every store and audits it,
 * all in one transaction. Stores activate a version at its startsAt on their own clock and report
 * back (`rules.applied` / `rules.refused`, recorded by publishing-effects/store-reports.ts).
 */
export async function publishRulesVersion(
  db: HqDb,
  input: { chainId: string; rules: LoyaltyRules; startsAt: Date; staffId: string; now: Date },
): Promise<number> {
  return db.tx(async (t) => {
    // One numbering per chain: concurrent publishes wait for each other (SQLite transactions are serial already).
    if (t.dialect === 'postgres') await t.query("SELECT pg_advisory_xact_lock(hashtext('rules_versions:' || $1))", [input.chainId]);
    const rows = await t.query<{ v: number | null }>('SELECT MAX(version) AS v FROM rules_versions WHERE chain_id = $1', [input.chainId]);
    const version = Number(rows[0]?.v ?? 0) + 1;
    const startsAt = input.startsAt.toISOString();
    const publishedAt = input.now.toISOString();
    await t.query(
      'INSERT INTO rules_versions (chain_id, version, starts_at, published_at, published_by, rules) VALUES ($1, $2, $3, $4, $5, $6)',
      [input.chainId, version, startsAt, publishedAt, input.staffId, JSON.stringify(input.rules)],
    );
    await appendChange(t, input.chainId, 'rules_version', String(version), { version, startsAt, publishedAt, rules: input.rules }, input.now);
    await recordHqAudit(
      t,
      { chainId: input.chainId, staffId: input.staffId, action: 'rules.published', subjectType: 'rules', subjectId: String(version), detail: { version, startsAt, tiers: input.rules.tiers.length } },
      input.now,
    );
    return version;
  });
}

/** The chain's versions: the one active now (the highest started), those still to start, and the older ones. */
export async function listRulesVersions(db: HqDb, chainId: string, now: Date): Promise<RulesListResponse> {
  // Who published and which store refused, by name: joins on hq_staff and stores within the chain.
  const rows = await db.query<{ version: number; starts_at: string; published_at: string; published_by: string; published_by_name: string | null; rules: unknown }>(
    `SELECT v.version, v.starts_at, v.published_at, v.published_by, st.display_name AS published_by_name, v.rules
     FROM rules_versions v LEFT JOIN hq_staff st ON st.chain_id = v.chain_id AND st.staff_id = v.published_by
     WHERE v.chain_id = $1 ORDER BY v.version DESC`,
    [chainId],
  );
  const reports = await db.query<{ version: number; store_id: string; store_name: string | null; status: string; message: string | null }>(
    `SELECT r.version, r.store_id, s.name AS store_name, r.status, r.message FROM rules_store_reports r LEFT JOIN stores s ON s.chain_id = r.chain_id AND s.store_id = r.store_id
     WHERE r.chain_id = $1 ORDER BY r.store_id`,
    [chainId],
  );
  const views: RulesVersionView[] = rows.map((r) => {
    const mine = reports.filter((x) => Number(x.version) === Number(r.version));
    return {
      version: Number(r.version),
      startsAt: new Date(r.starts_at).toISOString(),
      publishedAt: new Date(r.published_at).toISOString(),
      publishedBy: r.published_by,
      publishedByName: r.published_by_name,
      rules: parseJson(r.rules) as LoyaltyRules,
      storesApplied: mine.filter((x) => x.status === 'applied').length,
      storesRefused: mine.filter((x) => x.status === 'refused').map((x) => ({ storeId: x.store_id, storeName: x.store_name, message: x.message ?? '' })),
    };
  });
  const nowMs = now.getTime();
  const active = views.find((v) => Date.parse(v.startsAt) <= nowMs) ?? null;
  return {
    active,
    scheduled: views.filter((v) => Date.parse(v.startsAt) > nowMs).reverse(),
    history: views.filter((v) => Date.parse(v.startsAt) <= nowMs && v !== active),
  };
}

/** The rules in force now for the chain at HQ (segments use its churn period), or null before the first version. */
export async function activeRulesAt(db: HqDb, chainId: string, now: Date): Promise<LoyaltyRules | null> {
  const rows = await db.query<{ rules: unknown }>(
    'SELECT rules FROM rules_versions WHERE chain_id = $1 AND starts_at <= $2 ORDER BY version DESC LIMIT 1',
    [chainId, now.toISOString()],
  );
  return rows[0] ? (parseJson(rows[0].rules) as LoyaltyRules) : null;
}
