/**
 * Keyboard-wedge scanners "type" a code much faster than a person can, then press Enter.
 * This tells the two apart by the gap between keys: a burst of printable keys, each within
 * `maxGapMs` of the previous one, ended by Enter, is a scan.
 */
export interface WedgeOptions {
  maxGapMs: number;
  minLength: number;
}

export const defaultWedgeOptions: WedgeOptions = { maxGapMs: 60, minLength: 4 };

export class WedgeBuffer {
  private chars: string[] = [];
  private lastAt = -Infinity;

  constructor(private readonly options: WedgeOptions = defaultWedgeOptions) {}

  /** Feeds one key (KeyboardEvent.key) at time `at` (ms); returns the code when a scan completes. */
  feed(key: string, at: number): string | null {
    const isBurst = at - this.lastAt <= this.options.maxGapMs;
    this.lastAt = at;
    if (key === 'Enter') {
      const code = isBurst && this.chars.length >= this.options.minLength ? this.chars.join('') : null;
      this.chars = [];
      return code;
    }
    if (key.length !== 1) return null; // Shift and friends come between a scanner's characters
    if (!isBurst) this.chars = [];
    this.chars.push(key);
    return null;
  }

  reset(): void {
    this.chars = [];
    this.lastAt = -Infinity;
  }
}
