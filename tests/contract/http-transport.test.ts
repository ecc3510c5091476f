import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHttpHost, type HttpHost } from '../../electron/host/http-host.js';
import { createMemoryLogger } from '../../electron/core/logger.js';
import { startServices, type RunningServices } from '../../electron/services/start-services.js';
import { runContractSuite, tempDataDir } from './contract-suite.js';
import { nodeHttpClient } from './node-http-client.js';

function fakeRendererDir(): string {
  const dir = tempDataDir('kiosk-renderer-');
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>kiosk</title>');
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
  return dir;
}

runContractSuite('HTTP/WebSocket (browser-hosted)', async () => {
  const services = await startServices({ dataDir: tempDataDir(), transport: 'browser-host', log: createMemoryLogger(), validateResults: true });
  const host = await startHttpHost({ services, port: 0, rendererDir: fakeRendererDir() });
  const client = nodeHttpClient(host.url, host.token);
  await client.ready;
  return {
    client,
    services,
    async close() {
      client.close();
      await host.close();
      await services.close();
    },
  };
});

describe('browser-hosted transport guards', () => {
  let services: RunningServices;
  let host: HttpHost;
  let rendererDir: string;
  const call = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${host.url}api/call/system.ping`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-kiosk-token': host.token, ...headers },
      body,
    });

  beforeAll(async () => {
    services = await startServices({ dataDir: tempDataDir(), transport: 'browser-host', log: createMemoryLogger() });
    rendererDir = fakeRendererDir();
    host = await startHttpHost({ services, port: 0, rendererDir, maxBodyBytes: 1024 });
  });
  afterAll(async () => {
    await host.close();
    await services.close();
  });

  it('binds to loopback and keeps the token in a 0600 file', () => {
    expect(new URL(host.url).hostname).toBe('127.0.0.1');
    const stat = fs.statSync(path.join(services.ctx.dataDir, 'host-token'));
    expect(stat.mode & 0o777).toBe(0o600);
    expect(host.launchUrl).toContain(`token=${host.token}`);
  });

  it('refuses calls without the token, with a wrong token, or from a foreign origin', async () => {
    expect((await call('{}', { 'x-kiosk-token': '' })).status).toBe(401);
    expect((await call('{}', { 'x-kiosk-token': 'f'.repeat(64) })).status).toBe(401);
    const foreign = await call('{}', { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await call('{}', { origin: new URL(host.url).origin })).status).toBe(200);
  });

  it('refuses bodies that are not JSON or too large, with clear codes', async () => {
    const bad = await call('{not json');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    const big = await call(JSON.stringify({ echo: 'x'.repeat(4096) }));
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
    const form = await call('echo=1', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
  });

  it('serves the renderer with a strict CSP and never a file outside it', async () => {
    const index = await fetch(host.url);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toMatch(/default-src 'none'.*script-src 'self';/);
    expect(await index.text()).toContain('<title>kiosk</title>');
    expect((await fetch(`${host.url}members/42`)).status).toBe(200); // client-side route → index.html
    // A secret beside the renderer folder must stay out of reach, however the path is spelled.
    fs.writeFileSync(path.join(path.dirname(rendererDir), 'secret-beside-renderer.txt'), 'TOP-SECRET');
    for (const p of ['..%2fsecret-beside-renderer.txt', '%2e%2e/secret-beside-renderer.txt', '..%5csecret-beside-renderer.txt']) {
      const traversal = await fetch(`${host.url}${p}`);
      expect(await traversal.text()).not.toContain('TOP-SECRET');
    }
    expect(await (await fetch(`${host.url}..%2f..%2f..%2fetc%2fpasswd`)).text()).not.toContain('root:');
    expect((await fetch(`${host.url}assets/missing.js`)).status).toBe(404);
  });

  it('refuses an event socket without the token', async () => {
    const ws = new WebSocket(`${host.url.replace(/^http/, 'ws')}api/events?token=nope`);
    const outcome = await new Promise<string>((resolve) => {
      ws.once('open', () => resolve('open'));
      ws.once('error', () => resolve('refused'));
      ws.once('unexpected-response', () => resolve('refused'));
    });
    expect(outcome).toBe('refused');
    ws.terminate();
  });
});
