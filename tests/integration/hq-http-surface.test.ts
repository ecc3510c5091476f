import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openHqDb } from '../../edge-sync/hq/db/hq-db.js';
import { HqRepository } from '../../edge-sync/hq/hq-repository.js';
import { startHq, type RunningHq } from '../../edge-sync/hq/hq-server.js';
import type { HqDb } from '../../edge-sync/hq/db/hq-db.js';
import type { ConsoleRoutes } from '../../edge-sync/hq/http/hq-app.js';
import { createHqLogger } from '../../edge-sync/hq/http/hq-logging.js';
import { createConsoleGuard, staffConsoleRoutes } from '../../edge-sync/hq/staff/staff-console-routes.js';
import { createScratchPgDatabase } from '../fault/support/hq-fixture.js';
import { rawRequest } from '../fault/support/signed-request.js';
import { createStaffAndSignIn, openScratchHqDb, type ConsoleTestSession } from '../support/hq-console-session.js';
import { hqTestEngine } from '../support/postgres.js';

/**
 * HQ's HTTP surface beyond the device protocol (issue 13): the access log keeps personal data out,
 * the operator's probes, console route modules with their guard, and the built console's hosting.
 * On PostgreSQL (the fixture falls back to SQLite only on a laptop without it, announced).
 */

/** A stand-in for the members module: answers a search with a name and a masked phone. */
const memberSearchRoutes: ConsoleRoutes = (app, ctx) => {
  app.get(
    '/console/api/members',
    { preHandler: ctx.guard.require(), schema: { querystring: z.object({ q: z.string().max(20) }), response: { 200: z.object({ members: z.array(z.object({ displayName: z.string(), phoneMasked: z.string() })) }) } } },
    async () => ({ members: [{ displayName: '王芳', phoneMasked: '138****8000' }] }),
  );
};

const lines: string[] = [];
const logger = createHqLogger({ destination: { write: (line: string) => void lines.push(line) } });
/** HQ as `npm run hq -- serve` runs it, with a stand-in members module behind the real session guard. */
let hq: { hq: RunningHq; repo: HqRepository; db: HqDb; dialect: string };
let closeDb: () => Promise<void>;
let operations: ConsoleTestSession;
let consoleDir: string;

async function logLineFor(route: string): Promise<Record<string, unknown>> {
  // The access log is written once the answer went out: wait for it rather than for a fixed time.
  for (let i = 0; i < 500; i++) {
    const line = lines.find((l) => l.includes(`"route":"${route}"`));
    if (line) return JSON.parse(line) as Record<string, unknown>;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`no access log line for ${route}; have ${lines.join('')}`);
}

beforeAll(async () => {
  consoleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-hq-console-'));
  fs.mkdirSync(path.join(consoleDir, 'assets'));
  fs.writeFileSync(path.join(consoleDir, 'index.html'), '<!doctype html><title>HQ</title><div id="root"></div><script type="module" src="/console/assets/app-3f2a.js"></script>');
  fs.writeFileSync(path.join(consoleDir, 'assets', 'app-3f2a.js'), 'console.log("hq")');
  const scratch = await openScratchHqDb();
  closeDb = scratch.close;
  const now = () => new Date();
  const repo = new HqRepository(scratch.db);
  const running = await startHq({ repo, now, host: '127.0.0.1', port: 0, logger, consoleRoutes: [staffConsoleRoutes, memberSearchRoutes], guard: createConsoleGuard({ db: scratch.db, now }), consoleDir });
  hq = { hq: running, repo, db: scratch.db, dialect: scratch.db.dialect };
  operations = await createStaffAndSignIn(running.app, scratch.db, { chainId: 'chain-1', role: 'operations', now, displayName: '李娜' });
  process.stdout.write(`[hq-http-surface] HQ on ${hq.dialect}\n`);
});
afterAll(async () => {
  await hq?.hq.close();
  await closeDb?.();
  fs.rmSync(consoleDir, { recursive: true, force: true });
});

