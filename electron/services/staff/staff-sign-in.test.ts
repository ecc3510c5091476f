import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import { defaultConfig } from '../../core/config.js';
import { createMemoryLogger } from '../../core/logger.js';
import { openDatabase } from '../../db/connection.js';
import { createMembershipEnv } from '../membership-kernel/membership-env.js';
import { LOCKOUT_BASE_MS, MAX_PIN_FAILURES, createStaff, lockoutMsAfter, signInAsStaff, staffRoster } from './staff-service.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function store() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'staff-sign-in-'));
  dirs.push(dir);
  const db = openDatabase(path.join(dir, 'store.sqlite'));
  const clock = fixedClock('2026-11-22T02:00:00Z');
  const key = randomBytes(32);
  const env = createMembershipEnv({ db, config: defaultConfig(), clock, log: createMemoryLogger() }, { pinLookupKey: () => key });
  const ann = createStaff(env, { name: '安', role: 'manager', pin: '2468' }, null);
  const bo = createStaff(env, { name: '博', role: 'cashier', pin: '1357' }, null);
  return { db, env, clock, ann, bo, close: () => db.close() };
}

const codeOf = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return (e as { code: string }).code;
  }
};

describe('sign-in names the account', () => {
  it('verifies the PIN against the named account only: another account’s PIN is just wrong', () => {
    const s = store();
    try {
      expect(signInAsStaff(s.env, { staffId: s.ann.staffId, pin: '2468' }).role).toBe('manager');
      expect(codeOf(() => signInAsStaff(s.env, { staffId: s.ann.staffId, pin: '1357' }))).toBe('PIN_INCORRECT');
      expect(codeOf(() => signInAsStaff(s.env, { staffId: s.ann.staffId, pin: 'abcd' }))).toBe('PIN_INCORRECT');
    } finally {
      s.close();
    }
  });

  it('locks only the named account after five wrong PINs, and the lock doubles', () => {
    const s = store();
    try {
      for (let i = 1; i < MAX_PIN_FAILURES; i++) expect(codeOf(() => signInAsStaff(s.env, { staffId: s.ann.staffId, pin: '0000' }, `c${i}`))).toBe('PIN_INCORRECT');
      expect(codeOf(() => signInAsStaff(s.env, { staffId: s.ann.staffId, pin: '0000' }, 'c5'))).toBe('STAFF_LOCKED_OUT');
      expect(codeOf(() => signInAsStaff(s.env, { staffId: s.ann.staffId, pin: '2468' }, 'elsewhere'))).toBe('STAFF_LOCKED_OUT');
      expect(signInAsStaff(s.env, { staffId: s.bo.staffId, pin: '1357' }, 'c5').staffId).toBe(s.bo.staffId);
      s.clock.advance(lockoutMsAfter(MAX_PIN_FAILURES));
      expect(codeOf(() => signInAsStaff(s.env, { staffId: s.ann.staffId, pin: '0000' }))).toBe('STAFF_LOCKED_OUT');
      s.clock.advance(2 * LOCKOUT_BASE_MS - 1);
      expect(codeOf(() => signInAsStaff(s.env, { staffId: s.ann.staffId, pin: '2468' }))).toBe('STAFF_LOCKED_OUT');
      s.clock.advance(1);
      expect(signInAsStaff(s.env, { staffId: s.ann.staffId, pin: '2468' }).staffId).toBe(s.ann.staffId);
    } finally {
      s.close();
    }
  });

  it('the roster shows active accounts by name and role only', () => {
    const s = store();
    try {
      expect(staffRoster(s.env)).toEqual([
        { staffId: s.ann.staffId, displayName: '安', role: 'manager' },
        { staffId: s.bo.staffId, displayName: '博', role: 'cashier' },
      ]);
    } finally {
      s.close();
    }
  });
});
