import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { detectDevices } from '../../electron/services/devices/device-detection.js';
import type { HidBackend } from '../../electron/services/devices/hid-backend.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('device detection for the settings page', () => {
  it.skipIf(process.platform !== 'linux')('lists USB printer class devices with their writability, and HID scanners', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-usb-'));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'lp0'), '');
    fs.writeFileSync(path.join(dir, 'lp1'), '');
    fs.writeFileSync(path.join(dir, 'hiddev0'), '');
    const isRoot = process.getuid?.() === 0;
    if (!isRoot) fs.chmodSync(path.join(dir, 'lp1'), 0o444);
    const hid: HidBackend = {
      list: async () => [
        { path: 'a', vendorId: 0x0c2e, productId: 0x0b61, product: 'Honeywell Scanner', manufacturer: null, usagePage: 1, usage: 6 },
        { path: 'b', vendorId: 0x1, productId: 0x2, product: 'USB Keyboard', manufacturer: null, usagePage: 1, usage: 6 },
        { path: 'c', vendorId: 0x3, productId: 0x4, product: 'Mouse', manufacturer: null, usagePage: 1, usage: 2 },
      ],
      open: async () => {
        throw new Error('not used');
      },
    };
    const found = await detectDevices({ hid, usbLpDir: dir });
    expect(found.usbPrinters.map((p) => p.path)).toEqual([path.join(dir, 'lp0'), path.join(dir, 'lp1')]);
    expect(found.usbPrinters[0]?.isWritable).toBe(true);
    if (!isRoot) {
      expect(found.usbPrinters[1]?.isWritable).toBe(false);
      expect(found.notes.join('\n')).toContain('"lp" group');
    }
    expect(found.hidScanners.filter((d) => d.isLikelyScanner).map((d) => d.product)).toEqual(['Honeywell Scanner']);
    // Serial ports are listed or, without udevadm, explained: never a crash.
    expect(Array.isArray(found.serialPorts)).toBe(true);
  });

  it('keeps going when HID listing fails', async () => {
    const found = await detectDevices({ hid: { list: async () => Promise.reject(new Error('hidraw: permission denied')), open: async () => Promise.reject(new Error('x')) }, usbLpDir: '/nonexistent' });
    expect(found.hidScanners).toEqual([]);
    expect(found.notes.join('\n')).toContain('permission denied');
  });
});
