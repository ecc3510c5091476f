import { AppError } from '../../contract/result.js';
import type { PrinterConfig } from '../../contract/devices.js';
import type { Clock } from '../../core/clock.js';
import type { EventBus } from '../../core/event-bus.js';
import type { Logger } from '../../core/logger.js';
import type { Db } from '../../db/connection.js';
import type { PrintDocument } from './layouts/print-document.js';
import { columnsForPaper, renderEscPos, renderPreview, type PaperSpec, type PreviewLine } from './layouts/render-document.js';
import type { CheckInTicketData, PurchaseReceiptData, ReceiptLocale } from './layouts/layout-types.js';
import { checkInTicketLayout, markAsReprint, purchaseReceiptLayout, testPageLayout } from './layouts/receipt-layouts.js';
import { PrinterDriver, type PrinterStatus } from './printer-driver.js';
import { findPrinterModel } from './printer-models.js';
import { PrintJobRepo, type PrintJobRow, type PrintJobState } from './queue/print-job-repo.js';
import { createTransport } from './transports/create-transport.js';
import type { PrinterTransport } from './transports/printer-transport.js';

/** A job as the cashier sees it (contract shape). */
export interface PrintJobView {
  id: string;
  kind: PrintJobRow['kind'];
  title: string;
  state: PrintJobState;
  attempts: number;
  createdAt: string;
  printedAt: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  mayHavePrinted: boolean;
  reprintOf: string | null;
}

export interface PrintingServiceOptions {
  db: Db;
  log: Logger;
  events: EventBus;
  clock: Clock;
  printer: PrinterConfig;
  store: { name: string; timeZone: string; locale: ReceiptLocale };
  /** Builds the byte channel; the default follows the settings (serial, tcp, usb-lp). */
  createTransport?: (config: PrinterConfig) => PrinterTransport | null;
  /** Test seam: runs after a job's bytes were written and before its status check (simulates a crash there). */
  afterWrite?: (jobId: string) => Promise<void> | void;
  /** Printed jobs are kept this long for reprints. */
  keepPrintedDays?: number;
}

const INTERRUPTED_MESSAGE =
  'The app stopped while this was printing. It may be on paper already: check the printer, and reprint only if it is missing.';

/**
 * The receipt printer and its persisted queue. Enqueueing is synchronous and never waits for the
 * printer (the counter must not block); a single loop prints the oldest queued job when the printer
 * says it is ready, and waits — re-checking every retryIntervalMs — while it is not.
 *
 * Exactly once: a job is marked 'printing' (committed, synchronous=FULL) before its first byte is sent,
 * and 'printed' only after the bytes were written and a second status check said OK. If the app dies in
 * between, the job is found in 'printing' on the next start and becomes failed/mayHavePrinted: we
 * prefer a cashier pressing "reprint" over a duplicate receipt nobody asked for. Jobs the printer never
 * received (not ready, could not connect) stay queued and print when it is back.
 */
export class PrintingService {
  private readonly repo: PrintJobRepo;
  private readonly driver: PrinterDriver | null;
  private status: PrinterStatus;
  private readonly columns: number;
  /** Paper width and what the configured model can do (cutter, QR); everything rendered goes through it. */
  private readonly paper: PaperSpec;
  private pumping: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private monitorTimer: NodeJS.Timeout | null = null;
  private isClosed = false;
  private isStarted = false;
  private isMonitoring = false;
  private monitoring: Promise<void> | null = null;
  private isRecheckWanted = false;
  private readonly log: Logger;

