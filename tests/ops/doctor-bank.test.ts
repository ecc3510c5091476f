import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../electron/core/config.js';
import { openDatabase } from '../../electron/db/connection.js';
import { openIntent } from '../../electron/services/bank/bank-intents.js';
import { checkMemberBank } from '../../electron/services/ops/doctor-bank-check.js';
import type { DoctorInputs } from '../../electron/services/ops/doctor-inputs.js';
import { doctorWording } from '../../renderer/src/i18n/errors/doctor-findings.js';

// The doctor's member bank line (issue 13): on/off, the offline allowance from config, and redemption
// intents HQ has not resolved for 10 minutes (the points of a purchase that did not complete).

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-doctor-bank-'));
const db = openDatabase(path.join(dir, 'store.sqlite'));
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
const at = new Date('2026-03-04T02:00:00Z');
const inputs = (config: unknown): DoctorInputs => ({ dataDir: dir, config: parseConfig(config), appVersion: 't', db, modelsDir: dir, now: () => at, camera: 'cli' });

describe('doctor: member bank', () => {
  it('says off without HQ, and on with the configured offline allowance', () => {
    expect(checkMemberBank(inputs({})).summaryCode).toBe('bank.noHq');
    expect(checkMemberBank(inputs({ hq: { url: 'https://hq.example.com' }, bank: { enabled: false } })).summaryCode).toBe('bank.off');
    const on = checkMemberBank(inputs({ hq: { url: 'https://hq.example.com', offlineRedemptionAllowance: 300 } }));
    expect(on).toMatchObject({ status: 'ok', summaryCode: 'bank.on', params: { allowance: 300 }, data: { enabled: true, offlineRedemptionAllowance: 300 } });
    for (const locale of ['zh-CN', 'zh-TW', 'en'] as const) expect(doctorWording(locale, on)?.summary).toContain('300');
  });

  it('warns about a redemption intent HQ has not resolved for 10 minutes', () => {
    db.prepare("INSERT INTO members (id, member_code, name, phone, phone_last4, tier, tier_since, created_at, updated_at) VALUES ('m1', 'M1', 'x', NULL, '0001', 'basic', ?, ?, ?)").run(at.toISOString(), at.toISOString(), at.toISOString());
    openIntent(db, 'sale-1', 'm1', 100, new Date(at.getTime() - 11 * 60_000).toISOString());
    const check = checkMemberBank(inputs({ hq: { url: 'https://hq.example.com' } }));
    expect(check).toMatchObject({ status: 'warn', summaryCode: 'bank.pendingIntents', params: { pending: 1, allowance: 500 }, actionCode: 'bank.waitForHq' });
    expect(doctorWording('en', check)?.summary).toContain('1 redemption of purchases');
  });
});
