import { qualifiedTier, type LoyaltyRules } from '../../protocol/loyalty-rules.js';
import type { HqDb } from '../db/hq-db.js';
import { visitDaysSql, windowStartMonth } from '../publishing-effects/member-figures.js';
import type { RulesPreviewResponse } from './publishing-schemas.js';

/**
 * How many members would change tier under `rules`: each member's rolling 12-month spend and visit
 * days from the per-member monthly rollup (never a scan of events), decided with the same
 * `qualifiedTier` the stores use, against the tier HQ last heard for them. Members HQ knows no tier
 * of (never created or re-tiered since sync began) are left out. The window is the last 12 calendar
 * months (UTC) including the current one: a close approximation of the stores' exact rolling window.
 */
export async function previewTierChanges(db: HqDb, chainId: string, rules: LoyaltyRules, now: Date): Promise<RulesPreviewResponse> {
  const rows = await db.query<{ tier_id: string; spend: number | null; visits: number | null; members: number }>(
    `SELECT f.tier_id, s.spend, s.visits, COUNT(*) AS members
       FROM member_facts f
       LEFT JOIN (SELECT member_id, SUM(spend_fen) AS spend, SUM(${visitDaysSql('visit_day_bits')}) AS visits
                    FROM member_month_figures WHERE chain_id = $1 AND month >= $2 GROUP BY member_id) s ON s.member_id = f.member_id
      WHERE f.chain_id = $1 AND f.tier_id IS NOT NULL
      GROUP BY f.tier_id, s.spend, s.visits`,
    [chainId, windowStartMonth(now)],
  );
  const changes = new Map<string, { fromTierId: string; toTierId: string; members: number }>();
  let considered = 0;
  for (const r of rows) {
    const n = Number(r.members);
    considered += n;
    const to = qualifiedTier(rules, { spend12mFen: Number(r.spend ?? 0), visits12m: Number(r.visits ?? 0) });
    if (to === r.tier_id) continue;
    const key = `${r.tier_id}\n${to}`;
    const c = changes.get(key) ?? { fromTierId: r.tier_id, toTierId: to, members: 0 };
    c.members += n;
    changes.set(key, c);
  }
  const tierChanges = [...changes.values()].sort((a, b) => b.members - a.members || a.fromTierId.localeCompare(b.fromTierId) || a.toTierId.localeCompare(b.toTierId));
  return { valid: true, tierChanges, membersConsidered: considered };
}
