import { describe, expect, it } from 'vitest';
import { addDays } from '../membership-kernel/local-time.js';
import { detectHabits, describeHabit, type HabitLine } from './habit-detection.js';

/** A small deterministic PRNG so the "random" year is the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const START = '2025-03-03'; // a Monday
const OPTIONS = { minSupport: 4, minConfidence: 0.6, excludeSkuPrefixes: ['MED'], today: '2026-03-01' };
const MENU = ['拿铁', '美式', '卡布奇诺', '抹茶拿铁', '可颂', '贝果', '芝士蛋糕', '柠檬茶'];

function randomYear(seed: number, purchases: number): HabitLine[] {
  const r = rng(seed);
  const lines: HabitLine[] = [];
  for (let i = 0; i < purchases; i++) {
    const date = addDays(START, Math.floor(r() * 364));
    const hour = 8 + Math.floor(r() * 14);
    const n = 1 + Math.floor(r() * 2);
    for (let k = 0; k < n; k++) {
      const item = Math.floor(r() * MENU.length);
      lines.push({ localDate: date, hour, weekday: new Date(`${date}T00:00:00Z`).getUTCDay(), sku: `SKU${item}`, name: MENU[item]!, purchaseId: `p${i}` });
    }
  }
  return lines;
}

describe('habit detection', () => {
  it('finds a planted "iced americano on Wednesdays" in a synthetic year of otherwise random purchases', () => {
    const lines = randomYear(7, 150);
    const r = rng(99);
    for (let week = 0; week < 52; week++) {
      if (r() < 0.1) continue; // skipped a few weeks
      const date = addDays(START, week * 7 + 2); // Wednesday
      lines.push({ localDate: date, hour: 8, weekday: 3, sku: 'ICED-AMERICANO', name: '冰美式', purchaseId: `w${week}` });
    }
    const habits = detectHabits(lines, OPTIONS);
    const weekly = habits.filter((h) => h.kind === 'weekday_item');
    expect(weekly).toHaveLength(1);
    expect(weekly[0]).toMatchObject({ kind: 'weekday_item', sku: 'ICED-AMERICANO', weekday: 3 });
    expect(weekly[0]!.confidence).toBeGreaterThan(0.8);
    expect(describeHabit(weekly[0]!)['zh-CN']).toBe('通常周三点冰美式');
    expect(habits.some((h) => h.kind === 'repurchase_cycle' && h.sku === 'ICED-AMERICANO' && h.everyDays === 7)).toBe(true);
    // Nothing about the random items.
    expect(habits.every((h) => h.kind === 'time_of_day' || h.sku === 'ICED-AMERICANO')).toBe(true);
  });

  it('reports no pattern in random purchases (20 different random years)', () => {
    for (let seed = 1; seed <= 20; seed++) {
      expect(detectHabits(randomYear(seed, 120 + seed * 5), OPTIONS)).toEqual([]);
    }
  });

  it('needs minimum support: three Wednesdays are not a habit yet', () => {
    const lines: HabitLine[] = [0, 1, 2].map((w) => ({ localDate: addDays(START, w * 7 + 2), hour: 9, weekday: 3, sku: 'X', name: '冰美式', purchaseId: `p${w}` }));
    expect(detectHabits(lines, { ...OPTIONS, today: addDays(START, 20) })).toEqual([]);
  });

  it('never uses excluded (sensitive) items', () => {
    const lines: HabitLine[] = [];
    for (let w = 0; w < 20; w++) lines.push({ localDate: addDays(START, w * 7 + 2), hour: 9, weekday: 3, sku: 'MED-001', name: '药品', purchaseId: `p${w}` });
    expect(detectHabits(lines, { ...OPTIONS, today: addDays(START, 140) })).toEqual([]);
  });

  it('finds a time-of-day habit', () => {
    const r = rng(3);
    const lines: HabitLine[] = [];
    for (let i = 0; i < 30; i++) {
      const date = addDays(START, Math.floor(r() * 300));
      lines.push({ localDate: date, hour: 7 + Math.floor(r() * 3), weekday: new Date(`${date}T00:00:00Z`).getUTCDay(), sku: `S${i % 5}`, name: MENU[i % 5]!, purchaseId: `p${i}` });
    }
    expect(detectHabits(lines, OPTIONS)).toContainEqual(expect.objectContaining({ kind: 'time_of_day', bucket: 'morning' }));
  });
});
