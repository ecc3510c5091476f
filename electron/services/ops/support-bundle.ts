import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppConfig } from '../../core/config.js';
import { maskPhone, redact } from '../../core/logger.js';
import type { DoctorReport } from './doctor.js';
import { formatReport } from './doctor.js';
import { listLogFiles } from './log-files.js';
import { tarGz, type TarEntry } from './tar-gz.js';

export const SUPPORT_DIR_NAME = 'support';
/** Logs beyond this (newest first) stay on the PC; a bundle must be small enough to e-mail. */
const MAX_LOG_BYTES = 20 * 1024 * 1024;

/** Config for a bundle: secrets hidden by key, credentials stripped from URLs. */
export function redactConfig(config: AppConfig): unknown {
  const scrubUrls = (value: unknown): unknown => {
    if (typeof value === 'string' && /^[a-z]+:\/\//i.test(value)) {
      try {
        const url = new URL(value);
        if (url.username || url.password) {
          url.username = 'redacted';
          url.password = '';
        }
        for (const key of [...url.searchParams.keys()]) url.searchParams.set(key, 'redacted');
        return url.toString();
      } catch {
        return value;
      }
    }
    if (Array.isArray(value)) return value.map(scrubUrls);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubUrls(v)]));
    return value;
  };
  return redact(scrubUrls(config));
}

/**
 * Log lines are redacted when written; this second pass re-checks each line (in case an older
 * build or a third-party module wrote one) so a bundle never carries a phone number, token or template.
 */
export function scrubLogLine(line: string): string {
  try {
    return JSON.stringify(redact(JSON.parse(line)));
  } catch {
    return line
      .replace(/(?<!\d)(1\d{2})\d{4}(\d{4})(?!\d)/g, (_m, a: string, b: string) => maskPhone(`${a}0000${b}`))
      .replace(/(bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1[redacted]')
      .replace(/data:image\/[a-z]+;base64,[A-Za-z0-9+/=]+/gi, '[image removed]')
      .replace(/(?:-?\d+(?:\.\d+)?(?:e-?\d+)?,\s*){31,}-?\d+(?:\.\d+)?(?:e-?\d+)?/gi, '[numeric array removed]');
  }
}

export interface SupportBundleInputs {
  dataDir: string;
  config: AppConfig;
  appVersion: string;
  schemaVersion: number | null;
  doctor: DoctorReport;
  now: Date;
  extraVersions?: Record<string, string>;
}

/** Writes <dataDir>/support/support-<time>.tar.gz and returns where it is. */
export function writeSupportBundle(inputs: SupportBundleInputs): { file: string; fileName: string; sizeBytes: number } {
  const mtime = inputs.now;
  const entries: TarEntry[] = [];
  const versions = {
    app: inputs.appVersion,
    schemaVersion: inputs.schemaVersion,
    node: process.versions.node,
    electron: process.versions.electron ?? null,
    chrome: process.versions.chrome ?? null,
    platform: process.platform,
    arch: process.arch,
    osRelease: os.release(),
    ...inputs.extraVersions,
  };
  entries.push({ name: 'versions.json', data: JSON.stringify(versions, null, 2), mtime });
  entries.push({ name: 'config.redacted.json', data: JSON.stringify(redactConfig(inputs.config), null, 2), mtime });
  entries.push({ name: 'doctor.json', data: JSON.stringify(inputs.doctor, null, 2), mtime });
  entries.push({ name: 'doctor.txt', data: formatReport(inputs.doctor), mtime });
  let budget = MAX_LOG_BYTES;
  for (const file of listLogFiles(inputs.dataDir)) {
    if (budget <= 0) break;
    const text = fs.readFileSync(file, 'utf8');
    const scrubbed = text
      .split('\n')
      .filter((l) => l.length > 0)
      .map(scrubLogLine)
      .join('\n');
    const data = Buffer.from(`${scrubbed}\n`, 'utf8');
    budget -= data.length;
    entries.push({ name: `logs/${path.basename(file)}`, data, mtime: fs.statSync(file).mtime });
  }
  const dir = path.join(inputs.dataDir, SUPPORT_DIR_NAME);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const fileName = `support-${inputs.config.store.id}-${inputs.now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z')}.tar.gz`;
  const file = path.join(dir, fileName);
  const bytes = tarGz(entries);
  fs.writeFileSync(file, bytes, { mode: 0o600 });
  return { file, fileName, sizeBytes: bytes.length };
}
