/**
 * The HID edge: listing and opening devices through node-hid (hidraw on Linux, IOKit/Win32 elsewhere).
 * node-hid is loaded lazily so a terminal without it (or without libusb/hidraw access) still starts;
 * the scanner then reports itself unavailable. Tests replace this interface with a recorded stream.
 */
export interface HidDeviceInfo {
  path: string | null;
  vendorId: number;
  productId: number;
  product: string | null;
  manufacturer: string | null;
  usagePage: number | null;
  usage: number | null;
}

export interface HidConnection {
  onReport(listener: (report: Uint8Array) => void): void;
  /** The device went away (unplugged) or failed; the connection is dead after this. */
  onGone(listener: (reason: string) => void): void;
  close(): Promise<void>;
}

export interface HidBackend {
  list(): Promise<HidDeviceInfo[]>;
  open(device: HidDeviceInfo): Promise<HidConnection>;
}

const SCANNER_NAME = /(scan|barcode|bar code|qr|honeywell|zebra|symbol|datalogic|newland|netum|inateck|eyoyo|tera|munbyn|sunmi|hprt|code ?reader)/i;

/** Whether a HID device looks like a barcode/QR scanner (HID POS usage page, or a keyboard named like one). */
export function isLikelyScanner(d: HidDeviceInfo): boolean {
  if (d.usagePage === 0x8c) return true;
  return SCANNER_NAME.test(`${d.manufacturer ?? ''} ${d.product ?? ''}`);
}

export function createNodeHidBackend(): HidBackend {
  type NodeHid = typeof import('node-hid');
  let mod: Promise<NodeHid> | null = null;
  const load = () => (mod ??= import('node-hid'));
  return {
    async list() {
      const hid = await load();
      const devices = await hid.devicesAsync();
      return devices.map((d) => ({
        path: d.path ?? null,
        vendorId: d.vendorId,
        productId: d.productId,
        product: d.product ?? null,
        manufacturer: d.manufacturer ?? null,
        usagePage: d.usagePage ?? null,
        usage: d.usage ?? null,
      }));
    },
    async open(device) {
      const hid = await load();
      // nonExclusive: on macOS a keyboard-class device is otherwise refused.
      const handle = device.path ? await hid.HIDAsync.open(device.path, { nonExclusive: true }) : await hid.HIDAsync.open(device.vendorId, device.productId, { nonExclusive: true });
      let isClosed = false;
      return {
        onReport(listener) {
          handle.on('data', (data: Buffer) => listener(new Uint8Array(data)));
        },
        onGone(listener) {
          handle.on('error', (error: Error) => {
            if (!isClosed) listener(error.message);
          });
        },
        async close() {
          isClosed = true;
          await handle.close().catch(() => undefined);
        },
      };
    },
  };
}
