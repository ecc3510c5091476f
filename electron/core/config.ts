import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../contract/result.js';
import { loyaltyConfigSchema } from '../contract/loyalty-rules.js';
import { devicesConfigSchema } from '../contract/devices.js';
import { faceConfigSchema } from '../contract/face-config.js';

/**
 * The kiosk's configuration. Every key has an embedded default, so a new installation runs with
 * nothing configured: a demo store, bundled models, no HQ, devices optional.
 * Unknown keys are errors (a typo must not silently fall back to a default).
 * Each domain owns its section's schema; it is assembled here.
 */
const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'not a known IANA time zone');

export const localeSchema = z.enum(['zh-CN', 'zh-TW', 'en']);

export const storeConfigSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and dashes').default('demo-store'),
    name: z.string().min(1).max(100).default('示例门店'),
    timeZone: timeZone.default('Asia/Shanghai'),
    deviceName: z.string().min(1).max(100).default('counter-1'),
  })
  .strict();

/** The Electron shell's lockdown and update settings (ignored in browser-hosted mode). */
export const kioskConfigSchema = z
  .object({
    /** Full-screen kiosk window; turn off only on a developer's machine. */
    fullscreen: z.boolean().default(true),
    /** Dev tools in a production build; never on a shop counter. */
    devTools: z.boolean().default(false),
    /** Start the app when the terminal's user logs in. */
    autostart: z.boolean().default(true),
    /**
     * Counter screens: 'auto' = a cashier console on the main display and the customer display on a
     * second one when there is one (else the single-screen self-service kiosk); 'dual' / 'single' force it.
     */
    screens: z.enum(['auto', 'single', 'dual']).default('auto'),
    /** The customer-facing display's id (the doctor lists them); null = the first display that is not the main one. */
    customerDisplayId: z.number().int().nullable().default(null),
    /** Where HQ serves latest.yml and the installers (electron-builder "generic" layout); null = no updates. */
    updateFeedUrl: z.url().nullable().default(null),
    /** Local hours [from, to) in which a downloaded update may be installed, e.g. 3..5 = 03:00-05:00. */
    quietHours: z
      .object({ from: z.number().int().min(0).max(23).default(3), to: z.number().int().min(0).max(24).default(5) })
      .strict()
      .prefault({}),
  })
  .strict();

/** Online backups of the store database (encrypted; see electron/services/ops/backup.ts). */
export const backupConfigSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Hours between scheduled backups. */
    everyHours: z.number().min(1).max(24 * 7).default(24),
    /** How many backups to keep; older ones are deleted after a successful backup. */
    keep: z.number().int().min(1).max(365).default(14),
    /** Folder for backups; null = <dataDir>/backups. Point it at a second disk when there is one. */
    dir: z.string().min(1).nullable().default(null),
  })
  .strict();

