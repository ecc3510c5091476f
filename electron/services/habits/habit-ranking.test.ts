import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import { defaultConfig } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import { openDatabase } from '../../db/connection.js';
import { seedMembershipDemo } from '../demo/seed-membership-demo.js';
import { createMembershipEnv } from '../membership-kernel/membership-env.js';
import type { Habit } from './habit-detection.js';
import { rankHabitsForToday } from './habit-ranking.js';
import { memberHabits } from './habit-service.js';

const everyElevenDays: Habit = { kind: 'repurchase_cycle', sku: 'BEANS', name: '咖啡豆', everyDays: 11, support: 6, confidence: 0.95, nextDueDate: '2026-12-20' };
const everyWeek: Habit = { kind: 'repurchase_cycle', sku: 'MILK', name: '牛奶', everyDays: 7, support: 5, confidence: 0.9, nextDueDate: '2026-12-03' };
const wednesdayAmericano: Habit = { kind: 'weekday_item', sku: 'ICED-AMERICANO', name: '冰美式', weekday: 3, support: 8, confidence: 0.6 };
const fridayCake: Habit = { kind: 'weekday_item', sku: 'CAKE', name: '蛋糕', weekday: 5, support: 6, confidence: 0.9 };
const mornings: Habit = { kind: 'time_of_day', bucket: 'morning', support: 20, confidence: 0.7 };
const all = [everyElevenDays, everyWeek, fridayCake, mornings, wednesdayAmericano];

describe('habits ranked for today', () => {
  it('puts today’s weekday habit first, then this part of the day, then a due re-purchase', () => {
    // Wednesday 2026-12-02, 09:00 store time: the iced americano, the morning visit, the milk due tomorrow.
    const ranked = rankHabitsForToday(all, { date: '2026-12-02', weekday: 3, hour: 9 });
    expect(ranked.map((h) => ('sku' in h ? h.sku : h.kind))).toEqual(['ICED-AMERICANO', 'time_of_day', 'MILK', 'BEANS', 'CAKE']);
  });

  it('on another day and hour the same habits rank differently', () => {
    // Friday 2026-12-04, 15:00: the cake; the morning habit says nothing about the afternoon.
    const ranked = rankHabitsForToday(all, { date: '2026-12-04', weekday: 5, hour: 15 });
    expect(ranked[0]).toBe(fridayCake);
    expect(ranked[1]).toBe(everyWeek);
    expect(ranked.indexOf(wednesdayAmericano)).toBe(ranked.length - 1);
  });

  it('keeps confidence order within the same relevance, and never drops a habit', () => {
    const ranked = rankHabitsForToday([everyWeek, everyElevenDays], { date: '2026-11-01', weekday: 0, hour: 12 });
    expect(ranked).toEqual([everyElevenDays, everyWeek]);
    expect(rankHabitsForToday(all, { date: '2026-12-02', weekday: 3, hour: 9 })).toHaveLength(all.length);
  });
});

describe('member habits from the store (real SQLite, injected clock)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('王芳’s Wednesday iced americano leads on a Wednesday, and not on a Monday', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'habit-rank-'));
    dirs.push(dir);
    const db = openDatabase(path.join(dir, 'store.sqlite'));
    try {
      // Seeded on Sunday 2026-11-22 (14:00 Shanghai); read back on Wednesday the 25th, 10:00, and on Monday the 23rd.
      const clock = fixedClock('2026-11-22T06:00:00Z');
      const ctx = { db, config: defaultConfig(), clock, log: createLogger({ level: 'error', sink: () => {} }) };
      seedMembershipDemo(ctx);
      const env = createMembershipEnv(ctx);
      const wang = db.prepare("SELECT id FROM members WHERE phone = '13800138001'").pluck().get() as string;
      const onWednesday = memberHabits(env, wang, new Date('2026-11-25T02:00:00Z'));
      expect(onWednesday[0]).toMatchObject({ kind: 'weekday_item', sku: 'ICED-AMERICANO', weekday: 3 });
      const onMonday = memberHabits(env, wang, new Date('2026-11-23T02:00:00Z'));
      expect(onMonday.length).toBe(onWednesday.length);
      expect(onMonday[0]).not.toMatchObject({ kind: 'weekday_item', weekday: 3 });
    } finally {
      db.close();
    }
  });
});
