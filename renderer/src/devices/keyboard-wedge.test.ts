import { describe, expect, it } from 'vitest';
import { attachKeyboardWedge, KeyboardWedgeCapture, type KeyboardEventLike, type WedgeKeyEvent } from './keyboard-wedge.js';

/** Keydowns for `text` + Enter, `gapMs` apart, with Shift before capitals as a US keyboard sends them. */
function typed(text: string, gapMs: number, start = 1000): WedgeKeyEvent[] {
  const events: WedgeKeyEvent[] = [];
  let t = start;
  for (const ch of text) {
    if (/[A-Z_]/.test(ch)) events.push({ key: 'Shift', timeStamp: t });
    events.push({ key: ch, timeStamp: t });
    t += gapMs;
  }
  events.push({ key: 'Enter', timeStamp: t });
  return events;
}

function feed(capture: KeyboardWedgeCapture, events: WedgeKeyEvent[]) {
  return events.map((e) => capture.handle(e));
}

const CODE = 'MK1.m-0001.tow94c.wSRdFFE-bjlFHZ8UIi5Vpg';

describe('keyboard-wedge capture', () => {
  it('reports a scanner burst ended by Enter as one scan', () => {
    const scans: string[] = [];
    const capture = new KeyboardWedgeCapture({ onScan: (c) => scans.push(c) });
    const decisions = feed(capture, typed(CODE, 4));
    expect(scans).toEqual([CODE]);
    expect(decisions.at(-1)).toBe('scan');
  });

  it('leaves a person typing alone, even a fast typist', () => {
    const scans: string[] = [];
    const capture = new KeyboardWedgeCapture({ onScan: (c) => scans.push(c) });
    const decisions = feed(capture, typed('13812345678', 95));
    feed(capture, typed('hello world', 60));
    expect(scans).toEqual([]);
    expect(decisions.at(-1)).toBe('pass');
  });

  it('finds a scan that starts right after human typing, and ignores short fast bursts', () => {
    const scans: string[] = [];
    const capture = new KeyboardWedgeCapture({ onScan: (c) => scans.push(c) });
    feed(capture, [
      { key: 'a', timeStamp: 0 },
      { key: 'b', timeStamp: 150 },
      ...typed(CODE, 5, 400).filter((e) => e.key !== 'Enter'),
      { key: 'Enter', timeStamp: 400 + CODE.length * 5 },
    ]);
    feed(capture, typed('ok', 3, 10_000));
    expect(scans).toEqual([CODE]);
  });

  it('is interrupted by a pause in the middle (two people, not a scanner)', () => {
    const scans: string[] = [];
    const capture = new KeyboardWedgeCapture({ onScan: (c) => scans.push(c) });
    const events = typed(CODE, 5);
    const last = events.at(-1)!;
    last.timeStamp += 500; // Enter long after the last character
    feed(capture, events);
    expect(scans).toEqual([]);
  });

  it('attaches to an event target and swallows the scanner Enter only', () => {
    const listeners: Array<(e: KeyboardEventLike) => void> = [];
    const target = {
      addEventListener: (_: 'keydown', l: (e: KeyboardEventLike) => void) => listeners.push(l),
      removeEventListener: (_: 'keydown', l: (e: KeyboardEventLike) => void) => listeners.splice(listeners.indexOf(l), 1),
    };
    const scans: string[] = [];
    const detach = attachKeyboardWedge(target, { onScan: (c) => scans.push(c) });
    let prevented = 0;
    for (const e of typed(CODE, 3)) listeners[0]!({ ...e, preventDefault: () => (prevented += 1) });
    expect(scans).toEqual([CODE]);
    expect(prevented).toBe(1);
    detach();
    expect(listeners).toHaveLength(0);
  });
});
