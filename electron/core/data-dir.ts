import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../contract/result.js';
import { hardenTree } from '../db/file-modes.js';

/** The store database's file name inside the data directory (the app, the doctor and backups all open it). */
export const DB_FILE_NAME = 'store.sqlite';

/**
 * Where this installation keeps its database, keys, logs and configuration.
 * Electron passes app.getPath('userData'); browser-hosted mode takes --data-dir, then
 * KIOSK_DATA_DIR, then the platform's usual per-user data folder.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.KIOSK_DATA_DIR) return path.resolve(env.KIOSK_DATA_DIR);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'member-kiosk');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'member-kiosk');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'member-kiosk');
}

/** Creates the folder if needed, makes it and its files owner-only, and proves it is writable, with a message store IT can act on. */
export function ensureDataDir(dir: string): string {
  const abs = path.resolve(dir);
  try {
    fs.mkdirSync(abs, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw unusable(abs, error, 'cannot be created');
  }
  const probe = path.join(abs, `.write-probe-${process.pid}`);
  try {
    fs.writeFileSync(probe, 'ok');
    fs.rmSync(probe);
  } catch (error) {
    throw unusable(abs, error, 'is not writable');
  }
  try {
    // mkdir's mode applies only to a folder it creates; one that already exists (0755 from an
    // installer, files from a lax umask) is made owner-only here, once we know it is ours to write.
    hardenTree(abs);
  } catch (error) {
    throw unusable(abs, error, 'cannot be made private to this user');
  }
  return abs;
}

function unusable(dir: string, error: unknown, what: string): AppError {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
  return new AppError(
    'DATA_DIR_UNUSABLE',
    `Data directory ${dir} ${what} (${code}). Choose another with --data-dir or KIOSK_DATA_DIR, or fix its permissions.`,
    { cause: error },
  );
}
