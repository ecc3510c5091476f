/**
 * Keyboard-wedge scanners type the code as keystrokes and press Enter. They type far faster and more
 * evenly than a person: every gap between keys is a few milliseconds. This helper watches keydown
 * events and reports a scan when at least `minLength` printable keys arrived with every gap under
 * `maxGapMs`, ended by Enter. Anything slower is a person typing and is left alone.
 * Plain TypeScript: no React, no DOM globals, so it is unit-testable and any screen can use it.
 */
export interface WedgeKeyEvent {
  key: string;
  /** Event time in ms (KeyboardEvent.timeStamp). */
  timeStamp: number;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
}

export interface WedgeOptions {
  onScan: (code: string) => void;
  /** Largest gap between two keys of one scan. Scanners: 1–20 ms; people rarely sustain < 60 ms. */
  maxGapMs?: number;
  /** Shorter bursts are ignored (a person's quick "ok" + Enter). */
  minLength?: number;
  maxLength?: number;
}

export type WedgeDecision = 'scan' | 'buffering' | 'pass';

export class KeyboardWedgeCapture {
  private chars: string[] = [];
  private lastAt = -Infinity;
  private readonly maxGapMs: number;
  private readonly minLength: number;
  private readonly maxLength: number;

  constructor(private readonly options: WedgeOptions) {
    this.maxGapMs = options.maxGapMs ?? 40;
    this.minLength = options.minLength ?? 6;
    this.maxLength = options.maxLength ?? 2000;
  }

  /**
   * Feeds one keydown. 'scan': this Enter completed a scan (the caller should preventDefault it);
   * 'buffering': a possible scan is in progress; 'pass': ordinary typing.
   */
  handle(event: WedgeKeyEvent): WedgeDecision {
    if (event.ctrlKey || event.altKey || event.metaKey) {
      this.reset();
      return 'pass';
    }
    // Shift comes as its own keydown before capitals: neither part of the code nor a break in it.
    if (event.key === 'Shift' || event.key === 'CapsLock') return this.chars.length > 0 ? 'buffering' : 'pass';
    const gap = event.timeStamp - this.lastAt;
    if (event.key === 'Enter' || event.key === 'Tab') {
      const isScan = this.chars.length >= this.minLength && gap <= this.maxGapMs;
      const code = this.chars.join('');
      this.reset();
      if (!isScan) return 'pass';
      this.options.onScan(code);
      return 'scan';
    }
    if (event.key.length !== 1) {
      this.reset();
      return 'pass';
    }
    if (gap > this.maxGapMs) this.chars = [];
    if (this.chars.length < this.maxLength) this.chars.push(event.key);
    this.lastAt = event.timeStamp;
    return this.chars.length > 1 ? 'buffering' : 'pass';
  }

  reset(): void {
    this.chars = [];
    this.lastAt = -Infinity;
  }
}

/** The bit of EventTarget we use, so tests and screens can pass window, document or an element. */
export interface KeyEventSource {
  addEventListener(type: 'keydown', listener: (event: KeyboardEventLike) => void, options?: { capture?: boolean }): void;
  removeEventListener(type: 'keydown', listener: (event: KeyboardEventLike) => void, options?: { capture?: boolean }): void;
}
export interface KeyboardEventLike extends WedgeKeyEvent {
  preventDefault(): void;
}

/** Listens on `target` (capture phase) and stops the scanner's Enter from submitting whatever form has focus. */
export function attachKeyboardWedge(target: KeyEventSource, options: WedgeOptions): () => void {
  const capture = new KeyboardWedgeCapture(options);
  const listener = (event: KeyboardEventLike) => {
    if (capture.handle(event) === 'scan') event.preventDefault();
  };
  target.addEventListener('keydown', listener, { capture: true });
  return () => target.removeEventListener('keydown', listener, { capture: true });
}
