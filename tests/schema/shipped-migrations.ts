import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hqPgMigrations, hqSqliteMigrations, type HqMigration } from '../../edge-sync/hq/db/hq-migrations.js';
import { migrations as storeMigrations } from '../../electron/db/migrations/index.js';
import type { LockableMigration } from './migration-lock.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A lock file and the migration lists it pins, each under its own name. */
export interface LockTarget {
  file: string;
  sets: Record<string, readonly LockableMigration[]>;
}

const hq = (list: readonly HqMigration[]): LockableMigration[] => list.map((m) => ({ version: m.version, name: m.name, text: m.statements.join(';\n') }));

/** Every database schema the project ships: the store database, and HQ once per SQL dialect. */
export const lockTargets: readonly LockTarget[] = [
  {
    file: path.join(root, 'electron/db/migrations.lock.json'),
    sets: { store: storeMigrations.map((m) => ({ version: m.version, name: m.name, text: m.sql })) },
  },
  {
    file: path.join(root, 'edge-sync/hq/db/hq-migrations.lock.json'),
    sets: { postgres: hq(hqPgMigrations), sqlite: hq(hqSqliteMigrations) },
  },
];

export function relativeToRoot(file: string): string {
  return path.relative(root, file);
}
