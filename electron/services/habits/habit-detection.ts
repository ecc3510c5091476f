import { addDays, daysBetween } from '../membership-kernel/local-time.js';

/**
 * Regular patterns in one member's purchases: weekday + item, time of day, and an item's
 * re-purchase cycle. Each pattern must reach a minimum support (how many times it happened) and
 * confidence (how often it happened when it could have), so chance co-occurrences in irregular
 * shopping are not reported. Only item, weekday and hour are used: nothing is inferred about the
 * person (health, religion, family …), and excluded sku prefixes are never considered.
 */
export interface HabitLine {
  localDate: string;
  hour: number;
  weekday: number;
  sku: string;
  name: string;
  purchaseId: string;
}

export type TimeBucket = 'morning' | 'midday' | 'afternoon' | 'evening' | 'night';

export type Habit =
  | { kind: 'weekday_item'; sku: string; name: string; weekday: number; support: number; confidence: number }
  | { kind: 'time_of_day'; bucket: TimeBucket; support: number; confidence: number }
  | { kind: 'repurchase_cycle'; sku: string; name: string; everyDays: number; support: number; confidence: number; nextDueDate: string };

export interface HabitOptions {
  minSupport: number;
  minConfidence: number;
  excludeSkuPrefixes: readonly string[];
  /** Store-local date the history runs up to. */
  today: string;
}

export function timeBucket(hour: number): TimeBucket {
  if (hour >= 5 && hour < 11) return 'morning';
  if (hour >= 11 && hour < 14) return 'midday';
  if (hour >= 14 && hour < 17) return 'afternoon';
  if (hour >= 17 && hour < 21) return 'evening';
  return 'night';
}

/** A weekday-specific habit must also be concentrated on that weekday (a daily buyer has no "Wednesday" habit). */
const MIN_WEEKDAY_SHARE = 0.3;

export function detectHabits(all: readonly HabitLine[], o: HabitOptions): Habit[] {
  const lines = all.filter((l) => !o.excludeSkuPrefixes.some((p) => l.sku.startsWith(p)));
  if (lines.length === 0) return [];
  const habits: Habit[] = [];
  const first = lines.reduce((min, l) => (l.localDate < min ? l.localDate : min), lines[0]!.localDate);
  const span = daysBetween(first, o.today) + 1;

  const bySku = new Map<string, { name: string; dates: Set<string> }>();
  for (const l of lines) {
    const e = bySku.get(l.sku) ?? { name: l.name, dates: new Set<string>() };
    e.dates.add(l.localDate);
    bySku.set(l.sku, e);
  }

  for (const [sku, { name, dates }] of bySku) {
    // weekday + item
    const perWeekday = new Array<number>(7).fill(0);
    for (const d of dates) perWeekday[new Date(`${d}T00:00:00Z`).getUTCDay()]! += 1;
    for (let w = 0; w < 7; w++) {
      const support = perWeekday[w]!;
      const opportunities = countWeekdays(first, span, w);
      if (support < o.minSupport || opportunities < o.minSupport) continue;
      const confidence = support / opportunities;
      if (confidence >= o.minConfidence && support / dates.size >= MIN_WEEKDAY_SHARE) {
        habits.push({ kind: 'weekday_item', sku, name, weekday: w, support, confidence: round2(confidence) });
      }
    }
    // re-purchase cycle
    const sorted = [...dates].sort();
    const gaps: number[] = [];
    for (let i = 1; i < sorted.length; i++) gaps.push(daysBetween(sorted[i - 1]!, sorted[i]!));
    if (gaps.length >= o.minSupport) {
      const median = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)]!;
      const tolerance = Math.max(1, Math.round(median * 0.2));
      const regular = gaps.filter((g) => Math.abs(g - median) <= tolerance).length;
      const confidence = regular / gaps.length;
      if (median >= 2 && regular >= o.minSupport && confidence >= o.minConfidence) {
        habits.push({ kind: 'repurchase_cycle', sku, name, everyDays: median, support: regular, confidence: round2(confidence), nextDueDate: addDays(sorted[sorted.length - 1]!, median) });
      }
    }
  }

  // time of day, per purchase (not per line)
  const purchases = new Map<string, number>();
  for (const l of lines) purchases.set(l.purchaseId, l.hour);
  const buckets = new Map<TimeBucket, number>();
  for (const h of purchases.values()) buckets.set(timeBucket(h), (buckets.get(timeBucket(h)) ?? 0) + 1);
  for (const [bucket, support] of buckets) {
    const confidence = support / purchases.size;
    if (support >= o.minSupport && confidence >= Math.max(o.minConfidence, 0.6)) habits.push({ kind: 'time_of_day', bucket, support, confidence: round2(confidence) });
  }

  return habits.sort((a, b) => b.confidence - a.confidence || b.support - a.support);
}

function countWeekdays(firstDate: string, spanDays: number, weekday: number): number {
  const startDow = new Date(`${firstDate}T00:00:00Z`).getUTCDay();
  const offset = (weekday - startDow + 7) % 7;
  return offset >= spanDays ? 0 : Math.floor((spanDays - 1 - offset) / 7) + 1;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

const WEEKDAY_ZH = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const WEEKDAY_EN = ['Sundays', 'Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays'];
const BUCKET_ZH: Record<TimeBucket, string> = { morning: '上午', midday: '中午', afternoon: '下午', evening: '傍晚', night: '夜间' };

/** A short suggestion for the cashier, in Chinese and English. */
export function describeHabit(h: Habit): { 'zh-CN': string; en: string } {
  switch (h.kind) {
    case 'weekday_item':
      return { 'zh-CN': `通常${WEEKDAY_ZH[h.weekday]}点${h.name}`, en: `Usually orders ${h.name} on ${WEEKDAY_EN[h.weekday]}` };
    case 'time_of_day':
      return { 'zh-CN': `通常${BUCKET_ZH[h.bucket]}到店`, en: `Usually visits in the ${h.bucket}` };
    case 'repurchase_cycle':
      return { 'zh-CN': `约每${h.everyDays}天买一次${h.name}`, en: `Buys ${h.name} about every ${h.everyDays} days` };
  }
}
