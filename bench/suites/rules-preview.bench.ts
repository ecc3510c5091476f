/**
 * Issue 15, the manager's rules editor: the preview runs each time the draft changes (after a 300 ms
 * pause in typing), over every active member of the store.
 *   rules_preview_10k_members_ms  previewTierMoves for 10,000 members with 100,000 purchases and 20,000 check-ins
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loyaltyPresets } from '../../electron/contract/loyalty-rules.js';
import { fixedClock } from '../../electron/core/clock.js';
import { defaultConfig } from '../../electron/core/config.js';
import { createLogger } from '../../electron/core/logger.js';
import { openDatabase } from '../../electron/db/connection.js';
import { previewTierMoves } from '../../electron/services/loyalty/rules-editor.js';
import { rebuildRollups } from '../../electron/services/dashboard/rollup-repository.js';
import { addDays, localParts } from '../../electron/services/membership-kernel/local-time.js';
import { insertMember } from '../../electron/services/members/member-repository.js';
import { createMembershipEnv } from '../../electron/services/membership-kernel/membership-env.js';
import { percentile, report, round, timeRuns } from '../bench-stats.js';

const MEMBERS = 10_000;
const PURCHASES = 100_000;
const CHECKINS = 20_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-rules-preview-'));
const figures: Record<string, number> = {};

try {
  const db = openDatabase(path.join(dir, 'store.sqlite'));
  const clock = fixedClock('2026-11-18T02:00:00Z');
  const env = createMembershipEnv({ db, config: defaultConfig(), clock, log: createLogger({ level: 'error', sink: () => {} }) });
  let seed = 7;
  const rand = (m: number) => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return Math.floor(((seed >>> 0) / 2 ** 32) * m);
  };
  const today = localParts(clock.now(), 'Asia/Shanghai').date;
  const dates = Array.from({ length: 365 }, (_, d) => addDays(today, -d));
  const insertPurchase = db.prepare('INSERT INTO purchases (id, member_id, at, local_date, local_hour, weekday, total_fen, paid_fen, points_earned) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const insertCheckin = db.prepare("INSERT OR IGNORE INTO checkins (id, member_id, method, at, local_date, local_hour, streak_days, points_awarded, device) VALUES (?, ?, 'phone', ?, ?, ?, 1, 10, 'bench')");
  db.transaction(() => {
    for (let i = 0; i < MEMBERS; i++) {
      insertMember(db, { id: `m${i}`, memberCode: `M${String(i).padStart(8, '0')}`, name: `会员${i}`, phone: `139${String(i).padStart(8, '0')}`, birthday: null, preferences: {}, allergies: '', notes: '', tags: [], tier: 'basic', referredBy: null, at: '2025-01-01T00:00:00.000Z' });
    }
    for (let i = 0; i < PURCHASES; i++) {
      const date = dates[rand(365)]!;
      const fen = 1_000 + rand(40_000);
      insertPurchase.run(`p${i}`, `m${rand(MEMBERS)}`, `${date}T04:00:00.000Z`, date, 12, new Date(`${date}T00:00:00Z`).getUTCDay(), fen, fen, Math.floor(fen / 100));
    }
    for (let i = 0; i < CHECKINS; i++) {
      const date = dates[rand(365)]!;
      insertCheckin.run(`c${i}`, `m${rand(MEMBERS)}`, `${date}T04:00:00.000Z`, date, 12);
    }
    rebuildRollups(db);
  })();
  db.exec('ANALYZE');
  const draft = structuredClone(loyaltyPresets.restaurant);
  draft.tiers[1]!.spendAboveFen = 30_000;
  let moved = 0;
  const runs = await timeRuns(() => {
    moved = previewTierMoves(env, draft).up;
  }, 5, 1);
  figures.rules_preview_10k_members_ms = round(percentile(runs, 50), 1);
  figures.rules_preview_10k_members_up = moved;
  figures.rules_preview_bench_loadavg1 = round(os.loadavg()[0] ?? 0, 2);
  db.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
report(figures);
