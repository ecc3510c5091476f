import type { WireEvent } from '../../edge-sync/protocol/wire.js';

/**
 * A seeded, realistic mix of one store's events for HQ tests and the HQ bench: members join at
 * their home store, check in and buy at home and at the chain's other stores, get refunds, change
 * tier, earn and redeem points, over several weeks that cross week and month boundaries. Each
 * store's stream keeps every member's sequence, as a store database does.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface MixOptions {
  stores: string[];
  membersPerStore: number;
  eventsPerStore: number;
  /** First local day of the mix (YYYY-MM-DD), and how many days it spans. */
  firstDay: string;
  days: number;
  seed: number;
  /** Prefix of member ids (keeps chains apart). */
  prefix: string;
}

const TIERS = ['basic', 'silver', 'gold'];

/** Per store, its events in the order its database wrote them. */
export function eventMix(o: MixOptions): Map<string, WireEvent[]> {
  const rnd = seededRandom(o.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const out = new Map<string, WireEvent[]>(o.stores.map((s) => [s, []]));
  const seq = new Map<string, number>();
  const balance = new Map<string, number>();
  const purchases = new Map<string, Array<{ id: string; paid: number; refunded: boolean }>>();
  let n = 0;
  const push = (store: string, memberId: string, kind: WireEvent['kind'], payload: unknown, at: string) => {
    // Per-member sequences are per origin (store database).
    const k = `${store}|${memberId}`;
    const s = (seq.get(k) ?? 0) + 1;
    seq.set(k, s);
    out.get(store)!.push({ eventId: `${o.prefix}-e${n++}`, kind, memberId, memberSeq: s, schemaVersion: 1, occurredAt: at, payload } as WireEvent);
  };
  const dayMs = Date.parse(`${o.firstDay}T00:00:00.000Z`);
  const when = () => {
    const d = Math.floor(rnd() * o.days);
    const day = new Date(dayMs + d * 86_400_000).toISOString().slice(0, 10);
    // Local 10:00–21:59 in UTC+8.
    const at = new Date(dayMs + d * 86_400_000 + (2 + Math.floor(rnd() * 12)) * 3_600_000 + Math.floor(rnd() * 3_600_000)).toISOString();
    return { day, at };
  };
  const members: Array<{ id: string; home: string }> = [];
  for (const store of o.stores) {
    for (let i = 0; i < o.membersPerStore; i++) {
      const id = `${o.prefix}-${store}-m${i}`;
      members.push({ id, home: store });
      const { at } = when();
      const birthday = rnd() < 0.7 ? `19${70 + Math.floor(rnd() * 29)}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-15` : null;
      push(store, id, 'member.created', { memberId: id, memberCode: `MC${n}`, name: `会员${i}`, phone: `138${String(10_000_000 + n).slice(-8)}`, birthday, tier: 'basic', referredBy: null, at }, at);
    }
  }
  for (const store of o.stores) {
    for (let i = 0; i < o.eventsPerStore; i++) {
      // Mostly the store's own members, sometimes a visitor from another store.
      const own = members.filter((m) => m.home === store);
      const m = rnd() < 0.8 && own.length > 0 ? pick(own) : pick(members);
      const isHome = m.home === store;
      const { day, at } = when();
      const r = rnd();
      if (r < 0.45) {
        push(store, m.id, 'checkin.recorded', { checkinId: `c${n}`, memberId: m.id, method: pick(['face', 'qr', 'phone'] as const), at, localDate: day, streakDays: 1, pointsAwarded: 10 }, at);
      } else if (r < 0.75) {
        const paid = 1000 + Math.floor(rnd() * 200_000);
        const id = `p${n}`;
        push(store, m.id, 'purchase.recorded', { purchaseId: id, memberId: m.id, at, localDate: day, totalFen: paid, discountFen: 0, couponId: null, couponFen: 0, pointsRedeemed: 0, redeemedFen: 0, paidFen: paid, pointsEarned: Math.floor(paid / 100), items: [{ sku: 'L1', name: '镜片', qty: 1, unitPriceFen: paid }] }, at);
        const list = purchases.get(`${store}|${m.id}`) ?? [];
        list.push({ id, paid, refunded: false });
        purchases.set(`${store}|${m.id}`, list);
        const earn = Math.floor(paid / 100);
        balance.set(m.id, (balance.get(m.id) ?? 0) + earn);
        push(store, m.id, 'points.changed', { entryId: n + 1, memberId: m.id, delta: Math.min(earn, 5000), kind: 'earn', balanceAfter: balance.get(m.id)!, ref: id, reason: null, at }, at);
      } else if (r < 0.82) {
        const open = (purchases.get(`${store}|${m.id}`) ?? []).find((p) => !p.refunded);
        if (!open) continue;
        open.refunded = true;
        const amount = rnd() < 0.5 ? open.paid : Math.floor(open.paid / 2);
        push(store, m.id, 'purchase.refunded', { refundId: `r${n}`, purchaseId: open.id, memberId: m.id, amountFen: amount, pointsReversed: 0, pointsRestored: 0, reason: '退货', at }, at);
      } else if (r < 0.88 && isHome) {
        push(store, m.id, 'tier.changed', { memberId: m.id, fromTier: null, toTier: pick(TIERS), reason: 'spend', at }, at);
      } else if (r < 0.92 && isHome) {
        push(store, m.id, 'member.updated', { memberId: m.id, changed: { birthday: `1990-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-01` }, at }, at);
      } else {
        push(store, m.id, 'checkin.recorded', { checkinId: `c${n}`, memberId: m.id, method: 'staff', at, localDate: day, streakDays: 2, pointsAwarded: 0 }, at);
      }
    }
  }
  return out;
}
