/**
 * The demo store and the date rules (birthday month, streaks, churn, tiers, habits, dashboards) on
 * the awkward days of tests/support/calendar-days.ts, through an injected clock: what a member sees
 * must not depend on the day the suite runs. scripts/check-calendar-days.sh repeats the
 * date-sensitive suites with the whole process's clock moved by faketime.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../electron/core/logger.js';
import { checkinByPhone } from '../../electron/services/checkin/checkin-service.js';
import { atRiskList } from '../../electron/services/churn/churn-service.js';
import { dashboard } from '../../electron/services/dashboard/dashboard-service.js';
import { seedMembershipDemo } from '../../electron/services/demo/seed-membership-demo.js';
import { memberHabits } from '../../electron/services/habits/habit-service.js';
import { reevaluateAllTiers, tierFacts } from '../../electron/services/loyalty/tier-service.js';
import { addDays, localParts } from '../../electron/services/membership-kernel/local-time.js';
import { CALENDAR_DAYS } from '../support/calendar-days.js';
import { membershipFixture, type MembershipFixture } from './membership-fixture.js';

const DAY = 86_400_000;
const PHONES = { wang: '13800138001', li: '13800138002', zhang: '13800138003', liu: '13800138004', chen: '13800138005', zhao: '13900138001' } as const;

let f: MembershipFixture | null = null;
afterEach(() => {
  f?.close();
  f = null;
});

function seededStore(at: string): MembershipFixture {
  const fixture = membershipFixture({ start: at });
  seedMembershipDemo({ db: fixture.db, config: fixture.config, clock: fixture.clock, log: createLogger({ level: 'error', sink: () => {} }) });
  return fixture;
}

function memberId(s: MembershipFixture, phone: string): string {
  return s.db.prepare('SELECT id FROM members WHERE phone = ?').pluck().get(phone) as string;
}

/** Months apart on the 12-month circle (December and January are 1 apart). */
function monthDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % 12;
  return Math.min(d, 12 - d);
}

