import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import { defaultConfig } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import { openDatabase, type Db } from '../../db/connection.js';
import { atRiskList } from '../churn/churn-service.js';
import { memberHabits } from '../habits/habit-service.js';
import { createMembershipEnv } from '../membership-kernel/membership-env.js';
import { signInWithPin } from '../staff/staff-service.js';
import { seedMembershipDemo } from './seed-membership-demo.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function counts(db: Db): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of ['members', 'staff', 'purchases', 'checkins', 'points_ledger', 'outbox', 'coupons', 'consents']) {
    out[t] = db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
  }
  return out;
}

describe('membership demo seed', () => {
  it('seeds a living store once, and seeding again adds nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-seed-'));
    dirs.push(dir);
    const db = openDatabase(path.join(dir, 'store.sqlite'));
    try {
      const clock = fixedClock('2026-11-22T06:00:00Z');
      const ctx = { db, config: defaultConfig(), clock, log: createLogger({ level: 'error', sink: () => {} }) };
      seedMembershipDemo(ctx);
      const first = counts(db);
      expect(first.members).toBe(6);
      expect(first.staff).toBe(2);
      expect(first.purchases).toBeGreaterThan(50);
      seedMembershipDemo(ctx);
      clock.advance(86_400_000);
      seedMembershipDemo(ctx);
      expect(counts(db)).toEqual(first);

      const env = createMembershipEnv(ctx);
      expect(signInWithPin(env, '1234').role).toBe('manager');
      expect(signInWithPin(env, '0000').role).toBe('cashier');
      const wang = db.prepare("SELECT id FROM members WHERE phone = '13800138001'").pluck().get() as string;
      expect(memberHabits(env, wang, clock.now())).toContainEqual(expect.objectContaining({ kind: 'weekday_item', sku: 'ICED-AMERICANO', weekday: 3 }));
      const atRisk = atRiskList(env, 10);
      expect(atRisk[0]?.name).toBe('张伟');
      const li = db.prepare("SELECT birth_month FROM members WHERE phone = '13800138002'").pluck().get();
      expect(li).toBe(11);
    } finally {
      db.close();
    }
  });
});
