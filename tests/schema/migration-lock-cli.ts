/**
 * `npm run migrations:lock` — pins newly added migrations (store and HQ) by appending their checksums
 * to the lock files. It never rewrites an existing entry: an edited shipped migration is refused.
 */
import { appendToLock, readLockFile, writeLockFile, type LockFile } from './migration-lock.js';
import { lockTargets, relativeToRoot } from './shipped-migrations.js';

let failed = false;
for (const target of lockTargets) {
  const lock = readLockFile(target.file);
  const next: LockFile = { ...lock };
  const added: string[] = [];
  try {
    for (const [set, migrations] of Object.entries(target.sets)) {
      const result = appendToLock(set, migrations, lock[set] ?? []);
      next[set] = result.entries;
      added.push(...result.added.map((e) => `${set} ${e.version} (${e.name})`));
    }
  } catch (error) {
    failed = true;
    console.error(`${relativeToRoot(target.file)}: ${(error as Error).message}`);
    continue;
  }
  if (added.length === 0) {
    console.log(`${relativeToRoot(target.file)}: up to date`);
    continue;
  }
  writeLockFile(target.file, next);
  console.log(`${relativeToRoot(target.file)}: pinned ${added.join(', ')}`);
}
process.exitCode = failed ? 1 : 0;
