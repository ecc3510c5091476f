import type { HqDb } from './db/hq-db.js';
import { applyQueuedRollups, lastQueuedId, lockChainRollups } from './dashboard/rollup-queue.js';

// The dashboard rollups' consumer (dashboard/rollup-queue.ts, ../SCALING.md "Dashboard rollups"),
// beside the repository that kicks it: a file of edge-sync/hq/ so the repository does not import
// dashboard/ (which imports http/, which imports the repository: a folder cycle).

export interface RollupConsumerOptions {
  /** Queued batches applied per transaction (more = more collapsing, longer chain-row locks). */
  maxBatchesPerTx?: number;
  /** The safety net: queued batches are looked for this often even without a kick (another process's ingest). */
  intervalMs?: number;
  /** Ingestion goes first: a pass waits until no batch arrived for this long… */
  quietMs?: number;
  /**
   * …or until the oldest batch kicked in this process has waited this long; such a pass then applies
   * everything queued when it started, even while uploads go on (otherwise steady traffic would
   * starve the rollups). Long enough that a burst (a store flushing days of backlog) is stored first.
   */
  maxLagMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Runs in the HQ process: `kick()` right after an ingest commit, an interval for batches queued by
 * other processes or left by a crash, `drain()` for tests and the CLI (resolves when the queue it saw
 * is applied). Ingestion has priority: during a burst of uploads the consumer waits for a quiet
 * moment (`quietMs` without a new batch) and gives way again between transactions when uploads
 * resume; but once the oldest batch it was told about has waited `maxLagMs`, it applies everything
 * queued at that moment without giving way, `maxBatchesPerTx` batches per transaction. So the
 * dashboards lag by milliseconds when HQ has a quiet moment, and by at most about `maxLagMs` plus
 * one catch-up under steady load.
 */
export class RollupConsumer {
  private readonly maxBatches: number;
  private readonly intervalMs: number;
  private readonly quietMs: number;
  private readonly maxLagMs: number;
  private lastKickAt = 0;
  private ingesting = 0;
  private pendingSince: number | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  private stopped = false;
  private onError: ((error: unknown) => void) | undefined;

  constructor(
    private readonly db: HqDb,
    options: RollupConsumerOptions = {},
  ) {
    this.maxBatches = options.maxBatchesPerTx ?? 20;
    this.intervalMs = options.intervalMs ?? 1_000;
    this.quietMs = options.quietMs ?? 50;
    this.maxLagMs = options.maxLagMs ?? 30_000;
    this.onError = options.onError;
  }

  /** `onError`: a failed pass (it is retried on the next kick or tick; nothing is lost, the rows stay queued). */
  start(onError?: (error: unknown) => void): void {
    if (onError) this.onError = onError;
    this.stopped = false;
    if (this.timer) return;
    this.timer = setInterval(() => this.schedule(), this.intervalMs);
    this.timer.unref();
    this.schedule();
  }

  /** Stops the interval and waits for a running pass to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /**
   * A batch is being stored in this process: no pass starts (or continues after its transaction)
   * until it is done. Under steady uploads the gaps between requests are often longer than quietMs
   * although the database is busy all the time, so the kicks alone do not show a burst. Returns the
   * call that says it is done.
   */
  ingestStarted(): () => void {
    this.ingesting++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.ingesting--;
      this.lastKickAt = performance.now();
    };
  }

  /** An ingest batch was queued: schedules a pass. Passes never overlap in one process (a kick during one runs another after it). */
  kick(): void {
    const now = performance.now();
    this.lastKickAt = now;
    this.pendingSince ??= now;
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop();
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.again = false;
        const quiet = await this.waitForQuiet();
        this.pendingSince = null;
        try {
          // A pass HQ was quiet for gives way again between transactions to a burst that started meanwhile
          // (ingestion first); a pass that waited maxLagMs applies what was queued when it started.
          if (quiet) await this.drain(() => this.stopped || this.ingestBusy());
          else await this.drain(() => this.stopped, await lastQueuedId(this.db));
        } catch (error) {
          this.onError?.(error);
        }
      } while ((this.again || this.pendingSince !== null) && !this.stopped);
    } finally {
      this.running = null;
    }
  }

  /** Batches are being stored or just were, and none has waited maxLagMs since this process was told of it. */
  private ingestBusy(): boolean {
    const now = performance.now();
    return this.pendingSince !== null && (this.ingesting > 0 || now - this.lastKickAt < this.quietMs) && now - this.pendingSince < this.maxLagMs;
  }

  /** Resolves true when no batch arrived for quietMs, false when it stopped waiting because of maxLagMs. */
  private async waitForQuiet(): Promise<boolean> {
    for (;;) {
      if (this.stopped) return true;
      const now = performance.now();
      if (this.pendingSince === null || (this.ingesting === 0 && now - this.lastKickAt >= this.quietMs)) return true;
      if (now - this.pendingSince >= this.maxLagMs) return false;
      await new Promise((resolve) => setTimeout(resolve, this.quietMs).unref());
    }
  }

  /** Applies everything queued now (up to queue id `upTo`), chain by chain; returns the events applied. */
  async drain(stop: () => boolean = () => false, upTo?: number): Promise<number> {
    let total = 0;
    const chains = await this.db.query<{ chain_id: string }>('SELECT DISTINCT chain_id FROM rollup_queue');
    for (const { chain_id: chainId } of chains) {
      while (!stop()) {
        const done = await this.db.tx(async (t) => {
          await lockChainRollups(t, chainId);
          return applyQueuedRollups(t, chainId, this.maxBatches, upTo);
        });
        total += done.events;
        if (done.batches < this.maxBatches) break;
      }
    }
    return total;
  }
}
