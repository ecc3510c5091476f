import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The device's HQ credentials, in `<dataDir>/hq-device.json`, readable by the kiosk's OS user only
 * (0600). Written atomically (temp file + fsync + rename) so a power cut never leaves half a secret.
 * The secret is never logged: use `describeCredentials` for anything printed.
 */
export const CREDENTIALS_FILE_NAME = 'hq-device.json';

export const storedCredentialsSchema = z
  .object({
    v: z.literal(1),
    hqUrl: z.url(),
    storeId: z.string().min(1).max(64),
    chainId: z.string().min(1).max(64),
    deviceId: z.string().min(1).max(64),
    deviceSecret: z.string().min(32).max(200),
    deviceName: z.string().min(1).max(100),
    provisionedAt: z.string(),
  })
  .strict();
export type StoredCredentials = z.output<typeof storedCredentialsSchema>;

export function credentialsPath(dataDir: string): string {
  return path.join(dataDir, CREDENTIALS_FILE_NAME);
}

export function readCredentials(dataDir: string): StoredCredentials | null {
  const file = credentialsPath(dataDir);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const parsed = storedCredentialsSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file} is not a valid credentials file; provision the device again`);
  return parsed.data;
}

export function writeCredentials(dataDir: string, creds: StoredCredentials): void {
  const file = credentialsPath(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, `${JSON.stringify(storedCredentialsSchema.parse(creds), null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

export function deleteCredentials(dataDir: string): boolean {
  try {
    fs.rmSync(credentialsPath(dataDir));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** What may be shown or logged about the credentials: never the secret. */
export function describeCredentials(c: StoredCredentials): Record<string, string> {
  return { hqUrl: c.hqUrl, storeId: c.storeId, chainId: c.chainId, deviceId: c.deviceId, deviceName: c.deviceName, provisionedAt: c.provisionedAt };
}

/**
 * Credentials held in memory and re-read from disk when HQ says they are no longer good (401):
 * a re-provisioning done by the command line while the app runs is then picked up without a restart.
 */
export interface CredentialSource {
  get(): StoredCredentials | null;
  /** Re-reads the file; true when it now holds different credentials (worth retrying). */
  refresh(): boolean;
}

export function fileCredentialSource(dataDir: string): CredentialSource {
  let cached = safeRead(dataDir);
  return {
    get: () => cached,
    refresh() {
      const fresh = safeRead(dataDir);
      const changed = fresh?.deviceId !== cached?.deviceId || fresh?.deviceSecret !== cached?.deviceSecret;
      cached = fresh;
      return changed && fresh !== null;
    },
  };
}

function safeRead(dataDir: string): StoredCredentials | null {
  try {
    return readCredentials(dataDir);
  } catch {
    return null;
  }
}
