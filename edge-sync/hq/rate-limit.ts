import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Request budgets keyed by device or client address, on rate-limiter-flexible's in-memory limiter
 * (expiring keys, no size cliff: the old hand-written bucket map cleared every bucket at 100k keys,
 * which a flood of random device ids could trigger on purpose). A budget of `burst` requests per
 * window of burst/perSecond seconds: on average `perSecond`, with bursts up to `burst`. Each HQ
 * instance limits its own share (see SCALING.md).
 */
export class RequestBudget {
  private readonly limiter: RateLimiterMemory;

  constructor(rate: { perSecond: number; burst: number }) {
    const burst = Math.max(1, Math.floor(rate.burst));
    this.limiter = new RateLimiterMemory({ points: burst, duration: Math.max(1, Math.ceil(burst / rate.perSecond)) });
  }

  /** Takes one request from `key`'s budget; 0 when allowed, else the milliseconds until the budget refills. */
  async take(key: string): Promise<number> {
    try {
      await this.limiter.consume(key, 1);
      return 0;
    } catch (result) {
      if (result instanceof RateLimiterRes) return Math.max(1, result.msBeforeNext);
      throw result;
    }
  }

  /** Milliseconds until `key` may spend again (0 when it has budget left), without spending. */
  async waitFor(key: string): Promise<number> {
    const res = await this.limiter.get(key);
    return res !== null && res.remainingPoints <= 0 ? Math.max(1, res.msBeforeNext) : 0;
  }
}
