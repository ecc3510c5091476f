import fs from 'node:fs';
import { fixedClock } from '../electron/core/clock.js';
import { defaultConfig } from '../electron/core/config.js';
import { createLogger } from '../electron/core/logger.js';
import { openDatabase } from '../electron/db/connection.js';
import { rebuildRollups } from '../electron/services/dashboard/rollup-repository.js';
import { addDays } from '../electron/services/members/local-time.js';
import { insertMember } from '../electron/services/members/member-repository.js';
import * as repo from '../electron/services/dashboard/dashboard-repository.js';

const file = '/tmp/mb-prof/store.sqlite';
const fresh = !fs.existsSync(file);
fs.mkdirSync('/tmp/mb-prof', { recursive: true });
const db = openDatabase(file);
if (fresh) {
  db.pragma('synchronous = OFF');
  const MEMBERS = 100_000;
  db.transaction(() => {
    for (let i = 0; i < MEMBERS; i++) insertMember(db, { id: `m${i}`, memberCode: `M${i}`, name: `会员${i}`, phone: `13${String(i).padStart(9, '0')}`, birthday: null, preferences: {}, allergies: '', notes: '', tags: [], tier: 'basic', referredBy: null, at: '2025-01-01T00:00:00.000Z' });
  })();
  const dates = Array.from({ length: 365 }, (_, d) => addDays('2026-11-18', -d));
  let seed = 42;
  const rand = (m: number) => ((seed = (seed * 1664525 + 1013904223) >>> 0), seed % m);
  const ip = db.prepare(`INSERT INTO purchases (id, member_id, at, local_date, local_hour, weekday, total_fen, paid_fen, points_earned) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const ic = db.prepare(`INSERT OR IGNORE INTO checkins (id, member_id, method, at, local_date, local_hour, streak_days, points_awarded, device) VALUES (?, ?, 'phone', ?, ?, ?, 1, 10, 'bench')`);
  db.transaction(() => {
    for (let i = 0; i < 1_000_000; i++) { const d = dates[rand(365)]!; const h = 8 + rand(14); const fen = 1000 + rand(9000); ip.run(`p${i}`, `m${rand(MEMBERS)}`, `${d}T00:00:00.000Z`, d, h, 0, fen, fen, 10); }
    for (let i = 0; i < 200_000; i++) { const d = dates[rand(365)]!; ic.run(`c${i}`, `m${rand(MEMBERS)}`, `${d}T00:00:00.000Z`, d, 8 + rand(14)); }
    rebuildRollups(db);
    db.prepare('UPDATE members SET last_visit_at = (SELECT max(at) FROM purchases p WHERE p.member_id = members.id)').run();
  })();
  db.exec('ANALYZE');
}
const t = (name: string, fn: () => unknown) => { fn(); const s = process.hrtime.bigint(); for (let i = 0; i < 3; i++) fn(); console.log(name, (Number(process.hrtime.bigint() - s) / 3e6).toFixed(1), 'ms'); };
const from = '2026-11-01', to = '2026-11-30';
t('month', () => repo.periodMembers(db, 'm:2026-11'));
t('week', () => repo.periodMembers(db, 'w:2026-11-16'));
t('totals', () => repo.totalsBetween(db, from, to));
t('series', () => repo.dailySeries(db, from, to));
t('byHour', () => repo.checkinsByHour(db, from, to));
t('churn', () => repo.churnCounts(db, '2026-08-20T00:00:00.000Z'));
console.log(repo.periodMembers(db, 'm:2026-10'));
db.close();
