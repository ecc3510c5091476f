import { fixedClock } from '../../core/clock.js';
import type { ServiceContext } from '../../core/service-context.js';
import { checkinByPhone } from '../checkin/checkin-service.js';
import { grantConsent } from '../consent/consent-service.js';
import { issueCoupon } from '../loyalty/points-service.js';
import { localParts } from '../membership-kernel/local-time.js';
import { createMember } from '../members/member-service.js';
import { createMembershipEnv } from '../membership-kernel/membership-env.js';
import { insertMetaIfAbsent, readMeta } from '../membership-kernel/meta-repository.js';
import { recordPurchase } from '../purchases/purchase-service.js';
import { createStaff, staffList } from '../staff/staff-service.js';

/**
 * The demo store's people: a manager (PIN 1234) and a cashier (PIN 0000), and members whose
 * histories show every feature — a regular with a Wednesday iced-americano habit, a member in
 * their birthday month, one at risk of churning, one on a check-in streak, one with allergies, and
 * two members sharing the last four phone digits. Everything goes through the real services (so
 * the ledger, rollups and outbox are consistent) under a clock that walks through the past months.
 * Idempotent: a marker in meta, and deterministic operation ids underneath.
 */
const MARKER = 'demo_membership_seeded_at';
const DAY = 86_400_000;

const MENU = [
  { sku: 'ICED-AMERICANO', name: '冰美式', fen: 2_200 },
  { sku: 'LATTE', name: '拿铁', fen: 2_800 },
  { sku: 'CAPPUCCINO', name: '卡布奇诺', fen: 2_800 },
  { sku: 'MATCHA-LATTE', name: '抹茶拿铁', fen: 3_200 },
  { sku: 'CROISSANT', name: '可颂', fen: 1_600 },
  { sku: 'CHEESECAKE', name: '芝士蛋糕', fen: 3_800 },
  { sku: 'LEMON-TEA', name: '柠檬茶', fen: 1_800 },
] as const;

export function seedMembershipDemo(ctx: Pick<ServiceContext, 'db' | 'config' | 'clock' | 'log'>, deps: { pinLookupKey?: () => Buffer } = {}): void {
  if (readMeta(ctx.db, MARKER) !== null) return;
  const now = ctx.clock.now();
  const clock = fixedClock(now);
  const env = createMembershipEnv({ ...ctx, clock }, deps);
  const tz = ctx.config.store.timeZone;
  // An instant `daysAgo` days before today at a local hour (the offset is taken from the store's zone today).
  const offsetH = localParts(now, tz).hour - now.getUTCHours();
  const at = (daysAgo: number, hour: number, minute = 0) => {
    const d = new Date(now.getTime() - daysAgo * DAY);
    d.setUTCHours(hour - offsetH, minute, 0, 0);
    return d;
  };
  const month = localParts(now, tz).month;
  // Birthdays follow the store's "today" so the demo greets the same way every day of the year: 李娜's
  // birthday is this month; everyone else's is 2–10 months away, never this month nor a neighbouring
  // one, so a greeting checked just after midnight on the 1st (seeded just before) cannot turn
  // into a birthday greeting. The day is clamped to the month of that birth year (30 Feb → 28/29).
  const birthday = (year: number, monthsAway: number, day: number) => {
    const m = ((month - 1 + monthsAway) % 12) + 1;
    const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate();
    return `${year}-${String(m).padStart(2, '0')}-${String(Math.min(day, lastDay)).padStart(2, '0')}`;
  };
  let seq = 0;
  const op = (what: string) => `demo:${what}:${++seq}`;

  ctx.db.transaction(() => {
    if (staffList(env).length === 0) {
      createStaff(env, { name: '李静（店长）', role: 'manager', pin: '1234' }, null);
      createStaff(env, { name: '小周（收银）', role: 'cashier', pin: '0000' }, null);
    }
    clock.set(at(200, 9));
    const join = (name: string, phone: string, extra: { birthday?: string; allergies?: string; notes?: string; tags?: string[] } = {}) =>
      createMember(env, { opId: `demo:join:${phone}`, name, phone, ...extra }, null).memberId;
    const wang = join('王芳', '13800138001', { birthday: birthday(1990, 3, 8), notes: '常点冰美式，少冰', tags: ['常客'] });
    const li = join('李娜', '13800138002', { birthday: birthday(1992, 0, 15), tags: ['生日月'] });
    const zhang = join('张伟', '13800138003', { birthday: birthday(1985, 5, 21), notes: '公司团购联系人' });
    const liu = join('刘洋', '13800138004', { birthday: birthday(1998, 6, 2) });
    const chen = join('陈静', '13800138005', { birthday: birthday(1994, 8, 30), allergies: '花生、坚果', notes: '需要无糖' });
    const zhao = join('赵敏', '13900138001', { birthday: birthday(2001, 10, 14) }); // shares "8001" with 王芳

    const buy = (memberId: string, when: Date, lines: Array<[number, number]>) => {
      clock.set(when);
      recordPurchase(env, { opId: op('sale'), memberId, items: lines.map(([i, qty]) => ({ sku: MENU[i]!.sku, name: MENU[i]!.name, qty, unitPriceFen: MENU[i]!.fen })) }, null);
    };
    const checkin = (phone: string, when: Date) => {
      clock.set(when);
      checkinByPhone(env, { opId: op('checkin'), phone });
    };

    // 王芳: every Wednesday morning an iced americano (a few weeks skipped), plus some other visits.
    for (let d = 180; d >= 1; d--) {
      const when = at(d, 8, 40);
      if (localParts(when, tz).weekday === 3 && d % 5 !== 0) {
        checkin('13800138001', when);
        buy(wang, new Date(when.getTime() + 5 * 60_000), [[0, 1]]);
      } else if (d % 11 === 0) {
        buy(wang, at(d, 15, 10), [[1, 1], [4, 1]]);
      }
    }
    grantConsent(env, { opId: 'demo:consent:wang', memberId: wang, kind: 'face', textVersion: 'face-consent-v1' }, null);
    // 李娜: regular, birthday this month (greeting and bonus on her first visit), so her visits all
    // end before the 1st of this month, whatever day it is.
    const dayOfMonth = localParts(now, tz).day;
    for (let d = dayOfMonth + 150; d > dayOfMonth; d -= 9) buy(li, at(d, 12, 20), [[3, 1], [5, 1]]);
    // 张伟: a valuable customer who stopped coming four months ago (at-risk list, top customer).
    for (let d = 200; d >= 120; d -= 8) buy(zhang, at(d, 18, 30), [[1, 6], [5, 4], [4, 6]]);
    // 刘洋: new, checking in on a streak (yesterday and the two days before).
    for (const d of [3, 2, 1]) checkin('13800138004', at(d, 19, 5));
    buy(liu, at(1, 19, 10), [[6, 1]]);
    // 陈静: allergies on the card; an occasional afternoon visitor with a coupon waiting.
    for (let d = 150; d >= 10; d -= 21) buy(chen, at(d, 14, 30), [[2, 1]]);
    clock.set(at(5, 10));
    issueCoupon(env, { opId: 'demo:coupon:chen', memberId: chen, title: '满30减5', amountOffFen: 500, minSpendFen: 3_000, validDays: 30, source: 'demo' }, null);
    // 赵敏: one visit long ago.
    buy(zhao, at(100, 11, 0), [[6, 2]]);

    clock.set(now);
    insertMetaIfAbsent(ctx.db, MARKER, now.toISOString());
  })();
}
