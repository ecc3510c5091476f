import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../electron/contract/result.js';
import { scannerConfigSchema } from '../../electron/contract/devices.js';
import { fixedClock } from '../../electron/core/clock.js';
import { EventBus } from '../../electron/core/event-bus.js';
import { createMemoryLogger } from '../../electron/core/logger.js';
import { verifyCode } from '../../electron/services/members/member-code.js';
import { HidKeyboardDecoder, encodeAsKeyboardReports } from '../../electron/services/devices/hid-keyboard-decoder.js';
import type { HidBackend, HidConnection, HidDeviceInfo } from '../../electron/services/devices/hid-backend.js';
import { ScannerService, type CheckInByCode, type ScanOutcome } from '../../electron/services/devices/scanner-service.js';
import { KeyboardWedgeCapture } from '../../renderer/src/devices/keyboard-wedge.js';
import { until } from './support/printing-fixture.js';

interface Recording {
  secret: string;
  issuedAt: string;
  ttlSeconds: number;
  streams: Record<string, { code: string; reports: string[] }>;
}
const recording = JSON.parse(fs.readFileSync(new URL('./fixtures/hid-scanner-recording.json', import.meta.url), 'utf8')) as Recording;
const reportsOf = (name: string) => (recording.streams[name]?.reports ?? []).map((hex) => Uint8Array.from(Buffer.from(hex, 'hex')));
const VALID = recording.streams['valid-rollover']!.code;

/** The HID edge: one scanner that replays recorded reports, and can be unplugged. */
class RecordedHid implements HidBackend {
  present = true;
  opens = 0;
  private report: ((r: Uint8Array) => void) | null = null;
  private gone: ((reason: string) => void) | null = null;
  readonly device: HidDeviceInfo = { path: '/dev/hidraw3', vendorId: 0x0c2e, productId: 0x0b61, product: 'Honeywell 1900 Barcode Scanner', manufacturer: 'Honeywell', usagePage: 1, usage: 6 };
  readonly keyboard: HidDeviceInfo = { path: '/dev/hidraw1', vendorId: 0x046d, productId: 0xc31c, product: 'USB Keyboard', manufacturer: 'Logitech', usagePage: 1, usage: 6 };
  async list() {
    return this.present ? [this.keyboard, this.device] : [this.keyboard];
  }
  async open(d: HidDeviceInfo): Promise<HidConnection> {
    if (d !== this.device || !this.present) throw new Error('could not open device');
    this.opens += 1;
    return {
      onReport: (l) => (this.report = l),
      onGone: (l) => (this.gone = l),
      close: async () => {
        this.report = null;
      },
    };
  }
  replay(name: string) {
    for (const r of reportsOf(name)) this.report?.(r);
  }
  unplug() {
    this.present = false;
    this.gone?.('device disconnected');
  }
}

/** Stands in for membership's checkinByCode: the real signed-code verification, a tiny member table. */
function membership(clock: { now(): Date }) {
  const secret = Buffer.from(recording.secret);
  const names: Record<string, string> = { 'm-0001': '王小明' };
  const checkIns: Array<{ memberId: string; source: string }> = [];
  const checkInByCode: CheckInByCode = (code, meta) => {
    const memberId = verifyCode(secret, code, clock.now());
    const name = names[memberId];
    if (!name) throw new AppError('MEMBER_NOT_FOUND', 'No such member');
    checkIns.push({ memberId, source: meta.source });
    return { memberDisplayName: name };
  };
  return { checkInByCode, checkIns };
}

const services: ScannerService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.close();
});

function scanner(hid: HidBackend | null, checkInByCode: CheckInByCode, clock: ReturnType<typeof fixedClock>, mode: 'none' | 'auto' = 'auto') {
  const events = new EventBus();
  const outcomes: ScanOutcome[] = [];
  events.subscribe((name, payload) => {
    if (name === 'devices.scanned') outcomes.push(payload as ScanOutcome);
  });
  const log = createMemoryLogger();
  const service = new ScannerService({ log, events, clock, config: scannerConfigSchema.parse({ hid: mode }), checkInByCode, hid, searchIntervalMs: 10 });
  services.push(service);
  return { service, outcomes, log };
}

describe('HID keyboard report decoding', () => {
  it('decodes every recorded report style (release after each key, rollover, report id) to the code', () => {
    for (const name of ['valid-release-each', 'valid-rollover', 'valid-with-report-id']) {
      const decoder = new HidKeyboardDecoder();
      const codes = reportsOf(name).flatMap((r) => decoder.push(r));
      expect(codes, name).toEqual([VALID]);
    }
  });

  it('round-trips our own report encoder and ignores reports without a new key', () => {
    const decoder = new HidKeyboardDecoder();
    const reports = encodeAsKeyboardReports('AAb-9_');
    expect(reports.flatMap((r) => decoder.push(r))).toEqual(['AAb-9_']);
    expect(decoder.push(new Uint8Array(8))).toEqual([]);
  });
});