export const configSchema = z
  .object({
    store: storeConfigSchema.prefault({}),
    ui: z.object({ locale: localeSchema.default('zh-CN') }).strict().prefault({}),
    server: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(5780),
      })
      .strict()
      .prefault({}),
    hq: z
      .object({
        url: z.url().nullable().default(null),
        /** Events per upload request (HQ accepts up to 500). */
        batchSize: z.number().int().min(1).max(500).default(200),
        /** First retry delay after a failed upload; doubles per failure (with jitter) up to backoffMaxMs. */
        backoffBaseMs: z.number().int().min(100).max(600_000).default(1_000),
        /** Retry at least this often during an outage (lag target 5 min; HQ load of 1,000 stores: edge-sync/README.md). */
        backoffMaxMs: z.number().int().min(1_000).max(3_600_000).default(60_000),
        /** While backing off, a new sale or the network coming back may probe HQ's health at most this often. */
        recoveryProbeMinIntervalMs: z.number().int().min(1_000).max(600_000).default(5_000),
        /** Safety-net poll when nothing was written (new events are sent at once anyway). */
        idlePollSeconds: z.number().int().min(1).max(3_600).default(10),
        /** How often to pull rules, tiers, campaigns, profiles, balances and erasures from HQ. */
        downlinkEverySeconds: z.number().int().min(5).max(86_400).default(60),
        requestTimeoutMs: z.number().int().min(1_000).max(120_000).default(15_000),
        /** Lab only: allow a plain http:// HQ URL to a host that is not this machine (the device secret would cross the network in clear). */
        allowPlainHttpLab: z.boolean().default(false),
        /**
         * Member bank (issue 13): points one member may redeem here while HQ cannot be reached, not yet
         * seen by HQ (HQ accepts offline redemptions down to minus its own trustPolicy.offlineRedemptionAllowance,
         * 500 by default: keep this at or below it).
         */
        offlineRedemptionAllowance: z.number().int().min(0).max(10_000).default(500),
      })
      .strict()
      .prefault({}),
    /**
     * Member bank (issue 13): with HQ configured and this store provisioned, purchases redeem against
     * the chain's balance (HQ authorises each redemption) and local balances follow HQ's after each
     * pull. Off: points are redeemed against this store's own balance, as before.
     */
    bank: z.object({ enabled: z.boolean().default(true) }).strict().prefault({}),
    log: z.object({ level: z.enum(['debug', 'info', 'warn', 'error']).default('info') }).strict().prefault({}),
    /** Membership rules: a preset (restaurant five tiers, eyewear three) or the chain's own rules. */
    loyalty: loyaltyConfigSchema.prefault({}),
    kiosk: kioskConfigSchema.prefault({}),
    /**
     * Phone check-in without staff (issue 14, P5): after `attempts` lookups or wrong confirmations
     * within `windowSeconds`, the kiosk client waits `cooldownSeconds`; the member's choice among
     * masked names is an opaque token valid for `choiceSeconds`.
     */
    kioskPhone: z
      .object({
        attempts: z.number().int().min(1).max(100).default(5),
        windowSeconds: z.number().int().min(10).max(86_400).default(600),
        cooldownSeconds: z.number().int().min(1).max(3_600).default(60),
        choiceSeconds: z.number().int().min(10).max(600).default(90),
      })
      .strict()
      .prefault({}),
    backup: backupConfigSchema.prefault({}),
    /**
     * Retention, on by default (issue 14; every data class and its default: docs/store-it.md, "Retention").
     * Audit rows older than auditLogDays are deleted by the maintenance timer; the table's trigger refuses
     * anything younger than 365 days whatever this says.
     */
    retention: z
      .object({ auditLogDays: z.number().int().min(365).max(3_650).default(1_095) })
      .strict()
      .prefault({}),
    /** Receipt printer and scanners; all optional ("none"), so a kiosk runs without devices. */
    devices: devicesConfigSchema.prefault({}),
    /** Face engine: models, quality gates, liveness, decision frames, thresholds per gallery size. */
    face: faceConfigSchema.prefault({}),
  })
  .strict();

export type AppConfig = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

export const CONFIG_FILE_NAME = 'config.json';

export function defaultConfig(): AppConfig {
  return configSchema.parse({});
}

/** Parses configuration and reports every problem by its path, e.g. `server.port: expected number`. */
export function parseConfig(input: unknown, source = 'configuration'): AppConfig {
  const result = configSchema.safeParse(input);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    if (issue.code === 'unrecognized_keys') return `  - ${where}: unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    return `  - ${where}: ${issue.message}`;
  });
  throw new AppError('CONFIG_INVALID', `Invalid ${source}:\n${lines.join('\n')}`);
}

/** Reads `<dataDir>/config.json` if present, merges command-line overrides over it, and validates. */
export function loadConfig(dataDir: string, overrides: Record<string, unknown> = {}): AppConfig {
  const file = path.join(dataDir, CONFIG_FILE_NAME);
  let fromFile: unknown = {};
  if (fs.existsSync(file)) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      throw new AppError('CONFIG_INVALID', `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    try {
      fromFile = JSON.parse(text);
    } catch (error) {
      throw new AppError('CONFIG_INVALID', `${file} is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof fromFile !== 'object' || fromFile === null || Array.isArray(fromFile)) {
      throw new AppError('CONFIG_INVALID', `${file} must contain a JSON object`);
    }
  }
  return parseConfig(deepMerge(fromFile as Record<string, unknown>, overrides), file);
}

export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    out[key] =
      isPlainObject(prev) && isPlainObject(value) ? deepMerge(prev, value) : value;
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