describe('HQ access log (issue 13: no personal data)', () => {
  it('logs a console member search by route pattern, status, duration and staff id — no phone digits, no query, no name', async () => {
    const res = await fetch(`${hq.hq.url}/console/api/members?q=13800138000`, { headers: operations.headers() });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ members: [{ displayName: '王芳', phoneMasked: '138****8000' }] });
    const entry = await logLineFor('/console/api/members');
    const line = JSON.stringify(entry);
    expect(line).not.toContain('13800138000');
    expect(line).not.toMatch(/138\D*0013\D*8000/);
    for (const secret of ['q=', '?', '王芳', '李娜', '138****8000', operations.cookie.split('=')[1]!, operations.csrfToken]) expect(line).not.toContain(secret);
    expect(Object.keys(entry).sort()).toEqual(['level', 'method', 'ms', 'msg', 'route', 'service', 'staffId', 'status', 'time']);
    expect(entry).toMatchObject({ msg: 'hq.access', method: 'GET', route: '/console/api/members', status: 200, staffId: operations.staffId });
    expect(typeof entry['ms']).toBe('number');
  });

  it('logs a sign-in without the username, the password or the new session', async () => {
    const res = await fetch(`${hq.hq.url}/console/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: operations.username, password: operations.password }) });
    expect(res.status).toBe(200);
    const entry = await logLineFor('/console/api/session');
    expect(entry).toMatchObject({ method: 'POST', status: 200 });
    const everything = lines.join('');
    for (const secret of [operations.username, operations.password, String(res.headers.get('set-cookie')).split(';')[0]!.split('=')[1]!]) expect(everything).not.toContain(secret);
  });

  it('names the signing device of a device request, and the route without its query string', async () => {
    const { token } = await hq.repo.createProvisioningToken({ storeId: 'store-l', chainId: 'chain-1', now: new Date(), ttlMs: 60_000 });
    const device = await hq.repo.provisionDevice({ token, storeId: 'store-l', deviceName: 'c1', now: new Date() });
    const res = await rawRequest(hq.hq.url, 'GET', '/v1/downlink?after=0&limit=10', null, { deviceId: device.deviceId, secret: device.secret });
    expect(res.status).toBe(200);
    const entry = await logLineFor('/v1/downlink');
    expect(entry).toMatchObject({ method: 'GET', status: 200, deviceId: device.deviceId });
    expect(JSON.stringify(entry)).not.toContain('after=');
    expect(JSON.stringify(entry)).not.toContain(device.secret);
  });

  it('logs an unknown path without the path (it could be anything a client typed)', async () => {
    const res = await fetch(`${hq.hq.url}/v1/members/13800138000`);
    expect(res.status).toBe(404);
    await expect.poll(() => lines.some((l) => l.includes('"route":null') && l.includes('"status":404'))).toBe(true);
    expect(lines.join('')).not.toContain('13800138000');
  });
});

describe('HQ probes', () => {
  it('/healthz answers while the process is up; /readyz checks the database and its migrations', async () => {
    expect(await (await fetch(`${hq.hq.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${hq.hq.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: hq.dialect });
    // A database one migration behind this server: not ready, saying which.
    const [latest] = await hq.db.query<{ version: number; name: string; applied_at: string }>('SELECT version, name, applied_at FROM hq_schema_migrations ORDER BY version DESC LIMIT 1');
    await hq.db.query('DELETE FROM hq_schema_migrations WHERE version = $1', [latest!.version]);
    try {
      const behind = await fetch(`${hq.hq.url}/readyz`);
      expect(behind.status).toBe(503);
      expect((await behind.json()) as { reason: string }).toMatchObject({ status: 'not_ready', reason: expect.stringContaining(`migration(s) ${latest!.version}`) });
    } finally {
      await hq.db.query('INSERT INTO hq_schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [latest!.version, latest!.name, latest!.applied_at]);
    }
    expect((await fetch(`${hq.hq.url}/readyz`)).status).toBe(200);
  });

  it('/readyz answers 503 with a reason when the database is gone, while /healthz stays 200', async () => {
    if ((await hqTestEngine()) !== 'postgres') return; // a SQLite file cannot become unreachable under an open handle
    const scratch = await createScratchPgDatabase();
    const db = await openHqDb({ pgUrl: scratch.url });
    const lone = await startHq({ repo: new HqRepository(db), host: '127.0.0.1', port: 0, consoleDir });
    try {
      await scratch.drop();
      const res = await fetch(`${lone.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'not_ready', database: 'postgres', schemaVersion: null, reason: expect.stringMatching(/^database unreachable: /) });
      expect((await fetch(`${lone.url}/healthz`)).status).toBe(200);
    } finally {
      await lone.close();
      await db.close().catch(() => undefined);
    }
  });
});

describe('HQ console hosting', () => {
  it('serves the built console under /console/ with an SPA fallback and its security headers', async () => {
    for (const page of ['/console/', '/console/members/m-1', '/console/setup']) {
      const res = await fetch(`${hq.hq.url}${page}`);
      expect(res.status, page).toBe(200);
      expect(res.headers.get('content-type'), page).toMatch(/^text\/html/);
      expect(await res.text(), page).toContain('<div id="root">');
      expect(res.headers.get('content-security-policy'), page).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
      expect(res.headers.get('referrer-policy'), page).toBe('no-referrer');
      expect(res.headers.get('x-content-type-options'), page).toBe('nosniff');
      expect(res.headers.get('cache-control'), page).toBe('no-cache');
    }
    const asset = await fetch(`${hq.hq.url}/console/assets/app-3f2a.js`);
    expect(asset.status).toBe(200);
    expect(await asset.text()).toBe('console.log("hq")');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const bare = await fetch(`${hq.hq.url}/console`, { redirect: 'manual' });
    expect([bare.status, bare.headers.get('location')]).toEqual([302, '/console/']);
  });

  it('answers unknown console API paths in the JSON envelope (404, 405), never with the page', async () => {
    const missing = await fetch(`${hq.hq.url}/console/api/nothing?q=1`);
    expect([missing.status, ((await missing.json()) as { error: { code: string } }).error.code]).toEqual([404, 'NOT_FOUND']);
    expect(missing.headers.get('content-security-policy')).toContain("default-src 'self'");
    const wrongMethod = await fetch(`${hq.hq.url}/console/api/members`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect([wrongMethod.status, ((await wrongMethod.json()) as { error: { code: string } }).error.code]).toEqual([405, 'METHOD_NOT_ALLOWED']);
  });

  it('says how to build the console when build/hq-console is missing', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-hq-nobuild-'));
    const bare = await startHq({ repo: hq.repo, host: '127.0.0.1', port: 0, consoleDir: empty });
    try {
      for (const page of ['/console/', '/console/members']) {
        const res = await fetch(`${bare.url}${page}`);
        expect(res.status, page).toBe(503);
        expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
        expect(await res.text()).toContain('npm run build');
      }
      // The console API is not the page: an unknown path is still a JSON 404.
      expect((await fetch(`${bare.url}/console/api/members`)).status).toBe(404);
    } finally {
      await bare.close();
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('refuses console route modules without a guard', async () => {
    await expect(startHq({ repo: hq.repo, host: '127.0.0.1', port: 0, consoleRoutes: [memberSearchRoutes] })).rejects.toThrow(/ConsoleGuard/);
  });
});

describe('HQ graceful stop, in process', () => {
  it('drops a request still in flight once the grace period is over', async () => {
    const lone = await startHq({ repo: hq.repo, host: '127.0.0.1', port: 0, consoleDir });
    // Headers sent and acknowledged (100-continue), body never finished: in flight for good.
    const req = http.request(`${lone.url}/v1/provision`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '100', expect: '100-continue' } });
    const outcome = new Promise<string>((resolve) => {
      req.on('response', (r) => resolve(`status ${r.statusCode}`));
      req.on('error', (e) => resolve((e as NodeJS.ErrnoException).code ?? e.message));
    });
    await new Promise<void>((resolve) => req.on('continue', () => resolve()));
    req.write('{"v":1,');
    expect(await lone.shutdown(200)).toEqual({ forced: true });
    expect(await outcome).toBe('ECONNRESET');
  });
});
