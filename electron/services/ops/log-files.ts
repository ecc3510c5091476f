import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../core/config.js';
import { createLogger, type LogLevel, type Logger, type LogSink } from '../../core/logger.js';

export const LOG_DIR_NAME = 'logs';
export const LOG_BASE_NAME = 'kiosk';

export interface RotatingFileSinkOptions {
  dir: string;
  baseName?: string;
  /** Rotate when the current file would grow past this. */
  maxBytes?: number;
  /** Rotated files kept besides the current one (kiosk.1.log is the newest). */
  keep?: number;
  /** Where a line goes when the file cannot be written (full disk, read-only folder). */
  fallback?: LogSink;
}

/**
 * A log sink writing JSON lines to <dir>/kiosk.log, rotated by size: kiosk.log → kiosk.1.log → …
 * Writes are synchronous so the last lines before a crash are on disk; the kiosk logs little
 * (events, not frames), so this costs nothing measurable. A failing disk never throws into the caller.
 */
export function createRotatingFileSink(options: RotatingFileSinkOptions): LogSink & { file: string } {
  const base = options.baseName ?? LOG_BASE_NAME;
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const keep = options.keep ?? 5;
  const file = path.join(options.dir, `${base}.log`);
  let size: number | null = null;
  let failing = false;

  const rotate = () => {
    fs.rmSync(path.join(options.dir, `${base}.${keep}.log`), { force: true });
    for (let i = keep - 1; i >= 1; i--) {
      const from = path.join(options.dir, `${base}.${i}.log`);
      if (fs.existsSync(from)) fs.renameSync(from, path.join(options.dir, `${base}.${i + 1}.log`));
    }
    if (fs.existsSync(file)) fs.renameSync(file, path.join(options.dir, `${base}.1.log`));
    size = 0;
  };

  const sink = (line: string) => {
    const bytes = Buffer.byteLength(line) + 1;
    try {
      if (size === null) {
        fs.mkdirSync(options.dir, { recursive: true, mode: 0o700 });
        size = fs.existsSync(file) ? fs.statSync(file).size : 0;
      }
      if (size > 0 && size + bytes > maxBytes) rotate();
      fs.appendFileSync(file, `${line}\n`, { mode: 0o600 });
      size = (size ?? 0) + bytes;
      failing = false;
    } catch (error) {
      size = null;
      if (!failing) options.fallback?.(JSON.stringify({ t: new Date().toISOString(), level: 'error', domain: 'log', event: 'log.file_write_failed', code: (error as NodeJS.ErrnoException).code ?? 'unknown' }));
      failing = true;
      options.fallback?.(line);
    }
  };
  return Object.assign(sink, { file });
}

/** Log files of a data directory, newest first (the current file, then kiosk.1.log, …). */
export function listLogFiles(dataDir: string): string[] {
  const dir = path.join(dataDir, LOG_DIR_NAME);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const rank = (name: string) => {
    if (name === `${LOG_BASE_NAME}.log`) return 0;
    const m = new RegExp(`^${LOG_BASE_NAME}\\.(\\d+)\\.log$`).exec(name);
    return m ? Number(m[1]) : null;
  };
  return names
    .map((n) => ({ n, r: rank(n) }))
    .filter((e): e is { n: string; r: number } => e.r !== null)
    .sort((a, b) => a.r - b.r)
    .map((e) => path.join(dir, e.n));
}

/**
 * The app's logger: redacted JSON lines to <dataDir>/logs/kiosk.log (rotated) and to stderr.
 * The level comes from the data directory's config when it can be read; a broken config is
 * reported properly by startServices a moment later, so here it just falls back to 'info'.
 */
export function createAppLogger(dataDir: string, options: { level?: LogLevel; toStderr?: boolean } = {}): Logger {
  let level: LogLevel = options.level ?? 'info';
  if (!options.level) {
    try {
      level = loadConfig(dataDir).log.level;
    } catch {
      // reported by startServices
    }
  }
  const stderr: LogSink = (line) => process.stderr.write(`${line}\n`);
  const toStderr = options.toStderr ?? true;
  // When lines already go to stderr, a failing file needs no second copy there.
  const file = createRotatingFileSink({ dir: path.join(dataDir, LOG_DIR_NAME), fallback: toStderr ? undefined : stderr });
  return createLogger({
    level,
    sink: (line) => {
      file(line);
      if (toStderr) stderr(line);
    },
  });
}
