import fs from 'node:fs';
import { z } from 'zod';
import { HqCallError, HqClient } from './hq-client.js';
import { deleteCredentials, readCredentials, writeCredentials, type StoredCredentials } from './credentials-file.js';

export interface ProvisionArgs {
  dataDir: string;
  hqUrl: string;
  storeId: string;
  token: string;
  deviceName: string;
  appVersion: string;
  now?: () => Date;
  fetch?: typeof fetch;
  /** Replace existing credentials (re-provisioning); without it an already provisioned device is refused. */
  force?: boolean;
  /** The store database's origin id, bound to the new device at HQ (issue 12); else its first batch binds it. */
  originId?: string;
  /** Lab only: allow plain http:// to another machine (hq-url.ts). */
  allowPlainHttp?: boolean;
}

export class ProvisioningError extends Error {
  constructor(
    readonly code: 'ALREADY_PROVISIONED' | 'TOKEN_INVALID' | 'TOKEN_EXPIRED' | 'TOKEN_USED' | 'FORBIDDEN' | 'HQ_UNREACHABLE' | 'HQ_REFUSED' | 'NOT_PROVISIONED' | 'BAD_FILE',
    message: string,
  ) {
    super(message);
    this.name = 'ProvisioningError';
  }
}

/**
 * Registers this device with HQ using a one-time provisioning token and stores the credentials
 * HQ issues (0600 file in the data dir). Re-provisioning (force) retires the old device id at HQ
 * when HQ is reachable and the old credentials still work; the store database keeps its origin id,
 * so per-member sequences continue.
 */
export async function provisionDevice(args: ProvisionArgs): Promise<StoredCredentials> {
  const existing = readCredentials(args.dataDir);
  if (existing && !args.force) {
    throw new ProvisioningError('ALREADY_PROVISIONED', `This device is already provisioned as ${existing.deviceId} for store ${existing.storeId}; use --force to re-provision`);
  }
  const now = args.now ?? (() => new Date());
  const client = new HqClient({ baseUrl: args.hqUrl, credentials: () => null, now: () => now().getTime(), fetch: args.fetch, timeoutMs: 15_000, allowPlainHttp: args.allowPlainHttp ?? false });
  let issued;
  try {
    issued = await client.provision({
      token: args.token,
      storeId: args.storeId,
      deviceName: args.deviceName,
      appVersion: args.appVersion,
      ...(args.originId !== undefined ? { originId: args.originId } : {}),
    });
  } catch (error) {
    throw toProvisioningError(error);
  }
  const creds: StoredCredentials = {
    v: 1,
    hqUrl: args.hqUrl,
    storeId: issued.storeId,
    chainId: issued.chainId,
    deviceId: issued.deviceId,
    deviceSecret: issued.deviceSecret,
    deviceName: args.deviceName,
    provisionedAt: now().toISOString(),
  };
  writeCredentials(args.dataDir, creds);
  if (existing) await retireAtHq(existing, args.fetch, now).catch(() => undefined);
  return creds;
}

/** Forgets the credentials here and retires the device at HQ (best effort when HQ is down). */
export async function deprovisionDevice(dataDir: string, options: { fetch?: typeof fetch; now?: () => Date } = {}): Promise<{ retiredAtHq: boolean }> {
  const existing = readCredentials(dataDir);
  if (!existing) throw new ProvisioningError('NOT_PROVISIONED', 'This device is not provisioned');
  const retiredAtHq = await retireAtHq(existing, options.fetch, options.now ?? (() => new Date())).then(
    () => true,
    () => false,
  );
  deleteCredentials(dataDir);
  return { retiredAtHq };
}

async function retireAtHq(creds: StoredCredentials, fetchImpl: typeof fetch | undefined, now: () => Date): Promise<void> {
  const client = new HqClient({ baseUrl: creds.hqUrl, credentials: () => creds, now: () => now().getTime(), fetch: fetchImpl, timeoutMs: 10_000 });
  await client.health().catch(() => undefined); // learn HQ's clock first
  await client.deprovision();
}

/**
 * The mass roll-out file: one JSON file IT copies to every terminal (or a share), listing the HQ
 * address and one token per device name. The terminal picks its own entry by device name.
 */
export const provisioningFileSchema = z
  .object({
    v: z.literal(1),
    hqUrl: z.url(),
    devices: z
      .array(z.object({ storeId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/), deviceName: z.string().min(1).max(100), token: z.string().min(16).max(200) }).strict())
      .min(1)
      .max(10_000),
  })
  .strict();
export type ProvisioningFile = z.output<typeof provisioningFileSchema>;

export function readProvisioningFile(file: string): ProvisioningFile {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ProvisioningError('BAD_FILE', `Cannot read provisioning file ${file}: ${(error as Error).message}`);
  }
  const parsed = provisioningFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ProvisioningError('BAD_FILE', `Provisioning file ${file}: ${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

export function entryForDevice(file: ProvisioningFile, deviceName: string, storeId?: string): ProvisioningFile['devices'][number] {
  const entry = file.devices.find((d) => d.deviceName === deviceName && (storeId === undefined || d.storeId === storeId));
  if (!entry) throw new ProvisioningError('BAD_FILE', `The provisioning file has no entry for device "${deviceName}"${storeId ? ` of store ${storeId}` : ''}`);
  return entry;
}

function toProvisioningError(error: unknown): ProvisioningError {
  if (error instanceof HqCallError) {
    if (error.kind !== 'http') return new ProvisioningError('HQ_UNREACHABLE', `HQ could not be reached: ${error.message}`);
    const code = error.code;
    if (code === 'TOKEN_INVALID' || code === 'TOKEN_EXPIRED' || code === 'TOKEN_USED' || code === 'FORBIDDEN') {
      const hint = {
        TOKEN_INVALID: 'the token is wrong: check for typos or ask HQ for a new one',
        TOKEN_EXPIRED: 'the token has expired: ask HQ for a new one',
        TOKEN_USED: 'the token was already used: ask HQ for a new one',
        FORBIDDEN: 'the token belongs to another store: check --store',
      }[code];
      return new ProvisioningError(code, `HQ refused provisioning: ${hint}`);
    }
    return new ProvisioningError('HQ_REFUSED', `HQ refused provisioning: ${error.message}`);
  }
  return new ProvisioningError('HQ_REFUSED', (error as Error).message);
}
