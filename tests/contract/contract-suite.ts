/**
 * The contract suite: the same expectations over every transport (in-process, HTTP/WebSocket,
 * Electron IPC with a mocked electron module). A transport passes only if the UI could not tell it
 * apart from calling the services directly.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KioskClient } from '../../electron/contract/client.js';
import { calls, methodNames } from '../../electron/contract/index.js';
import type { RunningServices } from '../../electron/services/start-services.js';
import { until } from '../support/until.js';

export interface ConnectedTransport {
  client: KioskClient;
  services: RunningServices;
  close(): Promise<void>;
}

export function tempDataDir(prefix = 'kiosk-contract-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function runContractSuite(label: string, connect: () => Promise<ConnectedTransport>): void {
  describe(`contract over ${label}`, () => {
    let t: ConnectedTransport;
    beforeAll(async () => {
      t = await connect();
    });
    afterAll(async () => {
      await t?.close();
    });

    it('every call in the contract has a handler', () => {
      for (const name of methodNames) expect(typeof t.services.handlers[name], name).toBe('function');
      expect(Object.keys(t.services.handlers).sort()).toEqual([...methodNames].sort());
    });

    it('system.getInfo returns the configured store, within the contract schema', async () => {
      const result = await t.client.invoke('system.getInfo', {});
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(calls['system.getInfo'].result.safeParse(result.value).success).toBe(true);
      expect(result.value.store.id).toBe(t.services.config.store.id);
      expect(result.value.schemaVersion).toBeGreaterThanOrEqual(1);
      expect(result.value.appName).toBe('Member Kiosk');
    });

    it('system.ping echoes its argument', async () => {
      const result = await t.client.invoke('system.ping', { echo: '你好 kiosk' });
      expect(result).toMatchObject({ ok: true, value: { echo: '你好 kiosk' } });
    });

    it('an unknown method is refused with UNKNOWN_METHOD', async () => {
      const result = await (t.client.invoke as (m: string, a: unknown) => Promise<unknown>)('system.formatDisk', {});
      expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD', retryable: false } });
    });

    it('a malformed argument is refused with INVALID_ARGUMENT naming the field', async () => {
      const wrongType = await t.client.invoke('system.ping', { echo: 42 } as never);
      expect(wrongType).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
      if (!wrongType.ok) expect(wrongType.error.message).toContain('echo');
      const extraKey = await t.client.invoke('system.ping', { echo: 'x', sql: 'DROP TABLE meta' } as never);
      expect(extraKey).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
      const tooLong = await t.client.invoke('system.ping', { echo: 'x'.repeat(201) });
      expect(tooLong).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    });

    it('carries a camera frame as bytes, and refuses bad dimensions with a message that says what does not fit', async () => {
      const frame = (bytes: number) => ({ width: 16, height: 16, stride: 64, format: 'rgba' as const, pixels: new Uint8Array(bytes).fill(7) });
      const bad = await t.client.invoke('face.analyzeRawFrame', { sessionId: 'suite-raw', frame: frame(1023) });
      expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
      // The byte count in the message proves the transport delivered the bytes themselves.
      if (!bad.ok) expect(bad.error.message).toContain('frame.pixels: 1023 bytes do not hold a 16×16 rgba frame with stride 64');
      const good = await t.client.invoke('face.analyzeRawFrame', { sessionId: 'suite-raw', frame: frame(1024) });
      // Past validation: answered by the face service (a result, or its own error while models load), never INVALID_ARGUMENT.
      expect(good.ok || good.error.code !== 'INVALID_ARGUMENT').toBe(true);
    });

    it('events emitted by the services reach the client', async () => {
      const received: unknown[] = [];
      const off = t.client.on('system.workerStatus', (payload) => received.push(payload));
      const status = { state: 'restarting' as const, restarts: 7, lastError: 'suite-probe' };
      // Re-emit until it arrives: a socket-based transport may still be connecting.
      await until(() => {
        t.services.events.emit('system.workerStatus', status);
        return received.some((p) => (p as { restarts?: number }).restarts === 7);
      }, 'the worker status event at the client', 5000);
      off();
      expect(received).toContainEqual(status);
    });
  });
}
