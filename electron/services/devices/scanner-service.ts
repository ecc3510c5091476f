import { randomUUID } from 'node:crypto';
import { AppError } from '../../contract/result.js';
import type { ScannerConfig } from '../../contract/devices.js';
import type { Clock } from '../../core/clock.js';
import type { EventBus } from '../../core/event-bus.js';
import type { Logger } from '../../core/logger.js';
import { isLikelyScanner, type HidBackend, type HidConnection, type HidDeviceInfo } from './hid-backend.js';
import { HidKeyboardDecoder } from './hid-keyboard-decoder.js';

export type ScanSource = 'hid' | 'wedge';

/** HID POS barcode scanner usage page: vendor-specific report layouts we do not decode yet. */
const HID_POS_PAGE = 0x8c;

/** What the membership side answers for a scanned member code. */
export interface ScanCheckIn {
  memberDisplayName: string | null;
}

/**
 * Checks a member in by a scanned code. Injected: the lead wires the membership service's
 * `checkinByCode` (which verifies the signed, expiring code). `scanId` is unique per scan and
 * serves as the operation id, so a retried scan cannot check in twice.
 * Throws AppError MEMBER_CODE_INVALID / MEMBER_CODE_EXPIRED / MEMBER_NOT_FOUND … for refused codes.
 */
export type CheckInByCode = (code: string, meta: { source: ScanSource; scanId: string }) => Promise<ScanCheckIn> | ScanCheckIn;

export interface ScanOutcome {
  source: ScanSource;
  outcome: 'checked-in' | 'refused' | 'ignored';
  code: string | null;
  message: string;
  memberDisplayName: string | null;
  at: string;
}

export interface ScannerStatus {
  mode: ScannerConfig['hid'];
  state: 'not-configured' | 'connected' | 'searching' | 'unavailable';
  device: string | null;
  message: string | null;
}

export interface ScannerServiceOptions {
  log: Logger;
  events: EventBus;
  clock: Clock;
  config: ScannerConfig;
  checkInByCode: CheckInByCode;
  hid: HidBackend | null;
  /** The same code read again within this time is one scan (scanners re-read; HID and wedge may both see it). */
  duplicateWindowMs?: number;
  /** How often to look for the HID scanner while it is not connected. */
  searchIntervalMs?: number;
}

/** Clear words for the person at the counter, for the refusals members actually meet. */
const REFUSAL_MESSAGES: Record<string, string> = {
  MEMBER_CODE_EXPIRED: 'This member code has expired. Please show a fresh code (the one on your receipt or member card), or check in with your phone number.',
  MEMBER_CODE_INVALID: 'This is not a valid member code for this store. Please show the code on your receipt or member card.',
  MEMBER_CODE_REVOKED: 'This member card was replaced. Please ask staff for the new code, or check in with your phone number.',
  MEMBER_NOT_FOUND: 'This member code belongs to no active member here. Please check in with your phone number.',
};

/**
 * Scanned codes from a HID POS scanner (node-hid) or a keyboard-wedge scanner (captured in the renderer,
 * submitted through devices.submitScan) go through one path: clean up, drop double reads, check in.
 */
export class ScannerService {
  private readonly recent = new Map<string, number>();
  private connection: HidConnection | null = null;
  private searchTimer: NodeJS.Timeout | null = null;
  private isClosed = false;
  private current: ScannerStatus;

  constructor(private readonly opts: ScannerServiceOptions) {
    this.current = {
      mode: opts.config.hid,
      state: opts.config.hid === 'none' ? 'not-configured' : opts.hid ? 'searching' : 'unavailable',
      device: null,
      message: opts.config.hid !== 'none' && !opts.hid ? 'HID support (node-hid) is not available on this terminal' : null,
    };
  }

  status(): ScannerStatus {
    return this.current;
  }

  start(): void {
    if (this.opts.config.hid === 'none' || !this.opts.hid) return;
    void this.search();
  }