describe.each(CALENDAR_DAYS)('on $label ($at)', ({ at }) => {
  it('the demo birthdays follow the store calendar: only 李娜 has hers this month, every date is real', () => {
    const s = (f = seededStore(at));
    const month = localParts(s.clock.now(), s.env.timeZone).month;
    const rows = s.db.prepare('SELECT name, phone, birthday, birth_month FROM members').all() as Array<{ name: string; phone: string; birthday: string; birth_month: number }>;
    expect(rows).toHaveLength(6);
    for (const r of rows) {
      // A real calendar date: 30 February would come back as 2 March.
      expect(new Date(`${r.birthday}T00:00:00Z`).toISOString().slice(0, 10), r.name).toBe(r.birthday);
      expect(Number(r.birthday.slice(5, 7)), r.name).toBe(r.birth_month);
      if (r.phone === PHONES.li) expect(r.birth_month, r.name).toBe(month);
      // Not this month and not a neighbouring one, so crossing midnight on the 1st changes nothing.
      else expect(monthDistance(r.birth_month, month), `${r.name} born in month ${r.birth_month}, today is month ${month}`).toBeGreaterThanOrEqual(2);
    }
  });

  it('greets 李娜 for her birthday once and everyone else with a welcome back; 刘洋 extends his streak', () => {
    const s = (f = seededStore(at));
    const li = checkinByPhone(s.env, { opId: 'cal-li', phone: PHONES.li });
    expect(li.greeting).toMatchObject({ name: '李娜', isBirthdayMonth: true, showBirthdayGreeting: true });
    expect(li.birthdayBonusPoints).toBeGreaterThan(0);
    for (const phone of [PHONES.wang, PHONES.zhang, PHONES.liu, PHONES.chen]) {
      const r = checkinByPhone(s.env, { opId: `cal-${phone}`, phone });
      expect(r.greeting, r.greeting.name).toMatchObject({ isBirthdayMonth: false, showBirthdayGreeting: false });
      expect(r.birthdayBonusPoints).toBe(0);
    }
    // 刘洋 checked in on each of the three days before today (the e2e greeting test relies on it).
    const liu = checkinByPhone(s.env, { opId: 'cal-liu-again', phone: PHONES.liu });
    expect(liu).toMatchObject({ alreadyCheckedIn: true, streakDays: 4 });

    // The next store day — across a month, a year or a leap day — continues the streak, and
    // 李娜's birthday greeting belongs to her birthday month only.
    const today = localParts(s.clock.now(), s.env.timeZone);
    s.clock.advance(DAY);
    const next = localParts(s.clock.now(), s.env.timeZone);
    expect(next.date).toBe(addDays(today.date, 1));
    const liuNext = checkinByPhone(s.env, { opId: 'cal-liu-next', phone: PHONES.liu });
    expect(liuNext).toMatchObject({ alreadyCheckedIn: false, streakDays: 5 });
    const liNext = checkinByPhone(s.env, { opId: 'cal-li-next', phone: PHONES.li });
    expect(liNext.greeting.isBirthdayMonth).toBe(next.month === today.month);
    expect(liNext.greeting.showBirthdayGreeting).toBe(false);
    expect(liNext.birthdayBonusPoints).toBe(0);
  });

  it('keeps 张伟 at the top of the churn list and 王芳 on her Wednesday iced americano', () => {
    const s = (f = seededStore(at));
    const atRisk = atRiskList(s.env, 10);
    expect(atRisk[0]).toMatchObject({ name: '张伟', isTopCustomer: true });
    expect(atRisk[0]!.daysInactive).toBeGreaterThan(s.env.rules.churn.inactiveDays);
    expect(atRisk.map((m) => m.name)).not.toContain('刘洋');
    const habits = memberHabits(s.env, memberId(s, PHONES.wang), s.clock.now());
    expect(habits).toContainEqual(expect.objectContaining({ kind: 'weekday_item', sku: 'ICED-AMERICANO', weekday: 3 }));
  });

  it('tiers: the rolling 12 months hold every demo purchase, and the periodic re-evaluation agrees with the seed', () => {
    const s = (f = seededStore(at));
    const zhang = memberId(s, PHONES.zhang);
    const spent = s.db.prepare('SELECT sum(paid_fen - refunded_fen) FROM purchases WHERE member_id = ?').pluck().get(zhang) as number;
    expect(tierFacts(s.env, zhang, s.clock.now()).spend12mFen).toBe(spent);
    const before = s.db.prepare('SELECT phone, tier FROM members ORDER BY phone').all();
    const result = reevaluateAllTiers(s.env);
    expect(result.evaluated).toBe(6);
    // 张伟 stopped buying four months ago: the only member a re-evaluation may move down.
    const after = s.db.prepare('SELECT phone, tier FROM members ORDER BY phone').all() as Array<{ phone: string; tier: string }>;
    expect(after.filter((r) => r.phone !== PHONES.zhang)).toEqual((before as typeof after).filter((r) => r.phone !== PHONES.zhang));
  });

  it("dashboards cover the store's own day, Monday–Sunday week and calendar month", () => {
    const s = (f = seededStore(at));
    const today = localParts(s.clock.now(), s.env.timeZone);
    checkinByPhone(s.env, { opId: 'cal-d1', phone: PHONES.li });
    checkinByPhone(s.env, { opId: 'cal-d2', phone: PHONES.liu });
    const day = dashboard(s.env, 'day');
    expect(day).toMatchObject({ from: today.date, to: today.date, checkins: 2 });
    expect(day.checkinsPerHour[today.hour]).toBe(2);

    const week = dashboard(s.env, 'week');
    expect(new Date(`${week.from}T00:00:00Z`).getUTCDay()).toBe(1);
    expect(addDays(week.from, 6)).toBe(week.to);
    expect(week.from <= today.date && today.date <= week.to).toBe(true);

    const month = dashboard(s.env, 'month');
    const daysInMonth = new Date(Date.UTC(today.year, today.month, 0)).getUTCDate();
    expect(month.from).toBe(`${today.date.slice(0, 7)}-01`);
    expect(month.to).toBe(`${today.date.slice(0, 7)}-${String(daysInMonth).padStart(2, '0')}`);
    expect(month.checkins).toBeGreaterThanOrEqual(2);
    // Yesterday's check-in by 刘洋 counts in this month only when yesterday was in it.
    const yesterdayInMonth = today.day > 1;
    const seededYesterday = s.db.prepare('SELECT count(*) FROM checkins WHERE local_date = ?').pluck().get(addDays(today.date, -1)) as number;
    expect(seededYesterday).toBeGreaterThanOrEqual(1);
    expect(month.checkins - 2 >= seededYesterday).toBe(yesterdayInMonth);
  });
});
