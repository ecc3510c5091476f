import type { HqDb } from './db/hq-db.js';
import { applyQueuedRollups, lockChainRollups } from './dashboard/rollup-queue.js';

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
  /** …or until the oldest batch kicked in this process has waited this long. */
  maxLagMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Runs in the HQ process: `kick()` right after an ingest commit, an interval for batches queued by
 * other processes or left by a crash, `drain()` for tests and the CLI (resolves when the queue it saw
 * is applied). Ingestion has priority: during a burst of uploads the consumer waits for a quiet
 * moment (`quietMs` without a new batch), but never longer than `maxLagMs` after the first batch it
 * was told about, then applies everything queued, `maxBatchesPerTx` batches per transaction.
 */
export class RollupConsumer {
  private readonly maxBatches: number;
  private readonly intervalMs: number;
  private readonly quietMs: number;
  private readonly maxLagMs: number;
  private lastKickAt = 0;
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
    this.maxLagMs = options.maxLagMs ?? 10_000;
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
        await this.waitForQuiet();
        this.pendingSince = null;
        try {
          // Between transactions, give way again to a burst that started meanwhile (ingestion first).
          await this.drain(() => this.stopped || this.ingestBusy());
        } catch (error) {
          this.onError?.(error);
        }
      } while ((this.again || this.pendingSince !== null) && !this.stopped);
    } finally {
      this.running = null;
    }
  }

  /** Batches are arriving and none has waited maxLagMs since this process was told of it. */
  private ingestBusy(): boolean {
    const now = performance.now();
    return this.pendingSince !== null && now - this.lastKickAt < this.quietMs && now - this.pendingSince < this.maxLagMs;
  }

  private async waitForQuiet(): Promise<void> {
    while (!this.stopped && this.ingestBusy()) await new Promise((resolve) => setTimeout(resolve, this.quietMs).unref());
  }

  /** Applies everything queued now, chain by chain; returns the events applied. */
  async drain(stop: () => boolean = () => false): Promise<number> {
    let total = 0;
    const chains = await this.db.query<{ chain_id: string }>('SELECT DISTINCT chain_id FROM rollup_queue');
    for (const { chain_id: chainId } of chains) {
      while (!stop()) {
        const done = await this.db.tx(async (t) => {
          await lockChainRollups(t, chainId);
          return applyQueuedRollups(t, chainId, this.maxBatches);
        });
        total += done.events;
        if (done.batches < this.maxBatches) break;
      }
    }
    return total;
  }
}
