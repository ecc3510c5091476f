import { AppError } from '../../contract/result.js';
import {
  decodeOfflineCause,
  decodePaperSensor,
  decodePrinterStatus,
  isStatusByte,
  statusRequest,
  type StatusQuery,
} from './escpos/escpos-status.js';
import type { PrinterModel } from './printer-models.js';
import type { PrinterTransport } from './transports/printer-transport.js';

export type PrinterState = 'not-configured' | 'ready' | 'paper-near-end' | 'paper-out' | 'cover-open' | 'offline' | 'error' | 'unreachable';

export interface PrinterStatus {
  state: PrinterState;
  /** True when a job may be sent now (ready, or ready with paper near its end). */
  isReady: boolean;
  errorCode: string | null;
  message: string | null;
  checkedAt: string | null;
  label: string | null;
}

/**
 * Speaks ESC/POS status and data over one transport. Operations are serialised: a status request in
 * the middle of a job's bytes would be answered, but its reply would race the job's own check.
 * The transport is opened lazily and reopened after it goes away, which is how an unplugged printer
 * comes back without a restart.
 */
export class PrinterDriver {
  private lock: Promise<unknown> = Promise.resolve();
  private rx: Buffer[] = [];
  private waiter: ((byte: number) => void) | null = null;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(
    private readonly transport: PrinterTransport,
    readonly model: PrinterModel,
    private readonly timeoutMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.unsubscribe.push(
      transport.onData((chunk) => {
        if (this.waiter) {
          const w = this.waiter;
          this.waiter = null;
          w(chunk[0] as number);
          if (chunk.length > 1) this.rx.push(chunk.subarray(1));
        } else this.rx.push(chunk);
      }),
    );
  }

  get label(): string {
    return this.transport.label;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    const idleMs = this.transport.idleCloseMs;
    if (idleMs !== null) {
      void this.lock.then(() => {
        if (this.isClosed || this.lock !== settled) return; // another operation is queued behind this one
        if (this.idleTimer) clearTimeout(this.idleTimer);
        this.idleTimer = setTimeout(() => {
          this.idleTimer = null;
          if (this.lock === settled) void this.transport.close();
        }, idleMs);
        this.idleTimer.unref();
      });
    }
    const settled = this.lock;
    return run;
  }

  private idleTimer: NodeJS.Timeout | null = null;
  private isClosed = false;

  private async ensureOpen(): Promise<void> {
    if (!this.transport.isOpen) {
      this.rx = [];
      await this.transport.open(this.timeoutMs);
    }
  }

  /** One DLE EOT round trip; the reply byte or PRINTER_TIMEOUT / PRINTER_BAD_REPLY. */
  private async query(n: StatusQuery): Promise<number> {
    this.rx = []; // bytes from before the request are stale (or noise)
    const reply = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(
          new AppError(
            'PRINTER_TIMEOUT',
            `The printer at ${this.label} did not answer a status request within ${this.timeoutMs} ms: check that it is on and connected` +
              (this.label.startsWith('serial') ? ', and that the baud rate matches the printer' : ''),
            { retryable: true },
          ),
        );
      }, this.timeoutMs);
      this.waiter = (byte) => {
        clearTimeout(timer);
        resolve(byte);
      };
    });
    await this.transport.write(statusRequest(n), this.timeoutMs);
    const byte = await reply;
    if (!isStatusByte(byte)) {
      throw new AppError(
        'PRINTER_BAD_REPLY',
        `The printer at ${this.label} answered with garbage (0x${byte.toString(16).padStart(2, '0')})` +
          (this.label.startsWith('serial') ? ': the baud rate probably does not match the printer' : ': is this an ESC/POS printer?'),
        { retryable: false, details: { byte } },
      );
    }
    return byte;
  }

  /** The printer's state; never throws (a failure is a state the cashier sees). */
  checkStatus(): Promise<PrinterStatus> {
    return this.serial(async () => {
      try {
        await this.ensureOpen();
        if (!this.model.hasStatus) return this.status('ready', null, null);
        const online = decodePrinterStatus(await this.query(1));
        if (!online.isOnline) {
          const cause = decodeOfflineCause(await this.query(2));
          if (cause.isCoverOpen) return this.status('cover-open', 'PRINTER_COVER_OPEN', 'The printer cover is open');
          if (cause.isStoppedForPaper) return this.status('paper-out', 'PRINTER_PAPER_OUT', 'The printer is out of paper');
          if (cause.hasError) return this.status('error', 'PRINTER_ERROR', 'The printer reports an error (cutter jam or overheating)');
          const paper = decodePaperSensor(await this.query(4));
          if (paper.isPaperOut) return this.status('paper-out', 'PRINTER_PAPER_OUT', 'The printer is out of paper');
          return this.status('offline', 'PRINTER_OFFLINE', 'The printer is offline');
        }
        const paper = decodePaperSensor(await this.query(4));
        if (paper.isPaperOut) return this.status('paper-out', 'PRINTER_PAPER_OUT', 'The printer is out of paper');
        if (paper.isPaperNearEnd) return this.status('paper-near-end', null, 'The paper roll is nearly empty');
        return this.status('ready', null, null);
      } catch (error) {
        if (error instanceof AppError) {
          // A silent or babbling device: drop the connection so the next try starts clean.
          if (error.code === 'PRINTER_TIMEOUT' || error.code === 'PRINTER_BAD_REPLY') await this.transport.close().catch(() => undefined);
          return this.status(error.code === 'PRINTER_BAD_REPLY' ? 'error' : 'unreachable', error.code, error.message);
        }
        return this.status('unreachable', 'PRINTER_UNREACHABLE', (error as Error).message);
      }
    });
  }

  /** Sends a job's bytes; throws AppError if the channel fails. */
  write(bytes: Uint8Array): Promise<void> {
    return this.serial(async () => {
      try {
        await this.ensureOpen();
      } catch (error) {
        // Nothing left this process: the job can safely stay queued.
        if (error instanceof AppError) throw new AppError(error.code, error.message, { retryable: true, details: { isNothingSent: true } });
        throw error;
      }
      // Large jobs on 9600 baud take a while: allow for the line rate (10 bits per byte) on top of the timeout.
      await this.transport.write(bytes, this.timeoutMs + Math.ceil((bytes.length * 10 * 1000) / 9600));
    });
  }

  private status(state: PrinterState, errorCode: string | null, message: string | null): PrinterStatus {
    return {
      state,
      isReady: state === 'ready' || state === 'paper-near-end',
      errorCode,
      message,
      checkedAt: this.now().toISOString(),
      label: this.label,
    };
  }

  async close(): Promise<void> {
    this.isClosed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    for (const u of this.unsubscribe.splice(0)) u();
    await this.serial(() => this.transport.close());
  }
}
