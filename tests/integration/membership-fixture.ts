import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LoyaltyRules } from '../../electron/contract/loyalty-rules.js';
import { fixedClock } from '../../electron/core/clock.js';
import { defaultConfig, type AppConfig } from '../../electron/core/config.js';
import { createLogger } from '../../electron/core/logger.js';
import { openDatabase, type Db } from '../../electron/db/connection.js';
import { createMembershipEnv, type MembershipDeps, type MembershipEnv } from '../../electron/services/membership-kernel/membership-env.js';

/** A real temp SQLite store with the membership schema, a movable clock and fake face-engine functions. */
export interface MembershipFixture {
  dir: string;
  db: Db;
  clock: ReturnType<typeof fixedClock>;
  config: AppConfig;
  env: MembershipEnv;
  faceSessions: Map<string, string>;
  erasedFaces: string[];
  close(): void;
}

export function membershipFixture(options: { start?: string; rules?: LoyaltyRules; preset?: 'restaurant' | 'eyewear'; deps?: MembershipDeps } = {}): MembershipFixture {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'membership-'));
  const db = openDatabase(path.join(dir, 'store.sqlite'));
  const clock = fixedClock(options.start ?? '2026-03-04T02:00:00Z'); // a Wednesday, 10:00 in Shanghai
  const config = defaultConfig();
  if (options.preset) config.loyalty.preset = options.preset;
  const faceSessions = new Map<string, string>();
  const erasedFaces: string[] = [];
  const log = createLogger({ level: 'error', sink: () => {} });
  const env = createMembershipEnv(
    { db, config, clock, log },
    {
      confirmedFaceMember: (s) => faceSessions.get(s) ?? null,
      eraseFaceData: (id) => {
        erasedFaces.push(id);
        return 2;
      },
      countPeopleWithFaceData: () => 123,
      ...options.deps,
    },
    options.rules,
  );
  return {
    dir,
    db,
    clock,
    config,
    env,
    faceSessions,
    erasedFaces,
    close() {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

let phoneSeq = 0;
/** A fresh valid mobile number per call (13800000001, …). */
export function nextPhone(): string {
  phoneSeq += 1;
  return `138${String(phoneSeq).padStart(8, '0')}`;
}

/** Every row of every membership table, to prove a rejected call changed nothing. */
export function snapshot(db: Db): Record<string, string[]> {
  const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
  const out: Record<string, string[]> = {};
  for (const t of tables) out[t] = db.prepare(`SELECT * FROM "${t}"`).all().map((r) => JSON.stringify(r)).sort();
  return out;
}
