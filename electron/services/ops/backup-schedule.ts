import type { AppConfig } from '../../core/config.js';
import type { Logger } from '../../core/logger.js';
import type { Db } from '../../db/connection.js';
import { backupDir, createBackup, listBackups } from './backup.js';

export interface BackupSchedule {
  stop(): void;
}

/**
 * Runs a backup every `config.backup.everyHours` (and shortly after start if the newest backup is
 * older than that). Failures are logged and shown by the doctor; the kiosk keeps serving.
 */
export function scheduleBackups(options: { db: Db; dataDir: string; config: AppConfig; log: Logger; now?: () => Date }): BackupSchedule {
  const now = options.now ?? (() => new Date());
  const everyMs = options.config.backup.everyHours * 3600_000;
  let running = false;
  const run = async () => {
    if (running || !options.db.open) return;
    running = true;
    try {
      await createBackup({ db: options.db, dataDir: options.dataDir, config: options.config, now: now(), log: options.log });
    } catch {
      // logged in createBackup
    } finally {
      running = false;
    }
  };
  const newest = listBackups(backupDir(options.dataDir, options.config))[0];
  const dueInMs = newest ? Math.max(0, new Date(newest.createdAt).getTime() + everyMs - now().getTime()) : 0;
  // Never in the first two minutes: start-up (migrations, model loading) comes first.
  const first = setTimeout(() => void run(), Math.max(2 * 60_000, Math.min(dueInMs, everyMs)));
  const timer = setInterval(() => void run(), everyMs);
  first.unref();
  timer.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
