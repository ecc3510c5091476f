import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openHqDb, type HqDb } from '../../edge-sync/hq/db/hq-db.js';
import { createScratchPgDatabase } from '../fault/support/hq-fixture.js';
import { hqTestEngine } from './postgres.js';

export interface OpenHqEngine {
  name: 'sqlite' | 'postgres';
  db: HqDb;
  close(): Promise<void>;
}

/**
 * A fresh HQ database on each engine a test should cover: always an embedded SQLite file, and a
 * scratch PostgreSQL database wherever this run's engine is PostgreSQL (always in CI;
 * tests/support/postgres.ts decides and says so when it is not).
 */
export async function openHqEngines(prefix: string): Promise<OpenHqEngine[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const sqlite = await openHqDb({ sqliteFile: path.join(dir, 'hq.sqlite') });
  const engines: OpenHqEngine[] = [
    {
      name: 'sqlite',
      db: sqlite,
      close: async () => {
        await sqlite.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    },
  ];
  if ((await hqTestEngine()) === 'postgres') {
    const scratch = await createScratchPgDatabase();
    const pgDb = await openHqDb({ pgUrl: scratch.url });
    engines.push({
      name: 'postgres',
      db: pgDb,
      close: async () => {
        await pgDb.close();
        await scratch.drop();
      },
    });
  }
  return engines;
}
