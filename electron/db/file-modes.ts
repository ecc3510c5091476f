import fs from 'node:fs';
import path from 'node:path';

/**
 * Owner-only file modes for everything the kiosk keeps: the store database holds members' data and
 * sealed templates, keys/ holds the keys that open them. A folder created earlier by someone else
 * (e.g. 0755 from an installer) or a file created under a lax umask must not stay readable by other
 * users, so the modes are enforced on what already exists, not only on what we create.
 * Windows has no POSIX modes (ACLs of the per-user profile folder apply); there these are no-ops.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

function isPosix(platform: NodeJS.Platform = process.platform): boolean {
  return platform !== 'win32';
}

/** chmod that tolerates a file vanishing in between (a WAL removed at close) but nothing else. */
function chmodIfPresent(file: string, mode: number): void {
  try {
    fs.chmodSync(file, mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * Creates `file` empty with mode 0600 if it does not exist, else chmods it to 0600, and does the
 * same to its existing side files. SQLite creates -wal/-shm/-journal with the main file's mode, so
 * a 0600 main file keeps them private too.
 */
export function ensurePrivateFile(file: string, sideSuffixes: readonly string[] = []): void {
  if (!isPosix()) return;
  try {
    fs.closeSync(fs.openSync(file, fs.constants.O_CREAT | fs.constants.O_WRONLY, PRIVATE_FILE_MODE));
  } catch {
    // An unusable folder: the caller's own open reports it with a message store IT can act on.
    return;
  }
  chmodIfPresent(file, PRIVATE_FILE_MODE);
  for (const suffix of sideSuffixes) chmodIfPresent(`${file}${suffix}`, PRIVATE_FILE_MODE);
}

/**
 * Makes `dir` 0700 and every file below it 0600, folders 0700 (down to `depth` levels; symlinks are
 * left alone: they may point outside the data folder). Run at start-up over the data folder.
 */
export function hardenTree(dir: string, depth = 3): void {
  if (!isPosix() || !fs.existsSync(dir)) return;
  chmodIfPresent(dir, PRIVATE_DIR_MODE);
  if (depth <= 0) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) hardenTree(full, depth - 1);
    else if (entry.isFile()) chmodIfPresent(full, PRIVATE_FILE_MODE);
  }
}
