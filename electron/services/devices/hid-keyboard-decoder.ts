/**
 * Turns HID boot-keyboard input reports (what a USB barcode scanner in "USB HID keyboard" mode sends)
 * into scanned strings. Report: [modifiers, reserved, key1..key6] (optionally preceded by a report id).
 * A key counts when it appears in a report it was not in before, so "AA" (press, release, press)
 * is two letters while a key held across reports is one. Enter or keypad Enter ends a code.
 * Layout: US (scanners are configured for it by default; codes are ASCII).
 */
const SHIFT_MASK = 0x02 | 0x20;
const ENTER = 0x28;
const KEYPAD_ENTER = 0x58;
const TAB = 0x2b;

const PLAIN: Record<number, string> = {};
const SHIFTED: Record<number, string> = {};
for (let i = 0; i < 26; i++) {
  PLAIN[0x04 + i] = String.fromCharCode(0x61 + i);
  SHIFTED[0x04 + i] = String.fromCharCode(0x41 + i);
}
'1234567890'.split('').forEach((c, i) => {
  PLAIN[0x1e + i] = c;
  SHIFTED[0x1e + i] = '!@#$%^&*()'[i] as string;
});
const PUNCT: Array<[number, string, string]> = [
  [0x2c, ' ', ' '],
  [0x2d, '-', '_'],
  [0x2e, '=', '+'],
  [0x2f, '[', '{'],
  [0x30, ']', '}'],
  [0x31, '\\', '|'],
  [0x33, ';', ':'],
  [0x34, "'", '"'],
  [0x35, '`', '~'],
  [0x36, ',', '<'],
  [0x37, '.', '>'],
  [0x38, '/', '?'],
  [0x54, '/', '/'],
  [0x55, '*', '*'],
  [0x56, '-', '-'],
  [0x57, '+', '+'],
  [0x63, '.', '.'],
];
for (const [usage, plain, shifted] of PUNCT) {
  PLAIN[usage] = plain;
  SHIFTED[usage] = shifted;
}
'1234567890'.split('').forEach((c, i) => {
  PLAIN[0x59 + i] = c;
  SHIFTED[0x59 + i] = c;
});

export const MAX_SCAN_LENGTH = 2000;

export class HidKeyboardDecoder {
  private previous = new Set<number>();
  private buffer = '';

  /**
   * @param hasReportId whether the device prefixes each report with a report id byte (node-hid passes it
   * through); 'auto' takes a 9-byte report as id + 8-byte boot report.
   */
  constructor(private readonly hasReportId: boolean | 'auto' = 'auto') {}

  /** Feeds one input report; returns the codes completed by it (usually none or one). */
  push(report: Uint8Array): string[] {
    const r = this.hasReportId === true || (this.hasReportId === 'auto' && report.length === 9) ? report.subarray(1) : report;
    if (r.length < 3) return [];
    const modifiers = r[0] as number;
    const keys = [...r.subarray(2, 8)].filter((k) => k > 0x03); // 0 = none, 1–3 = rollover/errors
    const now = new Set(keys);
    const done: string[] = [];
    for (const key of keys) {
      if (this.previous.has(key)) continue;
      if (key === ENTER || key === KEYPAD_ENTER || key === TAB) {
        if (this.buffer.length > 0) done.push(this.buffer);
        this.buffer = '';
        continue;
      }
      const char = ((modifiers & SHIFT_MASK) !== 0 ? SHIFTED : PLAIN)[key];
      if (char !== undefined && this.buffer.length < MAX_SCAN_LENGTH) this.buffer += char;
    }
    this.previous = now;
    return done;
  }

  reset(): void {
    this.previous = new Set();
    this.buffer = '';
  }
}

/** Builds the reports a scanner sends for a string (press, release per character): for tests and recordings. */
export function encodeAsKeyboardReports(text: string, options: { withEnter?: boolean } = {}): Uint8Array[] {
  const reports: Uint8Array[] = [];
  for (const ch of text) {
    let usage = -1;
    let shift = false;
    for (const [u, c] of Object.entries(PLAIN)) if (c === ch && Number(u) < 0x54) usage = Number(u);
    if (usage < 0) {
      for (const [u, c] of Object.entries(SHIFTED)) if (c === ch && Number(u) < 0x54) ((usage = Number(u)), (shift = true));
    }
    if (usage < 0) throw new Error(`No key for ${JSON.stringify(ch)}`);
    reports.push(Uint8Array.of(shift ? 0x02 : 0, 0, usage, 0, 0, 0, 0, 0), new Uint8Array(8));
  }
  if (options.withEnter ?? true) reports.push(Uint8Array.of(0, 0, ENTER, 0, 0, 0, 0, 0), new Uint8Array(8));
  return reports;
}
