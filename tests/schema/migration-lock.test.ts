import { describe, expect, it } from 'vitest';
import { appendToLock, lockEntry, lockProblems, migrationChecksum, readLockFile, type LockableMigration } from './migration-lock.js';
import { lockTargets, relativeToRoot } from './shipped-migrations.js';

describe('shipped migrations are pinned', () => {
  for (const target of lockTargets) {
    it(`${relativeToRoot(target.file)} matches every shipped migration`, () => {
      const lock = readLockFile(target.file);
      const problems = Object.entries(target.sets).flatMap(([set, migrations]) => lockProblems(set, migrations, lock[set] ?? []));
      // The array names each edited migration: "shipped migration N was edited; add a new migration instead".
      expect(problems, problems.join('\n')).toEqual([]);
    });
  }
});

const one: LockableMigration = { version: 1, name: 'one', text: 'CREATE TABLE a (id INTEGER);\n' };
const two: LockableMigration = { version: 2, name: 'two', text: 'CREATE TABLE b (id INTEGER);\n' };

describe('migration lock', () => {
  it('hashes the text with normalised line endings, and the number and name with it', () => {
    expect(migrationChecksum({ ...one, text: one.text.replace(/\n/g, '\r\n') })).toBe(migrationChecksum(one));
    expect(migrationChecksum({ ...one, text: one.text.replace('a', 'z') })).not.toBe(migrationChecksum(one));
    expect(migrationChecksum({ ...one, name: 'renamed' })).not.toBe(migrationChecksum(one));
  });

  it('names an edited, a removed and an unpinned migration', () => {
    const locked = [lockEntry(one), lockEntry(two)];
    expect(lockProblems('store', [one, two], locked)).toEqual([]);
    expect(lockProblems('store', [{ ...one, text: 'CREATE TABLE a (id TEXT);' }, two], locked)).toEqual([
      'store: shipped migration 1 (one) was edited; add a new migration instead',
    ]);
    expect(lockProblems('store', [two], locked)).toEqual(['store: shipped migration 1 (one) was removed; shipped migrations stay forever']);
    expect(lockProblems('store', [one, two, { version: 3, name: 'three', text: '' }], locked)).toEqual([
      'store: migration 3 (three) is not pinned yet; run `npm run migrations:lock` and commit the lock file',
    ]);
  });

  it('refuses a new migration numbered between shipped ones', () => {
    const locked = [lockEntry(one), { ...lockEntry(two), version: 5 }];
    const problems = lockProblems('store', [one, { ...two, version: 5 }, { version: 3, name: 'late', text: '' }], locked);
    expect(problems).toContain('store: migration 3 (late) is numbered below the last shipped one (5); give it the next free number');
  });

  it('appends new migrations and never rewrites a pinned one', () => {
    const three: LockableMigration = { version: 3, name: 'three', text: 'CREATE TABLE c (id INTEGER);' };
    const { entries, added } = appendToLock('store', [one, two, three], [lockEntry(one), lockEntry(two)]);
    expect(added).toEqual([lockEntry(three)]);
    expect(entries).toEqual([lockEntry(one), lockEntry(two), lockEntry(three)]);
    expect(() => appendToLock('store', [{ ...one, text: 'DROP TABLE a;' }, two, three], [lockEntry(one), lockEntry(two)])).toThrow(
      /Refusing to update the migration lock:\n\s+store: shipped migration 1 \(one\) was edited; add a new migration instead/,
    );
  });
});
