import { z } from 'zod';
import { call } from './define.js';
import { printerStatusSchema } from './printing.js';

/**
 * Counter devices: the receipt printer's settings (config section `devices`), scanners and detection.
 * Everything defaults to "none" so a kiosk runs with no device attached.
 */
export const printerTransportSchema = z.enum(['none', 'serial', 'tcp', 'usb-lp']);

export const printerConfigSchema = z
  .object({
    transport: printerTransportSchema.default('none'),
    /** Serial port (/dev/ttyUSB0, COM3) or USB printer class device (/dev/usb/lp0). */
    path: z.string().min(1).max(200).nullable().default(null),
    /** Network printer address for raw TCP. */
    host: z.string().min(1).max(200).nullable().default(null),
    port: z.number().int().min(1).max(65535).default(9100),
    /** Must match the printer's DIP switches; a mismatch shows as PRINTER_BAD_REPLY or PRINTER_TIMEOUT. */
    baudRate: z.number().int().min(1200).max(921_600).default(19200),
    /** A known model id (see printer-models.ts); an unknown one is reported as PRINTER_MODEL_UNKNOWN, not a start-up failure. */
    model: z.string().min(1).max(60).default('generic-escpos'),
    /** GB18030 for Simplified Chinese firmware, Big5 for Traditional. */
    encoding: z.enum(['gb18030', 'big5']).default('gb18030'),
    paperWidthMm: z.union([z.literal(58), z.literal(80)]).default(80),
    /** How long to wait for a connection or a status reply. */
    timeoutMs: z.number().int().min(50).max(60_000).default(3000),
    /** How often a waiting queue re-checks a printer that is not ready. */
    retryIntervalMs: z.number().int().min(10).max(600_000).default(5000),
    /** How often the printer's status is polled for the status light, while idle. */
    statusIntervalMs: z.number().int().min(50).max(3_600_000).default(15_000),
    /** A check-in ticket not printed within this time is dropped as stale (the member has gone); receipts never expire. */
    ticketExpiryMinutes: z.number().int().min(1).max(24 * 60).default(30),
  })
  .strict()
  .superRefine((p, ctx) => {
    if ((p.transport === 'serial' || p.transport === 'usb-lp') && p.path === null) {
      ctx.addIssue({ code: 'custom', path: ['path'], message: `a ${p.transport} printer needs a device path` });
    }
    if (p.transport === 'tcp' && p.host === null) ctx.addIssue({ code: 'custom', path: ['host'], message: 'a network printer needs a host' });
  });

export const scannerConfigSchema = z
  .object({
    /** HID POS scanner: none, auto (first device that looks like a scanner), or the given vendor/product id. */
    hid: z.enum(['none', 'auto', 'device']).default('none'),
    vendorId: z.number().int().min(0).max(0xffff).nullable().default(null),
    productId: z.number().int().min(0).max(0xffff).nullable().default(null),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.hid === 'device' && (s.vendorId === null || s.productId === null)) {
      ctx.addIssue({ code: 'custom', path: ['vendorId'], message: 'hid "device" needs vendorId and productId' });
    }
  });

export const devicesConfigSchema = z
  .object({
    printer: printerConfigSchema.prefault({}),
    scanner: scannerConfigSchema.prefault({}),
  })
  .strict();

export type PrinterConfig = z.output<typeof printerConfigSchema>;
export type ScannerConfig = z.output<typeof scannerConfigSchema>;
export type DevicesConfig = z.output<typeof devicesConfigSchema>;

export const scanSourceSchema = z.enum(['hid', 'wedge']);

/** What a scan did, for the kiosk/cashier screen. */
export const scanOutcomeSchema = z.object({
  source: scanSourceSchema,
  outcome: z.enum(['checked-in', 'refused', 'ignored']),
  /** Stable code for the UI: e.g. MEMBER_CODE_EXPIRED, MEMBER_CODE_INVALID, SCAN_DUPLICATE. */
  code: z.string().nullable(),
  /** A message the person at the counter can act on. */
  message: z.string(),
  memberDisplayName: z.string().nullable(),
  at: z.string(),
});

export const scannerStatusSchema = z.object({
  mode: z.enum(['none', 'auto', 'device']),
  state: z.enum(['not-configured', 'connected', 'searching', 'unavailable']),
  device: z.string().nullable(),
  message: z.string().nullable(),
});

export const detectedDevicesSchema = z.object({
  serialPorts: z.array(z.object({ path: z.string(), manufacturer: z.string().nullable(), vendorId: z.string().nullable(), productId: z.string().nullable() })),
  usbPrinters: z.array(z.object({ path: z.string(), isWritable: z.boolean() })),
  hidScanners: z.array(z.object({ vendorId: z.number(), productId: z.number(), product: z.string().nullable(), isLikelyScanner: z.boolean() })),
  /** Why a kind of device could not be listed (missing udevadm, libusb, permissions). */
  notes: z.array(z.string()),
});

export const devicesCalls = {
  'devices.getStatus': call(z.object({}).strict(), z.object({ printer: printerStatusSchema, scanner: scannerStatusSchema })),
  /** For the settings page: what is plugged in. */
  'devices.detect': call(z.object({}).strict(), detectedDevicesSchema, 'manager'),
  /** Try printer settings before saving them: connects and reads the status, prints nothing. */
  'devices.probePrinter': call(
    z.object({ printer: printerConfigSchema }).strict(),
    z.object({ status: printerStatusSchema }),
    'manager',
  ),
  /** A code captured by a keyboard-wedge scanner in the renderer; goes through the same path as a HID scan. */
  'devices.submitScan': call(z.object({ code: z.string().min(1).max(2000), source: z.literal('wedge').default('wedge') }).strict(), scanOutcomeSchema),
};

export const devicesEvents = {
  'devices.scanned': scanOutcomeSchema,
  'devices.scannerStatus': scannerStatusSchema,
};
