/**
 * Foundation figures: how long a fresh store database takes to create and migrate, and what one
 * contract call costs in-process and over the browser-hosted HTTP transport.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../electron/db/connection.js';
import { startServices } from '../../electron/services/start-services.js';
import { startHttpHost } from '../../electron/host/http-host.js';
import { createLogger } from '../../electron/core/logger.js';
import { percentile, report, round, timeRuns } from '../bench-stats.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-bench-foundation-'));

const migrateSamples = await timeRuns(() => {
  const file = path.join(tmp, `m-${Math.random()}.sqlite`);
  openDatabase(file).close();
}, 10, 1);

const services = await startServices({ dataDir: path.join(tmp, 'data'), transport: 'browser-host', log: createLogger({ level: 'error' }) });
const dispatchSamples = await timeRuns(() => services.dispatcher.invoke('system.getInfo', {}, { clientId: 'bench', transport: 'in-process' }), 2000, 100);
const rendererDir = path.join(tmp, 'renderer');
fs.mkdirSync(rendererDir);
const host = await startHttpHost({ services, port: 0, rendererDir });
const httpSamples = await timeRuns(async () => {
  const res = await fetch(`${host.url}api/call/system.getInfo`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-kiosk-token': host.token }, body: '{}' });
  await res.json();
}, 500, 50);
await host.close();
await services.close();
fs.rmSync(tmp, { recursive: true, force: true });

report({
  db_create_migrate_ms_p50: round(percentile(migrateSamples, 50), 2),
  contract_dispatch_us_p50: round(percentile(dispatchSamples, 50) * 1000, 1),
  contract_call_http_ms_p50: round(percentile(httpSamples, 50), 3),
  contract_call_http_ms_p95: round(percentile(httpSamples, 95), 3),
});