describe('scans become check-ins', () => {
  it('checks a member in from a HID scanner report stream, found automatically among HID devices', async () => {
    const clock = fixedClock('2026-11-22T08:01:00.000Z');
    const m = membership(clock);
    const hid = new RecordedHid();
    const { service, outcomes, log } = scanner(hid, m.checkInByCode, clock);
    service.start();
    await until(() => service.status().state === 'connected', 'scanner connected');
    expect(service.status().device).toBe('Honeywell 1900 Barcode Scanner (0c2e:0b61)');
    hid.replay('valid-rollover');
    await until(() => outcomes.length === 1, 'scan handled');
    expect(outcomes[0]).toMatchObject({ source: 'hid', outcome: 'checked-in', memberDisplayName: '王小明' });
    expect(m.checkIns).toEqual([{ memberId: 'm-0001', source: 'hid' }]);
    // A scanner re-reading the same code a moment later is one check-in.
    hid.replay('valid-release-each');
    await until(() => outcomes.length === 2, 'second read handled');
    expect(outcomes[1]).toMatchObject({ outcome: 'ignored', code: 'SCAN_DUPLICATE' });
    expect(m.checkIns).toHaveLength(1);
    // The member code is never written to the log.
    expect(log.lines.join('\n')).not.toContain(VALID);
  });

  it('checks a member in from keyboard-wedge typing through the same path', async () => {
    const clock = fixedClock('2026-11-22T08:01:00.000Z');
    const m = membership(clock);
    const { service } = scanner(null, m.checkInByCode, clock, 'none');
    const pending: Array<Promise<ScanOutcome>> = [];
    const wedge = new KeyboardWedgeCapture({ onScan: (code) => pending.push(service.handleScan(code, 'wedge')) });
    let t = 0;
    for (const ch of VALID) wedge.handle({ key: ch, timeStamp: (t += 6) });
    wedge.handle({ key: 'Enter', timeStamp: t + 6 });
    expect(pending).toHaveLength(1);
    expect(await pending[0]).toMatchObject({ source: 'wedge', outcome: 'checked-in', memberDisplayName: '王小明' });
    expect(m.checkIns).toEqual([{ memberId: 'm-0001', source: 'wedge' }]);
  });

  it('refuses an expired code (an old screenshot) and a forged one with clear messages', async () => {
    const clock = fixedClock(recording.issuedAt);
    clock.advance((recording.ttlSeconds + 60) * 1000);
    const m = membership(clock);
    const hid = new RecordedHid();
    const { service, outcomes } = scanner(hid, m.checkInByCode, clock);
    service.start();
    await until(() => service.status().state === 'connected', 'scanner connected');
    hid.replay('valid-release-each');
    hid.replay('forged');
    await until(() => outcomes.length === 2, 'both scans handled');
    expect(outcomes[0]).toMatchObject({ outcome: 'refused', code: 'MEMBER_CODE_EXPIRED' });
    expect(outcomes[0]!.message).toMatch(/expired.*fresh code/);
    expect(outcomes[1]).toMatchObject({ outcome: 'refused', code: 'MEMBER_CODE_INVALID' });
    expect(outcomes[1]!.message).toMatch(/not a valid member code/);
    expect(m.checkIns).toEqual([]);
    // Refused codes are not held as duplicates: the same (still expired) code is checked again, and refused again.
    hid.replay('valid-rollover');
    await until(() => outcomes.length === 3, 'rescan handled');
    expect(outcomes[2]).toMatchObject({ outcome: 'refused', code: 'MEMBER_CODE_EXPIRED' });
  });

  it('notices the scanner being unplugged and picks it up again when it is plugged back in', async () => {
    const clock = fixedClock('2026-11-22T08:01:00.000Z');
    const m = membership(clock);
    const hid = new RecordedHid();
    const { service, outcomes } = scanner(hid, m.checkInByCode, clock);
    service.start();
    await until(() => service.status().state === 'connected', 'connected');
    hid.unplug();
    expect(service.status()).toMatchObject({ state: 'searching', device: null });
    hid.present = true;
    await until(() => service.status().state === 'connected', 'reconnected');
    expect(hid.opens).toBe(2);
    hid.replay('valid-with-report-id');
    await until(() => outcomes.length === 1, 'scan after replug');
    expect(outcomes[0]).toMatchObject({ outcome: 'checked-in' });
  });

  it('explains a scanner left in HID POS mode instead of reading garbage from it', async () => {
    const clock = fixedClock('2026-11-22T08:01:00.000Z');
    const m = membership(clock);
    const pos: HidDeviceInfo = { path: '/dev/hidraw5', vendorId: 0x05e0, productId: 0x1300, product: 'Symbol Bar Code Scanner', manufacturer: null, usagePage: 0x8c, usage: 2 };
    const hid: HidBackend = { list: async () => [pos], open: async () => Promise.reject(new Error('must not be opened')) };
    const { service } = scanner(hid, m.checkInByCode, clock);
    service.start();
    await until(() => service.status().message !== null, 'status explained');
    expect(service.status()).toMatchObject({ state: 'searching', device: null });
    expect(service.status().message).toMatch(/HID POS mode.*USB keyboard/);
  });
});
