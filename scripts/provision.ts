/**
 * Registers this terminal with head office and stores its credentials (0600 file in the data dir).
 *
 *   npm run provision -- --store <id> --hq <url> --token <token> [--device-name counter-1] [--data-dir …]
 *   npm run provision -- --file rollout.json --device-name counter-2      (mass roll-out file from `npm run hq -- rollout-file`)
 *   npm run provision -- … --force                                        re-provision (new credentials; old device retired at HQ)
 *   npm run provision -- --deprovision                                    forget the credentials here and retire the device at HQ
 *   npm run provision -- --status                                         show what this terminal is provisioned as (never the secret)
 *
 * Also writes store.id and hq.url into <data-dir>/config.json so the app syncs on its next start.
 * Exit codes: 0 ok, 2 usage, 3 token refused, 4 HQ unreachable, 5 already provisioned.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir, ensureDataDir } from '../electron/core/data-dir.js';
import { CONFIG_FILE_NAME, deepMerge, parseConfig } from '../electron/core/config.js';
import { appVersion } from '../electron/core/app-paths.js';
import { describeCredentials, readCredentials } from '../edge-sync/client/credentials-file.js';
import { deprovisionDevice, entryForDevice, provisionDevice, ProvisioningError, readProvisioningFile } from '../edge-sync/client/provisioning.js';

const { values } = parseArgs({
  options: {
    store: { type: 'string' },
    hq: { type: 'string' },
    token: { type: 'string' },
    file: { type: 'string' },
    'device-name': { type: 'string' },
    'data-dir': { type: 'string' },
    force: { type: 'boolean', default: false },
    'lab-plain-http': { type: 'boolean', default: false },
    deprovision: { type: 'boolean', default: false },
    status: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

const EXIT: Record<ProvisioningError['code'], number> = {
  ALREADY_PROVISIONED: 5,
  TOKEN_INVALID: 3,
  TOKEN_EXPIRED: 3,
  TOKEN_USED: 3,
  FORBIDDEN: 3,
  HQ_UNREACHABLE: 4,
  HQ_REFUSED: 3,
  NOT_PROVISIONED: 1,
  BAD_FILE: 2,
};

function out(human: string, machine: Record<string, unknown>): void {
  process.stdout.write(values.json ? `${JSON.stringify(machine)}\n` : `${human}\n`);
}

/** Points the app at the store and HQ: merges into config.json, validated like the app does. */
function updateConfig(dataDir: string, patch: Record<string, unknown>): void {
  const file = path.join(dataDir, CONFIG_FILE_NAME);
  const current = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  const next = deepMerge(current, patch);
  parseConfig(next, file);
  fs.writeFileSync(file, `${JSON.stringify(next, null, 2)}\n`);
}

async function main(): Promise<void> {
  const dataDir = ensureDataDir(values['data-dir'] ?? defaultDataDir());
  if (values.status) {
    const c = readCredentials(dataDir);
    out(c ? `provisioned: ${JSON.stringify(describeCredentials(c))}` : 'not provisioned', { provisioned: c !== null, ...(c ? describeCredentials(c) : {}) });
    return;
  }
  if (values.deprovision) {
    const r = await deprovisionDevice(dataDir);
    updateConfig(dataDir, { hq: { url: null } });
    out(`deprovisioned${r.retiredAtHq ? ' (device retired at HQ)' : ' (HQ unreachable: ask HQ to revoke the device)'}`, { deprovisioned: true, ...r });
    return;
  }
  let storeId = values.store;
  let hqUrl = values.hq;
  let token = values.token;
  let deviceName = values['device-name'] ?? 'counter-1';
  if (values.file) {
    const file = readProvisioningFile(values.file);
    const entry = entryForDevice(file, deviceName, storeId);
    ({ storeId, token, deviceName } = entry);
    hqUrl = hqUrl ?? file.hqUrl;
  }
  if (!storeId || !hqUrl || !token) {
    process.stderr.write('provision: needs --store, --hq and --token (or --file); see the header of scripts/provision.ts\n');
    process.exit(2);
  }
  const creds = await provisionDevice({ dataDir, hqUrl, storeId, token, deviceName, appVersion: appVersion(), force: values.force, allowPlainHttp: values['lab-plain-http'] === true });
  updateConfig(dataDir, { store: { id: creds.storeId, deviceName }, hq: { url: hqUrl, ...(values['lab-plain-http'] ? { allowPlainHttpLab: true } : {}) } });
  out(`provisioned ${creds.deviceId} for store ${creds.storeId} (chain ${creds.chainId}); credentials in ${path.join(dataDir, 'hq-device.json')}`, { provisioned: true, ...describeCredentials(creds) });
}

main().catch((error: unknown) => {
  if (error instanceof ProvisioningError) {
    process.stderr.write(`provision: ${error.message}\n`);
    process.exit(EXIT[error.code]);
  }
  process.stderr.write(`provision: ${(error as Error).message}\n`);
  process.exit(1);
});
