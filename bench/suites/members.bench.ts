/**
 * Membership figures:
 *   checkin_tx_ms_p50         a full check-in transaction (lookup by phone, ledger, rollups, outbox, commit with
 *                             synchronous=FULL as the app runs it); checkin_tx_no_fsync_ms_p50 is the same without the flush
 *   phone_lookup_100k_ms_p50  whole-number phone lookup among 100,000 members (last-4 lookup reported too)
 *   dashboard_1m_purchases_ms the manager dashboard's queries (month view) over 1,000,000 purchases
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { percentile, report, round, timeRuns } from '../bench-stats.js';
import { fixedClock } from '../../electron/core/clock.js';
import { defaultConfig } from '../../electron/core/config.js';
import { createLogger } from '../../electron/core/logger.js';
import { openDatabase } from '../../electron/db/connection.js';
import { checkinByPhone } from '../../electron/services/checkin/checkin-service.js';
import { dashboard } from '../../electron/services/dashboard/dashboard-service.js';
import { atRiskList } from '../../electron/services/churn/churn-service.js';
import { rebuildRollups } from '../../electron/services/dashboard/rollup-repository.js';
import { addDays, addMonths, localParts } from '../../electron/services/membership-kernel/local-time.js';
import { insertMember, refreshMemberValues } from '../../electron/services/members/member-repository.js';
import { resolveByPhone } from '../../electron/services/members/member-service.js';
import { createMembershipEnv } from '../../electron/services/membership-kernel/membership-env.js';

const MEMBERS = 100_000;
const PURCHASES = 1_000_000;
const CHECKINS = 200_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-members-'));
const log = createLogger({ level: 'error', sink: () => {} });
const figures: Record<string, number> = {};

function phoneOf(i: number): string {
  return `13${String(i * 7919 % 1_000_000_000).padStart(9, '0')}`;
}

try {
  const db = openDatabase(path.join(dir, 'store.sqlite'));
  const clock = fixedClock('2026-11-18T02:00:00Z');
  const env = createMembershipEnv({ db, config: defaultConfig(), clock, log });

  // 100,000 members through the repository's own insert.
  let t = Date.now();
  db.transaction(() => {
    for (let i = 0; i < MEMBERS; i++) {
      insertMember(db, {
        id: `m${i}`,
        memberCode: `M${String(i).padStart(8, '0')}`,
        name: `会员${i}`,
        phone: phoneOf(i),
        birthday: null,
        preferences: {},
        allergies: '',
        notes: '',
        tags: [],
        tier: 'basic',
        referredBy: null,
        at: '2025-01-01T00:00:00.000Z',
      });
    }
  })();
  process.stderr.write(`members: ${MEMBERS} members in ${Date.now() - t} ms\n`);

  // Phone lookups.
  let k = 0;
  const whole = await timeRuns(() => resolveByPhone(env, phoneOf((k++ * 104_729) % MEMBERS)), 2000, 50);
  figures.phone_lookup_100k_ms_p50 = round(percentile(whole, 50), 4);
  figures.phone_lookup_100k_ms_p95 = round(percentile(whole, 95), 4);
  const last4 = await timeRuns(() => {
    try {
      resolveByPhone(env, phoneOf((k++ * 104_729) % MEMBERS).slice(-4));
    } catch {
      // MEMBER_AMBIGUOUS is the expected answer for most last-4 entries among 100k members.
    }
  }, 2000, 50);
  figures.phone_last4_lookup_100k_ms_p50 = round(percentile(last4, 50), 4);

  // Full check-in transactions (each commits with synchronous=FULL, as in the app).
  let n = 0;
  const checkins = await timeRuns(() => checkinByPhone(env, { opId: `bench-checkin-${n}`, phone: phoneOf(n++ * 13) }), 1000, 20);
  figures.checkin_tx_ms_p50 = round(percentile(checkins, 50), 4);
  figures.checkin_tx_ms_p95 = round(percentile(checkins, 95), 4);
  // The same transaction without the disk flush: the part the code controls (the flush is the disk's).
  db.pragma('synchronous = OFF');
  const noFlush = await timeRuns(() => checkinByPhone(env, { opId: `bench-checkin-${n}`, phone: phoneOf(n++ * 13) }), 1000, 20);
  figures.checkin_tx_no_fsync_ms_p50 = round(percentile(noFlush, 50), 4);
  db.pragma('synchronous = FULL');

  // 1,000,000 purchases over the past year with one prepared statement in one transaction.
  t = Date.now();
  const today = localParts(clock.now(), 'Asia/Shanghai').date;
  const dates = Array.from({ length: 365 }, (_, d) => addDays(today, -d));
  // xorshift32, scaled from the high bits (an LCG's low bits would correlate member and date).
  let seed = 42;
  const rand = (m: number) => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return Math.floor(((seed >>> 0) / 2 ** 32) * m);
  };
  const insertPurchase = db.prepare(
    `INSERT INTO purchases (id, member_id, at, local_date, local_hour, weekday, total_fen, paid_fen, points_earned) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertCheckin = db.prepare(
    `INSERT OR IGNORE INTO checkins (id, member_id, method, at, local_date, local_hour, streak_days, points_awarded, device) VALUES (?, ?, 'phone', ?, ?, ?, 1, 10, 'bench')`,
  );
  db.transaction(() => {
    for (let i = 0; i < PURCHASES; i++) {
      const date = dates[rand(365)]!;
      const hour = 8 + rand(14);
      const fen = 1_000 + rand(9_000);
      insertPurchase.run(`p${i}`, `m${rand(MEMBERS)}`, `${date}T${String(hour - 8).padStart(2, '0')}:00:00.000Z`, date, hour, new Date(`${date}T00:00:00Z`).getUTCDay(), fen, fen, Math.floor(fen / 100));
    }
    for (let i = 0; i < CHECKINS; i++) {
      const date = dates[rand(365)]!;
      const hour = 8 + rand(14);
      insertCheckin.run(`c${i}`, `m${rand(MEMBERS)}`, `${date}T${String(hour - 8).padStart(2, '0')}:00:00.000Z`, date, hour);
    }
    rebuildRollups(db);
    db.prepare("UPDATE members SET last_visit_at = (SELECT max(at) FROM purchases p WHERE p.member_id = members.id)").run();
    refreshMemberValues(db, addMonths(clock.now(), -12).toISOString());
  })();
  db.exec('ANALYZE');
  process.stderr.write(`members: ${PURCHASES} purchases + rollups in ${Date.now() - t} ms\n`);

  const month = await timeRuns(() => dashboard(env, 'month'), 7, 1);
  figures.dashboard_1m_purchases_ms = round(percentile(month, 50), 2);
  const all = await timeRuns(() => {
    dashboard(env, 'day');
    dashboard(env, 'week');
    dashboard(env, 'month');
  }, 5, 1);
  figures.dashboard_1m_purchases_day_week_month_ms = round(percentile(all, 50), 2);
  // The manager's churn call list (inactive 90 days, ordered by 12-month value) over the same data.
  const churn = await timeRuns(() => atRiskList(env, 100), 3, 1);
  figures.churn_list_1m_purchases_ms = round(percentile(churn, 50), 2);
  figures.members_bench_loadavg1 = round(os.loadavg()[0] ?? 0, 2);
  db.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
report(figures);
