import { createHash } from 'node:crypto';
import fs from 'node:fs';

/**
 * Pins shipped migrations by checksum. A database that already ran migration N never runs it again,
 * so editing N makes new installations differ from old ones without anyone noticing: the lock turns
 * that into a failing test. Line endings are normalised so a Windows checkout hashes the same.
 */

/** One migration as the lock sees it: its number, its name and the exact text it runs. */
export interface LockableMigration {
  version: number;
  name: string;
  text: string;
}

export interface LockEntry {
  version: number;
  name: string;
  sha256: string;
}

/** Named lists of entries, e.g. { store: [...] } or { postgres: [...], sqlite: [...] }. */
export type LockFile = Record<string, LockEntry[]>;

export function migrationChecksum(m: LockableMigration): string {
  const text = `${m.version}\n${m.name}\n${m.text.replace(/\r\n?/g, '\n')}`;
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function lockEntry(m: LockableMigration): LockEntry {
  return { version: m.version, name: m.name, sha256: migrationChecksum(m) };
}

/** Every way the shipped list disagrees with the lock, as sentences for the test report. */
export function lockProblems(set: string, migrations: readonly LockableMigration[], locked: readonly LockEntry[]): string[] {
  const problems: string[] = [];
  const byVersion = new Map(migrations.map((m) => [m.version, m]));
  for (const entry of locked) {
    const m = byVersion.get(entry.version);
    if (!m) {
      problems.push(`${set}: shipped migration ${entry.version} (${entry.name}) was removed; shipped migrations stay forever`);
    } else if (migrationChecksum(m) !== entry.sha256) {
      problems.push(`${set}: shipped migration ${entry.version} (${entry.name}) was edited; add a new migration instead`);
    }
  }
  const lastLocked = Math.max(0, ...locked.map((e) => e.version));
  const lockedVersions = new Set(locked.map((e) => e.version));
  for (const m of migrations) {
    if (lockedVersions.has(m.version)) continue;
    if (m.version < lastLocked) {
      problems.push(`${set}: migration ${m.version} (${m.name}) is numbered below the last shipped one (${lastLocked}); give it the next free number`);
    } else {
      problems.push(`${set}: migration ${m.version} (${m.name}) is not pinned yet; run \`npm run migrations:lock\` and commit the lock file`);
    }
  }
  return problems;
}

/**
 * The lock with the new migrations appended. Refuses to rewrite anything already pinned: the only
 * way past an edited shipped migration is to undo the edit.
 */
export function appendToLock(set: string, migrations: readonly LockableMigration[], locked: readonly LockEntry[]): { entries: LockEntry[]; added: LockEntry[] } {
  const refused = lockProblems(set, migrations, locked).filter((p) => !p.includes('is not pinned yet'));
  if (refused.length > 0) throw new Error(`Refusing to update the migration lock:\n  ${refused.join('\n  ')}`);
  const lastLocked = Math.max(0, ...locked.map((e) => e.version));
  const added = migrations
    .filter((m) => m.version > lastLocked)
    .sort((a, b) => a.version - b.version)
    .map(lockEntry);
  return { entries: [...locked, ...added], added };
}

export function readLockFile(file: string): LockFile {
  if (!fs.existsSync(file)) return {};
  return JSON.parse(fs.readFileSync(file, 'utf8')) as LockFile;
}

export function writeLockFile(file: string, lock: LockFile): void {
  fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
}
