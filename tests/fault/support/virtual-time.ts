import { fixedClock, type Clock } from '../../../electron/core/clock.js';
import type { Timers } from '../../../edge-sync/client/uploader.js';

/** mulberry32: a small seeded generator, so a fault scenario replays exactly from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface VirtualTime {
  clock: Clock & { set(d: Date | string): void; advance(ms: number): void };
  timers: Timers;
  nowMs(): number;
  /** When the earliest armed timer is due, or null when none is armed. */
  nextTimerDue(): number | null;
  /** Fires every timer due at the current time, earliest first; returns how many fired. */
  fireDue(): number;
}

/**
 * Injected time for HQ, the network and a store: one clock and the timers armed on it. Nothing
 * sleeps; the test moves the clock to the next thing due and fires it, so ten minutes of outage
 * take as long as the requests they cause.
 */
export function virtualTime(start: Date): VirtualTime {
  const clock = fixedClock(start);
  const armed = new Set<{ fn: () => void; due: number }>();
  const timers: Timers = {
    setTimeout(fn, ms) {
      const t = { fn, due: clock.now().getTime() + Math.max(0, ms) };
      armed.add(t);
      return t;
    },
    clearTimeout(handle) {
      armed.delete(handle as { fn: () => void; due: number });
    },
  };
  const earliest = () => [...armed].sort((a, b) => a.due - b.due)[0] ?? null;
  return {
    clock,
    timers,
    nowMs: () => clock.now().getTime(),
    nextTimerDue: () => earliest()?.due ?? null,
    fireDue() {
      let fired = 0;
      for (let t = earliest(); t !== null && t.due <= clock.now().getTime(); t = earliest()) {
        armed.delete(t);
        t.fn();
        fired++;
      }
      return fired;
    },
  };
}
