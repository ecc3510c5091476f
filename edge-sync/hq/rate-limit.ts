/**
 * Token buckets keyed by device or client address: `burst` requests at once, refilled at
 * `perSecond`. In memory: each HQ instance limits its own share (see SCALING.md).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly rate: { perSecond: number; burst: number }) {}

  /** Takes one token; returns 0 when allowed, else the milliseconds until one is available. */
  take(key: string, nowMs: number): number {
    const b = this.buckets.get(key) ?? { tokens: this.rate.burst, at: nowMs };
    b.tokens = Math.min(this.rate.burst, b.tokens + ((nowMs - b.at) / 1000) * this.rate.perSecond);
    b.at = nowMs;
    if (this.buckets.size > 100_000) this.buckets.clear();
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - b.tokens) / this.rate.perSecond) * 1000);
  }
}
