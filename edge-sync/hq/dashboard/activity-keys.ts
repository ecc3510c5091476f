import type { HqDb } from '../db/hq-db.js';
import { placeholders } from '../hq-sql.js';
import { activityKey } from './rollup-facts.js';
import type { Grain } from './periods.js';

export interface ActivityKeyRef {
  memberId: string;
  scope: string;
  grain: Grain;
  period: string;
}

/** Which of these (member, scope, period) activity rows exist; answers activityKey strings. */
export async function existingActivityKeys(t: HqDb, chainId: string, keys: readonly ActivityKeyRef[]): Promise<Set<string>> {
  const found = new Set<string>();
  if (keys.length === 0) return found;
  const add = (rows: Array<{ member_id: string; scope: string; grain: string; period: string }>) => {
    for (const r of rows) found.add(activityKey(r.member_id, r.scope, r.grain as Grain, r.period));
  };
  if (t.dialect === 'postgres') {
    add(
      await t.query(
        `SELECT a.member_id, a.scope, a.grain, a.period FROM member_period_activity a
         JOIN unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS k(member_id, scope, grain, period)
           ON a.member_id = k.member_id AND a.scope = k.scope AND a.grain = k.grain AND a.period = k.period
         WHERE a.chain_id = $1`,
        [chainId, keys.map((k) => k.memberId), keys.map((k) => k.scope), keys.map((k) => k.grain), keys.map((k) => k.period)],
      ),
    );
    return found;
  }
  for (let i = 0; i < keys.length; i += 200) {
    const part = keys.slice(i, i + 200);
    const params: unknown[] = [chainId];
    const values = part.map((k) => {
      params.push(k.memberId, k.scope, k.grain, k.period);
      return `(${placeholders(4, params.length - 3)})`;
    });
    add(
      await t.query(
        `SELECT member_id, scope, grain, period FROM member_period_activity WHERE chain_id = $1 AND (member_id, scope, grain, period) IN (VALUES ${values.join(', ')})`,
        params,
      ),
    );
  }
  return found;
}
