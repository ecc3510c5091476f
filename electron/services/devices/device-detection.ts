import fs from 'node:fs';
import path from 'node:path';
import { SerialPort } from 'serialport';
import { isLikelyScanner, type HidBackend } from './hid-backend.js';

export interface DetectedDevices {
  serialPorts: Array<{ path: string; manufacturer: string | null; vendorId: string | null; productId: string | null }>;
  usbPrinters: Array<{ path: string; isWritable: boolean }>;
  hidScanners: Array<{ vendorId: number; productId: number; product: string | null; isLikelyScanner: boolean }>;
  notes: string[];
}

/**
 * What is plugged in, for the settings page. Each kind is listed independently: one failing
 * (no udevadm, no hidraw permission) adds a note and leaves the others.
 */
export async function detectDevices(options: { hid: HidBackend | null; usbLpDir?: string }): Promise<DetectedDevices> {
  const notes: string[] = [];
  const out: DetectedDevices = { serialPorts: [], usbPrinters: [], hidScanners: [], notes };

  try {
    const ports = await SerialPort.list();
    out.serialPorts = ports.map((p) => ({ path: p.path, manufacturer: p.manufacturer ?? null, vendorId: p.vendorId ?? null, productId: p.productId ?? null }));
  } catch (error) {
    notes.push(`Serial ports could not be listed (${(error as Error).message.slice(0, 120)}); on Linux install the "udev" package. Type the path instead, e.g. /dev/ttyUSB0.`);
  }

  const lpDir = options.usbLpDir ?? '/dev/usb';
  if (process.platform === 'linux') {
    try {
      for (const name of fs.readdirSync(lpDir).filter((n) => /^lp\d+$/.test(n)).sort()) {
        const p = path.join(lpDir, name);
        let isWritable = true;
        try {
          fs.accessSync(p, fs.constants.W_OK);
        } catch {
          isWritable = false;
          notes.push(`${p} exists but is not writable by this user: add it to the "lp" group.`);
        }
        out.usbPrinters.push({ path: p, isWritable });
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') notes.push(`USB printers could not be listed: ${(error as Error).message}`);
    }
  }

  if (options.hid) {
    try {
      const devices = await options.hid.list();
      out.hidScanners = devices
        .filter((d) => isLikelyScanner(d) || d.usagePage === 1)
        .map((d) => ({ vendorId: d.vendorId, productId: d.productId, product: d.product, isLikelyScanner: isLikelyScanner(d) }));
    } catch (error) {
      notes.push(`HID devices could not be listed: ${(error as Error).message.slice(0, 120)}`);
    }
  } else notes.push('HID scanner support (node-hid) is not available on this terminal.');
  return out;
}
