import type { WireEvent } from '../../protocol/wire.js';
import { GRAINS, dayOfInstant, periodOf, type Grain } from './periods.js';

/**
 * What events contribute to the dashboard rollups, as plain data (no SQL): ingestion applies it to
 * the rollup tables (rollups.ts) and a recomputation from scratch (rollup-recompute.ts) builds the
 * same figures from the stored events, so the two can be compared.
 */

/** Chain-wide rows use this scope instead of a store id. */
export const CHAIN_SCOPE = '*';

export interface PeriodCounters {
  checkins: number;
  revenueFen: number;
  refundedFen: number;
  tickets: number;
  newMembers: number;
}

export interface ActivityDelta {
  memberId: string;
  scope: string;
  grain: Grain;
  period: string;
  activities: number;
  purchases: number;
}

/** A member's facts from these events; undefined = not changed by them. */
export interface MemberFacts {
  joinedAt?: string;
  tierId?: string;
  birthdayMonth?: number | null;
  lastVisitAt?: string;
  purchases: number;
}

export interface Contribution {
  /** Keyed by periodKey(scope, grain, period). */
  periods: Map<string, PeriodCounters & { scope: string; grain: Grain; period: string }>;
  /** Keyed by activityKey(...). */
  activity: Map<string, ActivityDelta>;
  members: Map<string, MemberFacts>;
}

export const periodKey = (scope: string, grain: Grain, period: string) => `${scope}\u0000${grain}\u0000${period}`;
export const activityKey = (memberId: string, scope: string, grain: Grain, period: string) => `${memberId}\u0000${scope}\u0000${grain}\u0000${period}`;

export function emptyContribution(): Contribution {
  return { periods: new Map(), activity: new Map(), members: new Map() };
}

function bump(c: Contribution, storeId: string, day: string, add: Partial<PeriodCounters>): void {
  for (const scope of [storeId, CHAIN_SCOPE]) {
    for (const grain of GRAINS) {
      const period = periodOf(grain, day);
      const key = periodKey(scope, grain, period);
      const row = c.periods.get(key) ?? { scope, grain, period, checkins: 0, revenueFen: 0, refundedFen: 0, tickets: 0, newMembers: 0 };
      row.checkins += add.checkins ?? 0;
      row.revenueFen += add.revenueFen ?? 0;
      row.refundedFen += add.refundedFen ?? 0;
      row.tickets += add.tickets ?? 0;
      row.newMembers += add.newMembers ?? 0;
      c.periods.set(key, row);
    }
  }
}

function active(c: Contribution, memberId: string, storeId: string, day: string, purchases: number): void {
  for (const scope of [storeId, CHAIN_SCOPE]) {
    for (const grain of GRAINS) {
      const period = periodOf(grain, day);
      const key = activityKey(memberId, scope, grain, period);
      const row = c.activity.get(key) ?? { memberId, scope, grain, period, activities: 0, purchases: 0 };
      row.activities += 1;
      row.purchases += purchases;
      c.activity.set(key, row);
    }
  }
}

function member(c: Contribution, memberId: string): MemberFacts {
  let m = c.members.get(memberId);
  if (!m) c.members.set(memberId, (m = { purchases: 0 }));
  return m;
}

const later = (a: string | undefined, b: string) => (a === undefined || Date.parse(b) > Date.parse(a) ? b : a);

/**
 * Adds one stored event (sent by `storeId`) to `c`. Events of one member must come in their
 * sequence order (tier and birthday: the last one wins).
 */
export function addEvent(c: Contribution, storeId: string, e: WireEvent): void {
  switch (e.kind) {
    case 'checkin.recorded': {
      bump(c, storeId, e.payload.localDate, { checkins: 1 });
      active(c, e.payload.memberId, storeId, e.payload.localDate, 0);
      const m = member(c, e.payload.memberId);
      m.lastVisitAt = later(m.lastVisitAt, e.payload.at);
      return;
    }
    case 'purchase.recorded': {
      bump(c, storeId, e.payload.localDate, { revenueFen: e.payload.paidFen, tickets: 1 });
      active(c, e.payload.memberId, storeId, e.payload.localDate, 1);
      const m = member(c, e.payload.memberId);
      m.lastVisitAt = later(m.lastVisitAt, e.payload.at);
      m.purchases += 1;
      return;
    }
    case 'purchase.refunded':
      bump(c, storeId, dayOfInstant(e.payload.at), { revenueFen: -e.payload.amountFen, refundedFen: e.payload.amountFen });
      return;
    case 'member.created': {
      bump(c, storeId, dayOfInstant(e.payload.at), { newMembers: 1 });
      const m = member(c, e.payload.memberId);
      m.joinedAt = e.payload.at;
      m.tierId = e.payload.tier;
      m.birthdayMonth = birthdayMonthOf(e.payload.birthday);
      return;
    }
    case 'member.updated':
      if (e.payload.changed.birthday !== undefined) member(c, e.payload.memberId).birthdayMonth = birthdayMonthOf(e.payload.changed.birthday);
      return;
    case 'tier.changed':
      member(c, e.payload.memberId).tierId = e.payload.toTier;
      return;
    default:
      return;
  }
}

function birthdayMonthOf(birthday: string | null): number | null {
  return birthday === null ? null : Number(birthday.slice(5, 7));
}
