/**
 * Exponential backoff with "equal jitter": half the exponential delay is fixed, half random, so
 * many stores coming back after an HQ outage do not retry in lock-step, yet none retries at once.
 */
export function backoffDelay(failures: number, opts: { baseMs: number; maxMs: number }, random: () => number = Math.random): number {
  if (failures <= 0) return 0;
  const exp = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.min(30, failures - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}
