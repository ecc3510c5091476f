/**
 * Head office server and its admin commands.
 *
 *   npm run hq                                   serve on 127.0.0.1:5790 over the embedded SQLite (pilot)
 *   npm run hq -- serve --pg postgres://…        serve over PostgreSQL (production)
 *   npm run hq -- serve --host 0.0.0.0 --port 5790 --data-dir /srv/mk-hq
 *   (serve logs JSON lines to stdout; the console is at <url>/console/ once `npm run build` built it;
 *   probes: GET /healthz, GET /readyz; SIGTERM/SIGINT stop it gracefully: in-flight requests get
 *   --shutdown-grace-ms, default 10000, then the database pool closes and it exits 0)
 *   npm run hq -- create-token --store s1 --chain c1 [--name 东门店] [--ttl-hours 72] [--uses 1]
 *                                            --name names (or renames) the store: the console shows stores by name
 *   npm run hq -- create-admin --chain c1 --username admin [--base-url https://hq.example:5790]
 *                                                prints a one-time console setup link (24 h, single use)
 *   npm run hq -- rollout-file --chain c1 --hq-url http://hq:5790 --devices s1:counter-1,s1:counter-2 --out rollout.json
 *   npm run hq -- revoke-device --device dev_…
 *   npm run hq -- put --chain c1 --type tier --json '{"tierId":"gold",…}'   (tier | rule | campaign | member_profile)
 *   npm run hq -- erase-member --chain c1 --member m1
 *   npm run hq -- erasure-requests --chain c1          erasures asked for away from the member's home store
 *   npm run hq -- carry-out-erasure --chain c1 --member m1   (same as erase-member; closes the requests)
 *   npm run hq -- rollups rebuild --chain c1       rebuilds the chain's dashboard rollups from its events (backfill)
 *   npm run hq -- rollups drain                    applies every queued rollup now (serve does it on its own)
 *
 * Serving on another address than loopback needs TLS (--tls-cert cert.pem --tls-key key.pem), or
 * --lab-plain-http in a lab (the device secret then crosses the network in clear).
 *
 * Every command takes --pg <url> or --sqlite <file> (default <data-dir>/hq.sqlite; data dir from
 * --data-dir, HQ_DATA_DIR, or ./hq-data). Tokens are printed once and stored only as hashes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openHqDb } from '../edge-sync/hq/db/hq-db.js';
import { HqRepository } from '../edge-sync/hq/hq-repository.js';
import { rebuildRollups } from '../edge-sync/hq/dashboard/rollup-rebuild.js';
import { startHq, type RunningHq } from '../edge-sync/hq/hq-server.js';
import { consoleModules } from '../edge-sync/hq/console-modules.js';
import { createHqLogger, type HqLogger } from '../edge-sync/hq/http/hq-logging.js';
import { memberBankDeviceRoutes } from '../edge-sync/hq/members/bank-device-routes.js';
import { createChainAdmin } from '../edge-sync/hq/staff/first-admin.js';
import { usernameSchema } from '../edge-sync/hq/staff/staff-schemas.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    pg: { type: 'string' },
    sqlite: { type: 'string' },
    'data-dir': { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '5790' },
    store: { type: 'string' },
    name: { type: 'string' },
    chain: { type: 'string' },
    'ttl-hours': { type: 'string', default: '72' },
    uses: { type: 'string', default: '1' },
    device: { type: 'string' },
    devices: { type: 'string' },
    'hq-url': { type: 'string' },
    out: { type: 'string' },
    type: { type: 'string' },
    json: { type: 'string' },
    member: { type: 'string' },
    username: { type: 'string' },
    'base-url': { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    'lab-plain-http': { type: 'boolean', default: false },
    'shutdown-grace-ms': { type: 'string', default: '10000' },
    help: { type: 'boolean', short: 'h' },
  },
});
const command = positionals[0] ?? 'serve';

function need(name: keyof typeof values): string {
  const v = values[name];
  if (typeof v !== 'string' || v.length === 0) fail(`${command} needs --${name}`);
  return v as string;
}

function fail(message: string): never {
  process.stderr.write(`hq: ${message}\n`);
  process.exit(2);
}

async function openRepo(): Promise<HqRepository> {
  const pgUrl = values.pg ?? process.env['HQ_PG_URL'];
  if (pgUrl) return new HqRepository(await openHqDb({ pgUrl }));
  const dataDir = path.resolve(values['data-dir'] ?? process.env['HQ_DATA_DIR'] ?? 'hq-data');
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  return new HqRepository(await openHqDb({ sqliteFile: values.sqlite ?? path.join(dataDir, 'hq.sqlite') }));
}

async function main(): Promise<void> {
  if (values.help) {
    process.stdout.write(fs.readFileSync(new URL(import.meta.url), 'utf8').split('*/')[0] ?? '');
    return;
  }
  const repo = await openRepo();
  const now = new Date();
  switch (command) {
    case 'serve': {
      const log = createHqLogger();
      const tls = values['tls-cert'] && values['tls-key'] ? { cert: fs.readFileSync(values['tls-cert']), key: fs.readFileSync(values['tls-key']) } : undefined;
      const hq = await startHq({
        repo,
        deviceRoutes: [memberBankDeviceRoutes],
        host: values.host,
        port: Number(values.port),
        logger: log,
        ...consoleModules({ db: repo.db, now: () => new Date() }),
        ...(tls ? { tls } : {}),
        allowPlainHttpLab: values['lab-plain-http'] === true,
      });
      // Tools wait for this message (bench, tests): keep its wording.
      log.info({ url: hq.url, database: repo.db.dialect }, `HQ listening on ${hq.url} (${repo.db.dialect})`);
      stopOnSignals(hq, repo, log, Number(values['shutdown-grace-ms']));
      return;
    }
    case 'create-token': {
      const storeName = values.name?.trim();
      const t = await repo.createProvisioningToken({
        storeId: need('store'),
        chainId: need('chain'),
        now,
        ttlMs: Number(values['ttl-hours']) * 3_600_000,
        maxUses: Number(values.uses),
        ...(storeName ? { storeName } : {}),
      });
      process.stdout.write(`${JSON.stringify({ store: values.store, chain: values.chain, token: t.token, expiresAt: t.expiresAt })}\n`);
      break;
    }
    case 'create-admin': {
      const username = usernameSchema.safeParse(need('username'));
      if (!username.success) fail(username.error.issues[0]?.message ?? 'bad --username');
      const baseUrl = values['base-url'] ?? `http://${values.host}:${values.port}`;
      const admin = await createChainAdmin(repo.db, { chainId: need('chain'), username: username.data, baseUrl, now });
      process.stdout.write(`chain admin "${username.data}" created for chain ${values.chain}. Open this link once, within 24 h, to set the password:\n${admin.setupLink}\n`);
      break;
    }
    case 'rollout-file': {
      const hqUrl = need('hq-url');
      const chain = need('chain');
      const devices = need('devices').split(',').map((pair) => {
        const [storeId, deviceName] = pair.split(':');
        if (!storeId || !deviceName) fail(`--devices wants store:device pairs, got "${pair}"`);
        return { storeId, deviceName };
      });
      const entries = [];
      for (const d of devices) {
        const t = await repo.createProvisioningToken({ storeId: d.storeId, chainId: chain, now, ttlMs: Number(values['ttl-hours']) * 3_600_000, note: d.deviceName });
        entries.push({ storeId: d.storeId, deviceName: d.deviceName, token: t.token });
      }
      const file = path.resolve(need('out'));
      fs.writeFileSync(file, `${JSON.stringify({ v: 1, hqUrl, devices: entries }, null, 2)}\n`, { mode: 0o600 });
      process.stdout.write(`wrote ${entries.length} device entries to ${file} (keep it private: it holds one-time tokens)\n`);
      break;
    }
    case 'revoke-device': {
      const ok = await repo.revokeDevice(need('device'), now);
      process.stdout.write(ok ? `revoked ${values.device}\n` : `no active device ${values.device}\n`);
      if (!ok) process.exitCode = 1;
      break;
    }
    case 'put': {
      const type = need('type');
      if (!['tier', 'rule', 'campaign', 'member_profile'].includes(type)) fail('--type must be tier, rule, campaign or member_profile');
      const seq = await repo.putChainObject(need('chain'), type as 'tier', JSON.parse(need('json')), now);
      process.stdout.write(`stored ${type} as change ${seq}\n`);
      break;
    }
    case 'erasure-requests': {
      for (const r of await repo.listErasureRequests(need('chain'))) process.stdout.write(`${JSON.stringify(r)}\n`);
      break;
    }
    case 'carry-out-erasure':
    case 'erase-member': {
      await repo.eraseMember(need('chain'), need('member'), null, now);
      process.stdout.write(`erased member ${values.member} at HQ; stores of ${values.chain} apply it on their next pull\n`);
      break;
    }
    case 'rollups': {
      const action = positionals[1];
      if (action === 'rebuild') {
        const chain = need('chain');
        const { events } = await rebuildRollups(repo.db, chain);
        process.stdout.write(`rebuilt the dashboard rollups of ${chain} from ${events} events\n`);
      } else if (action === 'drain') {
        process.stdout.write(`applied the queued rollups of ${await repo.rollups.drain()} events\n`);
      } else fail('rollups: rebuild --chain <id> | drain');
      break;
    }
    default:
      fail(`unknown command "${command}" (serve, create-token, create-admin, rollout-file, revoke-device, put, erase-member, erasure-requests, carry-out-erasure, rollups; --help)`);
  }
  await repo.db.close();
}

/**
 * SIGTERM/SIGINT: stop accepting, let requests in flight finish (bounded by graceMs), close the
 * database pool, exit 0. A second signal drops what is still in flight at once.
 */
function stopOnSignals(hq: RunningHq, repo: HqRepository, log: HqLogger, graceMs: number): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'hq.shutdown_forced');
      hq.server.closeAllConnections();
      return;
    }
    stopping = true;
    log.info({ signal, graceMs }, 'hq.shutting_down');
    const { forced } = await hq.shutdown(graceMs);
    await repo.db.close();
    log.info({ forced }, 'hq.stopped');
    log.flush(() => process.exit(0));
  };
  process.on('SIGINT', (signal) => void stop(signal));
  process.on('SIGTERM', (signal) => void stop(signal));
}

main().catch((error: unknown) => fail((error as Error).message));