  constructor(private readonly opts: PrintingServiceOptions) {
    this.repo = new PrintJobRepo(opts.db);
    this.log = opts.log;
    this.columns = columnsForPaper(opts.printer.paperWidthMm);
    this.paper = { columns: this.columns, ...capabilitiesOf(opts.printer.model) };
    this.status = this.statusOf('not-configured', null, null, null);
    this.driver = null;
    if (opts.printer.transport === 'none') return;
    try {
      const model = findPrinterModel(opts.printer.model);
      const transport = (opts.createTransport ?? createTransport)(opts.printer);
      if (transport) this.driver = new PrinterDriver(transport, model, opts.printer.timeoutMs, () => opts.clock.now());
      this.status = this.statusOf('unreachable', null, 'Checking the printer…', transport?.label ?? null);
    } catch (error) {
      // A bad model or setting is a state the cashier and store IT see, not a crash of the kiosk.
      const e = error instanceof AppError ? error : new AppError('PRINTER_UNREACHABLE', String(error));
      this.status = this.statusOf('error', e.code, e.message, null);
      this.log.warn('printing.printer_unusable', { code: e.code, message: e.message });
    }
  }

  get isConfigured(): boolean {
    return this.opts.printer.transport !== 'none';
  }

  /** Recovers from the previous run and starts the status monitor and the queue. */
  start(): void {
    if (this.isStarted) return;
    this.isStarted = true;
    const now = this.nowIso();
    const interrupted = this.repo.failInterrupted(INTERRUPTED_MESSAGE, now);
    if (interrupted.length > 0) this.log.warn('printing.interrupted_jobs', { count: interrupted.length });
    const keepDays = this.opts.keepPrintedDays ?? 7;
    this.repo.prunePrinted(new Date(this.opts.clock.now().getTime() - keepDays * 86_400_000).toISOString());
    for (const id of interrupted) this.emitJob(id);
    this.emitStatus();
    if (this.driver) {
      this.monitorTimer = setInterval(() => void this.monitor(), this.opts.printer.statusIntervalMs);
      this.monitorTimer.unref();
      // Check at once so the status light is right from the start; queued jobs from the last run follow.
      void this.monitor();
    }
  }

  enqueueCheckInTicket(data: CheckInTicketData): PrintJobView {
    const expiresAt = new Date(this.opts.clock.now().getTime() + this.opts.printer.ticketExpiryMinutes * 60_000).toISOString();
    return this.enqueue(checkInTicketLayout(data), { sourceRef: data.sourceRef ?? null, expiresAt });
  }

  enqueuePurchaseReceipt(data: PurchaseReceiptData): PrintJobView {
    return this.enqueue(purchaseReceiptLayout(data), { sourceRef: data.sourceRef ?? null, expiresAt: null });
  }

  printTestPage(): PrintJobView {
    const doc = testPageLayout(this.opts.store.locale, {
      storeName: this.opts.store.name,
      printerLabel: this.status.label ?? this.opts.printer.transport,
      at: this.nowIso(),
      timeZone: this.opts.store.timeZone,
    });
    return this.enqueue(doc, { sourceRef: null, expiresAt: null });
  }

  /**
   * Queues a document and returns at once. Synchronous, so a caller can do it inside its own
   * transaction (the check-in and its ticket commit together). Throws PRINTER_NOT_CONFIGURED when
   * there is no printer, TEXT_NOT_ENCODABLE when fixed text cannot be printed in the printer's code page.
   */
  enqueue(doc: PrintDocument, options: { sourceRef: string | null; expiresAt: string | null; reprintOf?: string | null }): PrintJobView {
    if (!this.isConfigured) throw new AppError('PRINTER_NOT_CONFIGURED', 'No receipt printer is configured on this terminal');
    // Render now so a layout the printer cannot print fails for the caller, not later in the queue.
    renderEscPos(doc, this.paper, this.opts.printer.encoding);
    const { row, isNew } = this.repo.insert({ document: doc, now: this.nowIso(), expiresAt: options.expiresAt, reprintOf: options.reprintOf ?? null, sourceRef: options.sourceRef });
    if (isNew) {
      this.log.info('printing.job_queued', { jobId: row.id, kind: row.kind });
      this.emitJobRow(row);
      this.kick();
    }
    return toView(row);
  }