  async handleScan(raw: string, source: ScanSource): Promise<ScanOutcome> {
    const at = this.opts.clock.now();
    // eslint-disable-next-line no-control-regex
    const code = raw.replace(/[\x00-\x1f\x7f]/g, '').trim();
    if (code.length === 0) return this.report({ source, outcome: 'ignored', code: 'SCAN_EMPTY', message: 'Nothing was scanned', memberDisplayName: null, at: at.toISOString() });
    const window = this.opts.duplicateWindowMs ?? 3000;
    for (const [c, t] of this.recent) if (at.getTime() - t > window) this.recent.delete(c);
    if (this.recent.has(code)) {
      return this.report({ source, outcome: 'ignored', code: 'SCAN_DUPLICATE', message: 'Already scanned', memberDisplayName: null, at: at.toISOString() });
    }
    this.recent.set(code, at.getTime());
    try {
      const result = await this.opts.checkInByCode(code, { source, scanId: randomUUID() });
      return this.report({
        source,
        outcome: 'checked-in',
        code: null,
        message: result.memberDisplayName ? `Checked in: ${result.memberDisplayName}` : 'Checked in',
        memberDisplayName: result.memberDisplayName,
        at: at.toISOString(),
      });
    } catch (error) {
      // A refused code may be shown again once fixed (fresh code): don't hold it as a duplicate.
      this.recent.delete(code);
      if (error instanceof AppError) {
        return this.report({ source, outcome: 'refused', code: error.code, message: REFUSAL_MESSAGES[error.code] ?? error.message, memberDisplayName: null, at: at.toISOString() });
      }
      this.opts.log.error('scanner.checkin_failed', { source, error: (error as Error).message });
      return this.report({ source, outcome: 'refused', code: 'INTERNAL', message: 'The check-in failed; please try again or use your phone number', memberDisplayName: null, at: at.toISOString() });
    }
  }

  private report(outcome: ScanOutcome): ScanOutcome {
    // The code itself is a credential-like token: log the outcome only.
    this.opts.log.info('scanner.scan', { source: outcome.source, outcome: outcome.outcome, code: outcome.code });
    this.opts.events.emit('devices.scanned', outcome);
    return outcome;
  }

  private setStatus(next: ScannerStatus): void {
    const changed = next.state !== this.current.state || next.device !== this.current.device;
    this.current = next;
    if (changed) this.opts.events.emit('devices.scannerStatus', next);
  }

  private pick(devices: HidDeviceInfo[]): HidDeviceInfo | null {
    const { hid, vendorId, productId } = this.opts.config;
    if (hid === 'device') return devices.find((d) => d.vendorId === vendorId && d.productId === productId && d.usagePage !== HID_POS_PAGE) ?? null;
    return devices.find((d) => isLikelyScanner(d) && d.usagePage !== HID_POS_PAGE) ?? null;
  }

  private scheduleSearch(): void {
    if (this.isClosed) return;
    this.searchTimer = setTimeout(() => void this.search(), this.opts.searchIntervalMs ?? 3000);
    this.searchTimer.unref();
  }

  private async search(): Promise<void> {
    const hid = this.opts.hid;
    if (this.isClosed || !hid) return;
    let device: HidDeviceInfo | null = null;
    try {
      const all = await hid.list();
      device = this.pick(all);
      if (!device) {
        const posMode = all.find((d) => d.usagePage === HID_POS_PAGE);
        const message = posMode
          ? `${label(posMode)} is in HID POS mode, which is not supported yet: scan the "USB keyboard" setup code from its manual`
          : 'No scanner found; plug it in (it is picked up automatically)';
        this.setStatus({ ...this.current, state: 'searching', device: null, message });
        this.scheduleSearch();
        return;
      }
      const connection = await hid.open(device);
      if (this.isClosed) {
        await connection.close();
        return;
      }
      this.attach(connection, device);
    } catch (error) {
      const message = (error as Error).message;
      const state = /cannot find module|libusb|ERR_MODULE_NOT_FOUND/i.test(message) ? 'unavailable' : 'searching';
      this.setStatus({ ...this.current, state, device: device ? label(device) : null, message: `Cannot open the scanner: ${message}` });
      this.opts.log.warn('scanner.open_failed', { message });
      if (state === 'searching') this.scheduleSearch();
    }
  }

  private attach(connection: HidConnection, device: HidDeviceInfo): void {
    this.connection = connection;
    const decoder = new HidKeyboardDecoder('auto');
    connection.onReport((report) => {
      for (const code of decoder.push(report)) void this.handleScan(code, 'hid');
    });
    connection.onGone((reason) => {
      if (this.connection !== connection) return;
      this.connection = null;
      void connection.close();
      this.opts.log.warn('scanner.lost', { reason });
      this.setStatus({ ...this.current, state: 'searching', device: null, message: 'The scanner was unplugged; waiting for it to come back' });
      this.scheduleSearch();
    });
    this.setStatus({ ...this.current, state: 'connected', device: label(device), message: null });
  }

  async close(): Promise<void> {
    this.isClosed = true;
    if (this.searchTimer) clearTimeout(this.searchTimer);
    const c = this.connection;
    this.connection = null;
    await c?.close();
  }
}

function label(d: HidDeviceInfo): string {
  const hex = (n: number) => n.toString(16).padStart(4, '0');
  return `${d.product ?? 'HID device'} (${hex(d.vendorId)}:${hex(d.productId)})`;
}
