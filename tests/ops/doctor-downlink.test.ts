import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../electron/core/config.js';
import { openDatabase, type Db } from '../../electron/db/connection.js';
import { deferChange } from '../../edge-sync/client/downlink-deferred.js';
import { checkDownlink } from '../../electron/services/ops/doctor-downlink-check.js';
import type { DoctorInputs } from '../../electron/services/ops/doctor-inputs.js';
import { doctorWording } from '../../renderer/src/i18n/errors/doctor-findings.js';

// The doctor's "Changes from HQ" line (downlink forward compatibility): changes HQ sent that this app
// version does not understand are counted, and store IT is told to update the app.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-doctor-downlink-'));
const db = openDatabase(path.join(dir, 'store.sqlite'));
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
const at = new Date('2026-03-04T02:00:00Z');
const withHq = { hq: { url: 'https://hq.example.com' } };
const inputs = (config: unknown, database: Db | null = db): DoctorInputs => ({ dataDir: dir, config: parseConfig(config), appVersion: 't', db: database, modelsDir: dir, now: () => at, camera: 'cli' });

describe('doctor: changes from HQ this app does not understand', () => {
  it('is fine when there are none, and skipped without a database', () => {
    expect(checkDownlink(inputs(withHq))).toMatchObject({ status: 'ok', summaryCode: 'downlink.ok', data: { deferred: 0 } });
    expect(checkDownlink(inputs({}))).toMatchObject({ status: 'skip', summaryCode: 'downlink.noHq' });
    expect(checkDownlink(inputs(withHq, null))).toMatchObject({ status: 'skip', summaryCode: 'downlink.noDb' });
  });

  it('warns with the count, in three languages, and asks for an update', () => {
    db.transaction(() => {
      deferChange(db, { seq: 7, type: 'future_thing', body: { memberId: 'm-1', note: '私人备注' } }, 'unknown type', at.toISOString());
      deferChange(db, { seq: 9, type: 'coupon', body: { couponId: 'c-1' } }, 'body not understood: body.campaignId: required', at.toISOString());
      deferChange(db, { seq: 11, type: 'future_thing', body: {} }, 'unknown type', at.toISOString());
    })();
    const check = checkDownlink(inputs(withHq));
    expect(check).toMatchObject({ status: 'warn', summaryCode: 'downlink.deferred', params: { count: 3 }, actionCode: 'downlink.updateApp', data: { deferred: 3, types: 'coupon:1,future_thing:2' } });
    expect(check.summary).toBe('HQ sent 3 change(s) this app version does not understand — update the app.');
    expect(JSON.stringify(check)).not.toContain('私人备注');
    expect(doctorWording('zh-CN', check)?.summary).toBe('总部发来 3 项本应用版本无法识别的变更，请更新应用');
    expect(doctorWording('zh-TW', check)?.summary).toBe('總部傳來 3 項本應用程式版本無法識別的變更，請更新應用程式');
    expect(doctorWording('en', check)?.summary).toBe('HQ sent 3 changes this app version does not understand — update the app');
    expect(doctorWording('en', check)?.action).toMatch(/^Update the app/);
    // Even with HQ taken out of the config they are still there to be applied.
    expect(checkDownlink(inputs({})).status).toBe('warn');
  });

  it('reads a database the app has not migrated yet (the doctor opens it read-only) as nothing deferred', () => {
    const old = new Database(path.join(dir, 'old.sqlite'));
    try {
      expect(checkDownlink(inputs(withHq, old as unknown as Db))).toMatchObject({ status: 'ok', summaryCode: 'downlink.ok' });
    } finally {
      old.close();
    }
  });
});
