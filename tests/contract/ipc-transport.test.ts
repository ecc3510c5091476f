/**
 * The contract suite over the Electron IPC transport, with `electron` replaced by an in-memory
 * ipcMain/ipcRenderer/contextBridge (no Electron runtime exists here). The client is the object
 * the bundled preload exposes, so this is the path a real renderer's calls take.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BRIDGE_KEY, IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type KioskClient } from '../../electron/contract/client.js';
import { createMemoryLogger } from '../../electron/core/logger.js';
import { startServices, type RunningServices } from '../../electron/services/start-services.js';
import { APP_START_URL } from '../../electron/main/app-origin.js';
import { attachIpcTransport, type IpcTransport } from '../../electron/main/ipc-transport.js';
import { sharedFakeElectron, type FakeWebContents } from '../ops/fake-electron.js';
import { runPreload } from '../ops/load-preload.js';
import { runContractSuite, tempDataDir } from './contract-suite.js';
import { until } from '../support/until.js';

vi.mock('electron', async () => (await import('../ops/fake-electron.js')).sharedFakeElectron().module);

const fake = sharedFakeElectron();

interface Rig {
  services: RunningServices;
  transport: IpcTransport;
  contents: FakeWebContents;
  client: KioskClient;
  exposed: Record<string, unknown>;
  required: string[];
  close(): Promise<void>;
}

async function rig(): Promise<Rig> {
  const services = await startServices({ dataDir: tempDataDir('kiosk-ipc-'), transport: 'electron', log: createMemoryLogger(), validateResults: true });
  const transport = attachIpcTransport({ dispatcher: services.dispatcher, events: services.events, log: services.log });
  const win = new fake.module.BrowserWindow({});
  await win.loadURL(APP_START_URL);
  transport.addWindow(win.webContents as never);
  const { client, exposed, required } = await runPreload(fake.createRenderer(win.webContents));
  return {
    services,
    transport,
    contents: win.webContents,
    client,
    exposed,
    required,
    async close() {
      transport.close();
      await services.close();
    },
  };
}

runContractSuite('Electron IPC (electron mocked)', async () => {
  const r = await rig();
  return { client: r.client, services: r.services, close: () => r.close() };
});

describe('Electron IPC transport specifics', () => {
  // One handler per channel, as in Electron: this rig starts after the suite's rig has closed.
  let r: Rig;
  let ready: Promise<unknown>;
  beforeAll(() => {
    ready = rig().then((x) => (r = x));
    return ready;
  });
  afterAll(async () => {
    await r?.close();
  });

  it('the preload exposes exactly one object with exactly invoke and on, and requires only electron', async () => {
    await ready;
    expect(Object.keys(r.exposed)).toEqual([BRIDGE_KEY]);
    expect(Object.keys(r.exposed[BRIDGE_KEY] as object).sort()).toEqual(['invoke', 'on']);
    expect([...new Set(r.required)]).toEqual(['electron']);
  });

  it('registers exactly the one invoke channel', async () => {
    await ready;
    expect([...fake.handlers.keys()].filter((c) => c.startsWith('kiosk:'))).toEqual([IPC_INVOKE_CHANNEL]);
  });

  it('the preload refuses names outside the contract without reaching the main process', async () => {
    await ready;
    const logged = (r.services.log as unknown as { lines: string[] }).lines.length;
    const result = await (r.client.invoke as (m: string, a: unknown) => Promise<unknown>)('__proto__', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(() => (r.client.on as (e: string, l: () => void) => void)('kiosk:anything', () => {})).toThrow(/Unknown event/);
    expect((r.services.log as unknown as { lines: string[] }).lines.length).toBe(logged);
  });

  it('refuses calls from a frame that is not our top-level app page', async () => {
    await ready;
    const handler = fake.handlers.get(IPC_INVOKE_CHANNEL)!;
    const foreign = await handler({ sender: r.contents, senderFrame: { url: 'https://evil.example/', parent: null } }, 'system.ping', {});
    expect(foreign).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const iframe = await handler({ sender: r.contents, senderFrame: { url: APP_START_URL, parent: { url: APP_START_URL, parent: null } } }, 'system.ping', {});
    expect(iframe).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const gone = await handler({ sender: r.contents, senderFrame: null }, 'system.ping', {});
    expect(gone).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const lookalike = await handler({ sender: r.contents, senderFrame: { url: 'app://kiosk.evil/index.html', parent: null } }, 'system.ping', {});
    expect(lookalike).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const ours = await handler({ sender: r.contents, senderFrame: { url: APP_START_URL, parent: null } }, 'system.ping', { echo: 'hi' });
    expect(ours).toMatchObject({ ok: true, value: { echo: 'hi' } });
  });

  it('does not send events to a window that left our origin, and forgets destroyed windows', async () => {
    await ready;
    const other = new fake.module.BrowserWindow({});
    await other.loadURL(APP_START_URL);
    r.transport.addWindow(other.webContents as never);
    const seen: unknown[] = [];
    other.webContents.rendererListeners.set(IPC_EVENT_CHANNEL, new Set([(_e: unknown, name: unknown) => seen.push(name)]));
    other.webContents.url = 'https://elsewhere.example/';
    r.services.events.emit('system.workerStatus', { state: 'ready', restarts: 0, lastError: null });
    expect(seen).toEqual([]);
    other.webContents.url = APP_START_URL;
    other.webContents.destroy();
    // A destroyed webContents throws on send; the transport must skip it, not crash the emitter's loop.
    r.services.events.emit('system.workerStatus', { state: 'ready', restarts: 0, lastError: null });
    expect(seen).toEqual([]);
  });

  it('replays the latest state of each event to a page that (re)loads', async () => {
    await ready;
    r.services.events.emit('system.workerStatus', { state: 'restarting', restarts: 3, lastError: 'replay-probe' });
    const got: unknown[] = [];
    const off = r.client.on('system.workerStatus', (p) => got.push(p));
    r.contents.emit('did-finish-load');
    await until(() => got.length > 0, 'an event through IPC', 1000);
    off();
    expect(got).toContainEqual({ state: 'restarting', restarts: 3, lastError: 'replay-probe' });
  });

  it('a reload ends the staff session of that page', async () => {
    await ready;
    const forget = vi.spyOn(r.services.dispatcher, 'forgetClient');
    r.contents.emit('did-finish-load');
    expect(forget).toHaveBeenCalledWith(`wc-${r.contents.id}`);
  });

  it('while the main process has no handler, calls answer UNAVAILABLE (retryable) instead of throwing', async () => {
    await ready;
    const handler = fake.handlers.get(IPC_INVOKE_CHANNEL)!;
    fake.handlers.delete(IPC_INVOKE_CHANNEL);
    try {
      const result = await r.client.invoke('system.ping', {});
      expect(result).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', retryable: true } });
    } finally {
      fake.handlers.set(IPC_INVOKE_CHANNEL, handler);
    }
  });
});
