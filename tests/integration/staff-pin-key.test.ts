/**
 * The staff PIN lookup key is not in the database. A store made by an older version (tags under the
 * secret kept in meta) is migrated: the old tags are gone from the file, every account still signs in
 * with its PIN and is re-tagged under the key from the key provider, and a copy of the database alone
 * no longer lets anyone compute the tag of a guessed PIN.
 */
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../electron/core/clock.js';
import { defaultConfig } from '../../electron/core/config.js';
import { createMemoryLogger } from '../../electron/core/logger.js';
import { openDatabase } from '../../electron/db/connection.js';
import { migrations } from '../../electron/db/migrations/index.js';
import { createMembershipEnv } from '../../electron/services/membership-kernel/membership-env.js';
import { hashPin } from '../../electron/services/staff/pin-hash.js';
import { createStaff, signInWithPin } from '../../electron/services/staff/staff-service.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('staff PIN lookup key outside the database', () => {
  it('migrates tags made with the in-database secret: old tags gone, PINs still work, new tags need the outside key', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pin-key-'));
    dirs.push(dir);
    const file = path.join(dir, 'store.sqlite');
    // A store as version 7 left it: the secret in meta, tags = HMAC(secret, "staff-pin:<pin>").
    const old = openDatabase(file, { migrations: migrations.filter((m) => m.version <= 7) });
    const metaSecret = randomBytes(32);
    const oldTag = (pin: string) => createHmac('sha256', metaSecret).update(`staff-pin:${pin}`).digest('base64url');
    old.prepare("INSERT INTO meta (key, value) VALUES ('membership.secret', ?)").run(metaSecret.toString('hex'));
    const insert = old.prepare("INSERT INTO staff (id, name, role, pin_lookup, pin_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
    insert.run('s-mgr', '店长', 'manager', oldTag('2468'), hashPin('2468'));
    insert.run('s-cash', '收银', 'cashier', oldTag('1357'), hashPin('1357'));
    old.close();

    const db = openDatabase(file);
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
      const bytes = fs.readFileSync(file);
      for (const pin of ['2468', '1357']) expect(bytes.includes(Buffer.from(oldTag(pin)))).toBe(false);

      const pinKey = randomBytes(32);
      const env = createMembershipEnv({ db, config: defaultConfig(), clock: fixedClock('2026-11-22T02:00:00Z'), log: createMemoryLogger() }, { pinLookupKey: () => pinKey });
      expect(signInWithPin(env, '2468', 'counter').staffId).toBe('s-mgr');
      expect(signInWithPin(env, '1357', 'counter').staffId).toBe('s-cash');
      // A PIN already held by a migrated-but-not-yet-re-tagged account is still unique.
      db.prepare("UPDATE staff SET pin_lookup = 'legacy:s-cash' WHERE id = 's-cash'").run();
      expect(() => createStaff(env, { name: '新人', role: 'cashier', pin: '1357' }, null)).toThrow(/cannot be used/);
      expect(signInWithPin(env, '1357', 'counter').staffId).toBe('s-cash');

      const tags = db.prepare('SELECT pin_lookup FROM staff ORDER BY id').pluck().all() as string[];
      // The tags in the file cannot be recomputed from anything in the file (the meta secret included).
      for (const pin of ['2468', '1357']) expect(tags).not.toContain(oldTag(pin));
      expect(tags.every((t) => !t.startsWith('legacy:'))).toBe(true);
      const everything = fs.readFileSync(file);
      expect(everything.includes(pinKey)).toBe(false);
      expect(everything.includes(Buffer.from(pinKey.toString('hex')))).toBe(false);
      expect(everything.includes(Buffer.from(pinKey.toString('base64')))).toBe(false);

      // Another key (a stolen file without the key file) finds nobody by tag, and a wrong PIN stays wrong.
      const other = createMembershipEnv({ db, config: defaultConfig(), clock: fixedClock('2026-11-22T02:00:00Z'), log: createMemoryLogger() }, { pinLookupKey: () => randomBytes(32) });
      expect(() => signInWithPin(other, '9999', 'x')).toThrow(/Wrong PIN/);
    } finally {
      db.close();
    }
  });
});
