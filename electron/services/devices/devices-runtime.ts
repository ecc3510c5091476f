import { AppError } from '../../contract/result.js';
import type { PrinterConfig } from '../../contract/devices.js';
import type { ServiceContext } from '../../core/service-context.js';
import { PrintingService } from '../printing/printing-service.js';
import { PrinterDriver, type PrinterStatus } from '../printing/printer-driver.js';
import { findPrinterModel } from '../printing/printer-models.js';
import { createTransport } from '../printing/transports/create-transport.js';
import type { PrinterTransport } from '../printing/transports/printer-transport.js';
import { createNodeHidBackend, type HidBackend } from './hid-backend.js';
import { ScannerService, type CheckInByCode } from './scanner-service.js';

/** The counter's devices as the composition root starts them: printer + queue, scanner. */
export interface DevicesRuntime {
  printing: PrintingService;
  scanner: ScannerService;
  hid: HidBackend | null;
  /** Connects with candidate settings and reads the status; prints nothing. */
  probePrinter(config: PrinterConfig): Promise<PrinterStatus>;
  /** For the doctor (ops): live device status. */
  opsProbes: {
    printer: () => Promise<{ configured: boolean; connected: boolean; detail: string }>;
    scanner: () => Promise<{ configured: boolean; connected: boolean; detail: string }>;
  };
  close(): Promise<void>;
}

export interface DevicesOptions {
  /** The membership service's check-in by member code; until wired, scans are refused with UNAVAILABLE. */
  checkInByCode?: CheckInByCode;
  hid?: HidBackend | null;
  createTransport?: (config: PrinterConfig) => PrinterTransport | null;
}

const notWired: CheckInByCode = () => {
  throw new AppError('UNAVAILABLE', 'Member code check-in is not available on this terminal yet; please use your phone number');
};

export function startDevices(ctx: ServiceContext, options: DevicesOptions = {}): DevicesRuntime {
  const devices = ctx.config.devices;
  const hid = options.hid !== undefined ? options.hid : devices.scanner.hid === 'none' ? null : createNodeHidBackend();
  const makeTransport = options.createTransport ?? createTransport;
  const printing = new PrintingService({
    db: ctx.db,
    log: ctx.log.child('printing'),
    events: ctx.events,
    clock: ctx.clock,
    printer: devices.printer,
    store: { name: ctx.config.store.name, timeZone: ctx.config.store.timeZone, locale: ctx.config.ui.locale },
    createTransport: makeTransport,
  });
  let scanner: ScannerService;
  try {
    scanner = new ScannerService({
      log: ctx.log.child('scanner'),
      events: ctx.events,
      clock: ctx.clock,
      config: devices.scanner,
      checkInByCode: options.checkInByCode ?? notWired,
      hid,
    });
    printing.start();
    scanner.start();
  } catch (error) {
    // The printer's timers stop synchronously in close(); its transport closes in the background.
    printing.close().catch((closeError: unknown) => ctx.log.error('devices.close_failed', { error: (closeError as Error).message }));
    throw error;
  }

  return {
    printing,
    scanner,
    hid,
    async probePrinter(config) {
      if (config.transport === 'none') return { state: 'not-configured', isReady: false, errorCode: null, message: null, checkedAt: null, label: null };
      const model = findPrinterModel(config.model);
      const transport = makeTransport(config);
      if (!transport) throw new AppError('CONFIG_INVALID', 'No printer transport');
      const driver = new PrinterDriver(transport, model, config.timeoutMs, () => ctx.clock.now());
      try {
        return await driver.checkStatus();
      } finally {
        await driver.close();
      }
    },
    opsProbes: {
      async printer() {
        if (!printing.isConfigured) return { configured: false, connected: false, detail: '' };
        const s = await printing.refreshStatus();
        return { configured: true, connected: s.isReady, detail: s.message ?? s.state };
      },
      async scanner() {
        const s = scanner.status();
        if (s.state === 'not-configured') return { configured: false, connected: false, detail: '' };
        return { configured: true, connected: s.state === 'connected', detail: s.message ?? s.device ?? s.state };
      },
    },
    async close() {
      await scanner.close();
      await printing.close();
    },
  };
}