  /** A marked copy of any job; the original is left as it is (its history stays true). */
  reprint(jobId: string): PrintJobView {
    const job = this.repo.get(jobId);
    if (!job) throw new AppError('NOT_FOUND', 'No such print job (printed jobs are kept for a week)');
    if (job.state === 'queued' || job.state === 'printing') {
      throw new AppError('PRINT_JOB_PENDING', 'This job has not finished yet; it will print when the printer is ready', { retryable: true });
    }
    const root = job.reprintOf ?? job.id;
    const doc = job.reprintOf ? job.document : markAsReprint(job.document);
    return this.enqueue(doc, { sourceRef: null, expiresAt: null, reprintOf: root });
  }

  listJobs(limit: number, states?: readonly PrintJobState[]): PrintJobView[] {
    return this.repo.list(limit, states).map(toView);
  }

  getJob(jobId: string): PrintJobView | null {
    const row = this.repo.get(jobId);
    return row ? toView(row) : null;
  }

  preview(jobId: string): { title: string; columns: number; lines: PreviewLine[] } {
    const job = this.repo.get(jobId);
    if (!job) throw new AppError('NOT_FOUND', 'No such print job');
    return { title: job.title, columns: this.columns, lines: renderPreview(job.document, this.paper) };
  }

  previewDocument(doc: PrintDocument): PreviewLine[] {
    return renderPreview(doc, this.paper);
  }

  getStatus(): { printer: PrinterStatus; queue: { queued: number; printing: number; failed: number } } {
    return { printer: this.status, queue: this.repo.counts() };
  }

  /** Checks the printer now (settings page, "check again" button). */
  async refreshStatus(): Promise<PrinterStatus> {
    if (this.driver) this.setStatus(await this.driver.checkStatus());
    return this.status;
  }

  /** Resolves when the queue loop has nothing more it can do right now (tests, shutdown). */
  async whenIdle(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  async close(): Promise<void> {
    this.isClosed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.monitorTimer) clearInterval(this.monitorTimer);
    await this.monitoring;
    await this.whenIdle();
    await this.driver?.close();
  }

  private kick(): void {
    // Before start() the previous run's interrupted jobs are not recovered yet: do not touch the queue.
    if (!this.isStarted || this.isClosed || !this.driver) return;
    if (this.pumping) {
      // The running loop may already have looked at the queue: make it look again when it ends.
      this.isRecheckWanted = true;
      return;
    }
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    this.isRecheckWanted = false;
    this.pumping = this.pump().finally(() => {
      this.pumping = null;
      if (this.isRecheckWanted && !this.retryTimer) this.kick();
    });
  }

  private async pump(): Promise<void> {
    try {
      for (;;) {
        if (this.isClosed) return;
        const outcome = await this.printNext();
        if (outcome === 'idle') return;
        if (outcome === 'waiting') {
          this.retryTimer = setTimeout(() => {
            this.retryTimer = null;
            this.kick();
          }, this.opts.printer.retryIntervalMs);
          this.retryTimer.unref();
          return;
        }
      }
    } catch (error) {
      this.log.error('printing.queue_failed', { error: (error as Error).message });
    }
  }

