import { HqCallError, type HqClient } from './hq-client.js';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface RecoveryProbeOptions {
  /** At most one reachability probe per this many milliseconds, however many hints arrive. */
  minIntervalMs: number;
  /** A probe slower than this counts as "not back yet" (a short timeout: HQ's health answer is tiny). */
  timeoutMs: number;
}

/** What a recovery hint led to: a probe now, one when the rate limit allows, or none (not backing off after an outage). */
export type RecoveryHint = 'now' | 'scheduled' | 'none';

export const DEFAULT_RECOVERY_PROBE: RecoveryProbeOptions = { minIntervalMs: 5_000, timeoutMs: 5_000 };

/**
 * While the uploader backs off after an outage, hints that the network may be back (a new commit,
 * the platform's "online" event) ask HQ's health endpoint (no database work at HQ) whether it answers
 * again: at most one probe per `minIntervalMs`, and a hint inside that window is kept for when it
 * opens, so a one-off hint is not lost. Only a success is acted on (`onRecovered`); a failed probe
 * changes nothing, so probes can never shorten the backoff of an HQ that is still away.
 */
export class RecoveryProbe {
  /** Whether the last failure looked like HQ or the network being away, the one case a probe can tell is over. */
  private lastFailureWasOutage = false;
  private probing: Promise<void> | null = null;
  private lastProbeAt = Number.NEGATIVE_INFINITY;
  private deferred: unknown = null;

  constructor(
    private readonly o: {
      client: Pick<HqClient, 'health'>;
      timers: Timers;
      now: () => Date;
      options: RecoveryProbeOptions;
      /** Still backing off and nothing in flight: a probe (or its result) still matters. */
      isWaiting: () => boolean;
      /** HQ answered: end the backoff now (the failure streak ends only when HQ acknowledges an upload). */
      onRecovered: () => void;
    },
  ) {}

  /** Remembers what kind of failure the uploader backs off from. */
  failed(error: unknown): void {
    this.lastFailureWasOutage = looksLikeOutage(error);
  }

  hint(): RecoveryHint {
    if (!this.lastFailureWasOutage) return 'none';
    if (this.probing !== null) return 'now'; // the probe in flight answers this hint too
    const nowMs = this.o.now().getTime();
    const wait = this.lastProbeAt + this.o.options.minIntervalMs - nowMs;
    if (wait > 0) {
      if (this.deferred === null) {
        this.deferred = this.o.timers.setTimeout(() => {
          this.deferred = null;
          if (this.o.isWaiting()) this.hint();
        }, wait);
      }
      return 'scheduled';
    }
    this.cancel();
    this.lastProbeAt = nowMs;
    this.probing = this.o.client
      .health({ timeoutMs: this.o.options.timeoutMs })
      .then(
        () => {
          if (this.o.isWaiting()) this.o.onRecovered();
        },
        () => undefined, // still away: the backoff and its timer stay exactly as they were
      )
      .finally(() => {
        this.probing = null;
      });
    return 'now';
  }

  /** Drops a deferred hint (the uploader stopped, or is no longer backing off). */
  cancel(): void {
    if (this.deferred !== null) this.o.timers.clearTimeout(this.deferred);
    this.deferred = null;
  }

  inFlight(): Promise<void> | null {
    return this.probing;
  }
}

/**
 * HQ or the way to it is away (connection refused or reset, DNS, a gateway without its upstream):
 * the one kind of failure a health probe can tell is over. Not a timeout (a slow HQ needs less
 * traffic, not more), a refusal, or anything HQ answered with Retry-After.
 */
function looksLikeOutage(error: unknown): boolean {
  if (!(error instanceof HqCallError)) return false;
  if (error.kind === 'network') return true;
  return error.kind === 'http' && error.retryAfterMs === null && (error.status === 502 || error.status === 503 || error.status === 504);
}
