import type { WireEvent } from '../../protocol/wire.js';
import type { HqDb } from '../db/hq-db.js';
import { bulkInsert, type Column } from '../hq-sql.js';

/**
 * Per-member figures HQ keeps up to date as events arrive (issue 13), so a rules preview or a
 * campaign's segment reads one row per member and month instead of scanning events:
 *
 * - member_month_figures: spend (paid − refunded, fen) and visit days per calendar month of the
 *   store's own local date; a visit day is a bit of `visit_day_bits`, so two visits on one day count once.
 * - member_facts: tier, home store, birthday month and last visit, for segments.
 *
 * Both are maintained with commutative upserts (sums, bitwise OR, greatest), so batches from several
 * stores may arrive in any order and concurrently without a read-modify-write race.
 */

const MONTH_COLUMNS: readonly Column[] = [['chain_id', 'text'], ['member_id', 'text'], ['month', 'text'], ['spend_fen', 'int'], ['visit_day_bits', 'int']];
const FACTS_COLUMNS: readonly Column[] = [['chain_id', 'text'], ['member_id', 'text'], ['tier_id', 'text'], ['home_store_id', 'text'], ['birth_month', 'int'], ['last_visit_at', 'timestamptz']];

interface MonthDelta {
  memberId: string;
  month: string;
  spendFen: number;
  dayBits: number;
}

interface FactsPatch {
  tierId?: string;
  homeStoreId?: string;
  birthMonth?: number | null;
  lastVisitAt?: string;
}

export async function recordMemberFigures(t: HqDb, chainId: string, storeId: string, events: readonly WireEvent[]): Promise<void> {
  const months = new Map<string, MonthDelta>();
  const facts = new Map<string, FactsPatch>();
  const addMonth = (memberId: string, localDate: string, spendFen: number, isVisit: boolean) => {
    const month = localDate.slice(0, 7);
    const key = `${memberId}\n${month}`;
    const d = months.get(key) ?? { memberId, month, spendFen: 0, dayBits: 0 };
    d.spendFen += spendFen;
    if (isVisit) d.dayBits |= 1 << (Number(localDate.slice(8, 10)) - 1);
    months.set(key, d);
  };
  const patch = (memberId: string, p: FactsPatch) => {
    const prev = facts.get(memberId) ?? {};
    const lastVisitAt = p.lastVisitAt && (!prev.lastVisitAt || p.lastVisitAt > prev.lastVisitAt) ? p.lastVisitAt : prev.lastVisitAt;
    facts.set(memberId, { ...prev, ...p, ...(lastVisitAt ? { lastVisitAt } : {}) });
  };
  for (const e of events) {
    switch (e.kind) {
      case 'checkin.recorded':
        addMonth(e.payload.memberId, e.payload.localDate, 0, true);
        patch(e.payload.memberId, { lastVisitAt: e.payload.at });
        break;
      case 'purchase.recorded':
        addMonth(e.payload.memberId, e.payload.localDate, e.payload.paidFen, true);
        patch(e.payload.memberId, { lastVisitAt: e.payload.at });
        break;
      case 'purchase.refunded':
        // The refund's own month (HQ does not keep the purchase's): a refund near a month's end may shift a month.
        addMonth(e.payload.memberId, e.payload.at.slice(0, 10), -e.payload.amountFen, false);
        break;
      case 'member.created':
        patch(e.payload.memberId, { tierId: e.payload.tier, homeStoreId: storeId, birthMonth: birthMonthOf(e.payload.birthday) });
        break;
      case 'member.updated':
        if (e.payload.changed.birthday !== undefined) patch(e.payload.memberId, { birthMonth: birthMonthOf(e.payload.changed.birthday) });
        break;
      case 'tier.changed':
        patch(e.payload.memberId, { tierId: e.payload.toTier });
        break;
      default:
        break;
    }
  }
  await bulkInsert(
    t,
    'member_month_figures',
    MONTH_COLUMNS,
    [...months.values()].map((d) => [chainId, d.memberId, d.month, d.spendFen, d.dayBits]),
    `ON CONFLICT (chain_id, member_id, month) DO UPDATE SET spend_fen = member_month_figures.spend_fen + excluded.spend_fen,
       visit_day_bits = member_month_figures.visit_day_bits | excluded.visit_day_bits`,
  );
  // One statement per kind of patch (birthday said or not), not one per member: this runs in every ingest batch.
  // COALESCE keeps what this batch does not say; the home store is the first one HQ heard of (member_homes decides ownership).
  for (const saysBirthday of [true, false]) {
    const rows = [...facts].filter(([, p]) => (p.birthMonth !== undefined) === saysBirthday);
    await bulkInsert(
      t,
      'member_facts',
      FACTS_COLUMNS,
      rows.map(([memberId, p]) => [chainId, memberId, p.tierId ?? null, p.homeStoreId ?? null, p.birthMonth ?? null, p.lastVisitAt ?? null]),
      `ON CONFLICT (chain_id, member_id) DO UPDATE SET
         tier_id = COALESCE(excluded.tier_id, member_facts.tier_id),
         home_store_id = COALESCE(member_facts.home_store_id, excluded.home_store_id),
         birth_month = ${saysBirthday ? 'excluded.birth_month' : 'member_facts.birth_month'},
         last_visit_at = CASE WHEN member_facts.last_visit_at IS NULL OR excluded.last_visit_at > member_facts.last_visit_at THEN excluded.last_visit_at ELSE member_facts.last_visit_at END`,
    );
  }
}

function birthMonthOf(day: string | null | undefined): number | null {
  return day ? Number(day.slice(5, 7)) : null;
}

/** An erased member leaves no figures behind at HQ. */
export async function eraseMemberFigures(t: HqDb, chainId: string, memberId: string): Promise<void> {
  await t.query('DELETE FROM member_month_figures WHERE chain_id = $1 AND member_id = $2', [chainId, memberId]);
  await t.query('DELETE FROM member_facts WHERE chain_id = $1 AND member_id = $2', [chainId, memberId]);
  await t.query('DELETE FROM campaign_coupons WHERE chain_id = $1 AND member_id = $2', [chainId, memberId]);
}

/** Number of set bits of a month's visit-day mask, as SQL both engines run (no popcount in SQLite). */
export function visitDaysSql(column: string): string {
  return Array.from({ length: 31 }, (_, i) => `((${column} >> ${i}) & 1)`).join(' + ');
}

/** The first month of the rolling 12-month window ending in `now`'s month (UTC calendar), as 'YYYY-MM'. */
export function windowStartMonth(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1));
  return d.toISOString().slice(0, 7);
}