  private async printNext(): Promise<'idle' | 'waiting' | 'continue'> {
    const driver = this.driver;
    if (!driver) return 'idle';
    const expired = this.repo.expireStale(this.nowIso(), 'The ticket was not printed in time and is no longer useful; reprint it if needed');
    for (const id of expired) this.emitJob(id);
    const job = this.repo.nextQueued();
    if (!job) return 'idle';

    let bytes: Uint8Array;
    try {
      bytes = renderEscPos(job.document, this.paper, this.opts.printer.encoding);
    } catch (error) {
      // The settings changed (e.g. GB18030 → Big5) since it was queued: this job can never print as it is.
      const e = asAppError(error);
      this.repo.markFailed(job.id, e.code, e.message, false, this.nowIso());
      this.emitJob(job.id);
      return 'continue';
    }

    const before = await driver.checkStatus();
    this.setStatus(before);
    if (!before.isReady) {
      this.repo.noteWaiting(job.id, before.errorCode, before.message, this.nowIso());
      this.emitJob(job.id);
      return 'waiting';
    }
    if (!this.repo.markPrinting(job.id, this.nowIso())) return 'continue';
    this.emitJob(job.id);

    try {
      await driver.write(bytes);
    } catch (error) {
      const e = asAppError(error);
      if (e.details?.isNothingSent === true) {
        this.repo.backToQueued(job.id, e.code, e.message, this.nowIso());
        this.emitJob(job.id);
        return 'waiting';
      }
      this.repo.markFailed(job.id, e.code, `${e.message}. Part of it may have printed: check the printer and reprint if needed.`, true, this.nowIso());
      this.log.warn('printing.job_write_failed', { jobId: job.id, code: e.code });
      this.emitJob(job.id);
      return 'continue';
    }
    await this.opts.afterWrite?.(job.id);

    const after = await driver.checkStatus();
    this.setStatus(after);
    if (after.isReady) {
      this.repo.markPrinted(job.id, this.nowIso());
      this.log.info('printing.job_printed', { jobId: job.id, kind: job.kind });
    } else {
      this.repo.markFailed(
        job.id,
        after.errorCode ?? 'PRINTER_UNCONFIRMED',
        `Sent to the printer, which then reported: ${after.message ?? 'no answer'}. Check the paper and reprint if it is missing.`,
        true,
        this.nowIso(),
      );
      this.log.warn('printing.job_unconfirmed', { jobId: job.id, code: after.errorCode });
    }
    this.emitJob(job.id);
    return 'continue';
  }

  private async monitor(): Promise<void> {
    // One check at a time: a silent printer takes timeoutMs per check, longer than the polling interval.
    if (this.isClosed || !this.driver || this.pumping || this.isMonitoring) return;
    this.isMonitoring = true;
    const driver = this.driver;
    this.monitoring = (async () => {
      try {
        const status = await driver.checkStatus();
        if (this.isClosed) return;
        this.setStatus(status);
        // Not-ready printers are retried by the queue loop itself, which also records why each job waits.
        if (this.repo.counts().queued > 0) this.kick();
      } catch (error) {
        this.log.error('printing.monitor_failed', { error: (error as Error).message });
      } finally {
        this.isMonitoring = false;
      }
    })();
    await this.monitoring;
  }

  private setStatus(next: PrinterStatus): void {
    const changed = next.state !== this.status.state || next.errorCode !== this.status.errorCode;
    this.status = next;
    if (changed) {
      this.log.info('printing.status', { state: next.state, code: next.errorCode });
      this.emitStatus();
    }
  }

  private emitStatus(): void {
    this.opts.events.emit('printing.status', this.getStatus());
  }

  private emitJob(id: string): void {
    const row = this.repo.get(id);
    if (row) this.emitJobRow(row);
  }

  private emitJobRow(row: PrintJobRow): void {
    this.opts.events.emit('printing.jobUpdated', toView(row));
    this.emitStatus();
  }

  private statusOf(state: PrinterStatus['state'], errorCode: string | null, message: string | null, label: string | null): PrinterStatus {
    return { state, isReady: false, errorCode, message, checkedAt: null, label };
  }

  private nowIso(): string {
    return this.opts.clock.now().toISOString();
  }
}

/** The model's cutter and QR support; an unknown model prints nothing (its status says why), so it changes nothing here. */
function capabilitiesOf(modelId: string): Pick<PaperSpec, 'hasCutter' | 'hasQr'> {
  try {
    const model = findPrinterModel(modelId);
    return { hasCutter: model.hasCutter, hasQr: model.hasQr };
  } catch {
    return {};
  }
}

function toView(row: PrintJobRow): PrintJobView {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    state: row.state,
    attempts: row.attempts,
    createdAt: row.createdAt,
    printedAt: row.printedAt,
    errorCode: row.errorCode,
    errorMessage: row.errorMessage,
    mayHavePrinted: row.mayHavePrinted,
    reprintOf: row.reprintOf,
  };
}

function asAppError(error: unknown): AppError {
  return error instanceof AppError ? error : new AppError('INTERNAL', error instanceof Error ? error.message : String(error));
}
