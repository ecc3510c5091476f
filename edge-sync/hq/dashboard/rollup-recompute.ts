import type { WireEvent } from '../../protocol/wire.js';
import type { HqDb } from '../db/hq-db.js';
import { pointsDeltaOf } from '../event-effects.js';
import { parseJson } from '../hq-sql.js';
import { previousPeriod } from './periods.js';
import { CHAIN_SCOPE, activityKey, addEvent, emptyContribution, periodKey } from './rollup-facts.js';

/**
 * The dashboard rollups computed from scratch over a chain's stored events (in memory), and the
 * rollups ingestion maintained, in one comparable shape. Tests and the HQ bench compare the two:
 * a difference means ingestion's incremental upkeep went wrong somewhere. For a chain's worth of
 * events only (it reads them all); the optional member filter checks a sample of a big chain.
 */
export interface RollupSnapshot {
  /** periodKey → the row's counters in column order. */
  periods: Map<string, number[]>;
  /** `${scope}\0${tier}` → [members, points]. */
  tiers: Map<string, [number, number]>;
  /** memberId → [home, tier, joinedAt, lastVisitAt, purchaseCount, birthdayMonth]. */
  members: Map<string, Array<string | number | null>>;
}

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(String(v)).toISOString());

export async function recomputeRollups(db: HqDb, chainId: string): Promise<RollupSnapshot> {
  const events = await db.query<{ store_id: string; kind: string; member_id: string | null; payload: unknown }>(
    'SELECT store_id, kind, member_id, payload FROM events WHERE chain_id = $1 ORDER BY hq_seq',
    [chainId],
  );
  const homes = new Map((await db.query<{ member_id: string; home_store_id: string }>('SELECT member_id, home_store_id FROM member_homes WHERE chain_id = $1', [chainId])).map((r) => [r.member_id, r.home_store_id]));
  const balances = new Map((await db.query<{ member_id: string; balance: number }>('SELECT member_id, balance FROM member_balances WHERE chain_id = $1', [chainId])).map((r) => [r.member_id, Number(r.balance)]));
  const c = emptyContribution();
  const firstStore = new Map<string, string>();
  const withPoints = new Set<string>();
  for (const e of events) {
    const event = { kind: e.kind, memberId: e.member_id, payload: parseJson(e.payload) } as WireEvent;
    addEvent(c, e.store_id, event);
    if (e.member_id !== null && !firstStore.has(e.member_id)) firstStore.set(e.member_id, e.store_id);
    if (e.member_id !== null && pointsDeltaOf(event) !== 0) withPoints.add(e.member_id);
  }
  const periods = new Map<string, number[]>();
  for (const [key, p] of c.periods) periods.set(key, [p.checkins, p.revenueFen, p.refundedFen, p.tickets, p.newMembers, 0, 0, 0, 0]);
  for (const a of c.activity.values()) {
    const key = periodKey(a.scope, a.grain, a.period);
    const row = periods.get(key) ?? [0, 0, 0, 0, 0, 0, 0, 0, 0];
    row[5]! += 1;
    if (a.purchases > 0) row[6]! += 1;
    if (a.purchases >= 2) row[7]! += 1;
    if (c.activity.has(activityKey(a.memberId, a.scope, a.grain, previousPeriod(a.grain, a.period)))) row[8]! += 1;
    periods.set(key, row);
  }
  const members = new Map<string, Array<string | number | null>>();
  const tiers = new Map<string, [number, number]>();
  for (const m of new Set([...c.members.keys(), ...withPoints])) {
    const f = c.members.get(m) ?? { purchases: 0 };
    const home = homes.get(m) ?? firstStore.get(m) ?? '';
    const tier = f.tierId ?? '';
    members.set(m, [home, tier, iso(f.joinedAt), iso(f.lastVisitAt), f.purchases, f.birthdayMonth ?? null]);
    for (const scope of [home, CHAIN_SCOPE]) {
      const key = `${scope}\u0000${tier}`;
      const row = tiers.get(key) ?? [0, 0];
      tiers.set(key, [row[0] + 1, row[1] + (balances.get(m) ?? 0)]);
    }
  }
  return { periods: dropZeros(periods), tiers: dropZeros(tiers), members };
}

export async function readStoredRollups(db: HqDb, chainId: string): Promise<RollupSnapshot> {
  const periods = new Map<string, number[]>();
  for (const r of await db.query('SELECT * FROM rollup_periods WHERE chain_id = $1', [chainId])) {
    periods.set(periodKey(String(r['scope']), r['grain'] as 'day', String(r['period'])), ['checkins', 'revenue_fen', 'refunded_fen', 'tickets', 'new_members', 'active_members', 'purchasers', 'repeat_purchasers', 'retained_members'].map((c) => Number(r[c])));
  }
  const tiers = new Map<string, [number, number]>();
  for (const r of await db.query('SELECT scope, tier_id, members, points FROM rollup_tiers WHERE chain_id = $1', [chainId])) {
    tiers.set(`${String(r['scope'])}\u0000${String(r['tier_id'])}`, [Number(r['members']), Number(r['points'])]);
  }
  const members = new Map<string, Array<string | number | null>>();
  for (const r of await db.query('SELECT * FROM member_rollup WHERE chain_id = $1', [chainId])) {
    members.set(String(r['member_id']), [String(r['home_store_id']), String(r['tier_id']), iso(r['joined_at']), iso(r['last_visit_at']), Number(r['purchase_count']), r['birthday_month'] === null ? null : Number(r['birthday_month'])]);
  }
  return { periods: dropZeros(periods), tiers: dropZeros(tiers), members };
}

function dropZeros<V extends number[]>(m: Map<string, V>): Map<string, V> {
  return new Map([...m].filter(([, v]) => v.some((x) => x !== 0)));
}

/** Human-readable differences (at most `max`), empty when the two agree. */
export function diffRollups(expected: RollupSnapshot, actual: RollupSnapshot, max = 20): string[] {
  const out: string[] = [];
  for (const name of ['periods', 'tiers', 'members'] as const) {
    const e = expected[name] as Map<string, unknown>;
    const a = actual[name] as Map<string, unknown>;
    for (const key of new Set([...e.keys(), ...a.keys()])) {
      const ev = JSON.stringify(e.get(key) ?? null);
      const av = JSON.stringify(a.get(key) ?? null);
      if (ev !== av && out.length < max) out.push(`${name} ${key.replace(/\u0000/g, '|')}: expected ${ev}, rollup has ${av}`);
    }
  }
  return out;
}
