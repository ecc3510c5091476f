import { wireEventSchema, MAX_BATCH_EVENTS, type WireEvent } from '../protocol/wire.js';
import { refusesAnEvent } from './hq-refusals.js';
import { HqCallError, type HqClient } from './hq-client.js';
import { UPLOAD_STATE_KEYS, type OutboxRow, type OutboxStore } from './outbox-store.js';
import { backoffDelay } from './backoff.js';
import { DEFAULT_RECOVERY_PROBE, RecoveryProbe, type RecoveryHint, type RecoveryProbeOptions, type Timers } from './recovery-probe.js';

export { DEFAULT_RECOVERY_PROBE, type RecoveryHint, type RecoveryProbeOptions, type Timers } from './recovery-probe.js';

export interface UploadStatus {
  state: 'idle' | 'uploading' | 'backing_off' | 'not_provisioned' | 'stopped';
  pending: number;
  parked: number;
  oldestPendingAgeMs: number | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  /** When the current streak of failed uploads began; null once HQ acknowledges an upload. Survives a restart. */
  unreachableSince: string | null;
}

export interface UploaderOptions {
  store: OutboxStore;
  client: HqClient;
  /** Who this device is; null until provisioned. */
  identity: () => { storeId: string; deviceId: string } | null;
  now: () => Date;
  batchSize?: number;
  backoff?: { baseMs: number; maxMs: number };
  /** While backing off, how often a hint (a new commit, the network coming back) may check whether HQ answers again. */
  recoveryProbe?: Partial<RecoveryProbeOptions>;
  /** How often to look for work when nothing nudges the uploader (new writes call notify()). */
  idlePollMs?: number;
  onStatus?: (status: UploadStatus) => void;
  onError?: (message: string) => void;
  timers?: Timers;
  random?: () => number;
}

export type RunOutcome = 'sent' | 'nothing' | 'failed' | 'no_progress' | 'not_provisioned';

/** Retry at least once a minute: the shops' store→HQ lag target is 5 minutes (HQ load: edge-sync/README.md). */
export const DEFAULT_BACKOFF = { baseMs: 1_000, maxMs: 60_000 } as const;

const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * Drains the outbox to HQ in batches, oldest first (so each member's events leave in the order they
 * were written). A row is deleted only when HQ acknowledges it (stored or already held); refused
 * rows are parked, never dropped. Failures back off exponentially with jitter, and a timer retries
 * by itself, so a store that goes quiet still delivers once HQ is back.
 *
 * While backing off because HQ could not be reached, evidence that the network may be back (a new
 * commit, the platform's "online" event) triggers a cheap, rate-limited probe of HQ's health
 * endpoint; when HQ answers, the backoff ends at once and the drain starts. A failed probe changes
 * nothing, so probes can never shorten the backoff of an HQ that is still away.
 */
export class Uploader {
  private failures = 0;
  private lastRetryAfterMs = 0;
  private persistedNextAttemptAt: string | null;
  /** After HQ refused a whole batch: send this many events one by one to find the poison. */
  private isolateLeft = 0;
  /** Lowered when HQ says a batch was too large (413); grows back after successes. */
  private sizeLimit: number;
  private successesSinceShrink = 0;
  private timer: unknown = null;
  private running: Promise<RunOutcome> | null = null;
  private started = false;
  private lastStatusAt = 0;
  private current: UploadStatus = { state: 'idle', pending: 0, parked: 0, oldestPendingAgeMs: null, lastSuccessAt: null, lastError: null, nextAttemptAt: null, unreachableSince: null };
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly batchSize: number;
  private readonly backoff: { baseMs: number; maxMs: number };
  private readonly recovery: RecoveryProbe;
  private readonly idlePollMs: number;

  constructor(private readonly o: UploaderOptions) {
    this.timers = o.timers ?? realTimers;
    this.random = o.random ?? Math.random;
    this.batchSize = Math.min(o.batchSize ?? 200, MAX_BATCH_EVENTS);
    this.sizeLimit = this.batchSize;
    this.backoff = o.backoff ?? DEFAULT_BACKOFF;
    this.recovery = new RecoveryProbe({
      client: o.client,
      timers: this.timers,
      now: o.now,
      options: { ...DEFAULT_RECOVERY_PROBE, ...o.recoveryProbe },
      isWaiting: () => this.started && this.running === null && this.failures > 0,
      onRecovered: () => this.schedule(0),
    });
    this.idlePollMs = o.idlePollMs ?? 30_000;
    this.current.lastSuccessAt = o.store.getState(UPLOAD_STATE_KEYS.lastSuccessAt);
    this.current.lastError = o.store.getState(UPLOAD_STATE_KEYS.lastError) || null;
    // An outage that began before a restart is still the same outage for the manager and the doctor.
    this.current.unreachableSince = o.store.getState(UPLOAD_STATE_KEYS.unreachableSince) || null;
    this.persistedNextAttemptAt = o.store.getState(UPLOAD_STATE_KEYS.nextAttemptAt) || null;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule(0);
  }

  /** Stops the timer; resolves when an upload in flight has finished with the database. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.recovery.cancel();
    await this.settled();
    this.publish('stopped', null, true);
  }

  /** Resolves once the upload attempt and the recovery probe in flight, if any, have finished. */
  async settled(): Promise<void> {
    await Promise.allSettled([this.running, this.recovery.inFlight()]);
  }

  /**
   * A new outbox row was committed: upload soon. While backing off it is also a hint that the
   * network may be back (sales go on during an outage), so it may probe HQ instead.
   */
  notify(): void {
    if (!this.started || this.running !== null) return;
    if (this.failures === 0) this.schedule(0);
    else this.recovery.hint();
  }

  /** The platform reports the network is (back) online: if backing off, check whether HQ answers again. */
  networkChanged(): RecoveryHint {
    if (!this.started || this.running !== null || this.failures === 0) return 'none';
    return this.recovery.hint();
  }

  status(): UploadStatus {
    this.refreshCounts();
    return { ...this.current };
  }

  /** One upload attempt of at most one batch (concurrent callers share it). */
  runOnce(): Promise<RunOutcome> {
    if (this.running) return this.running;
    this.running = this.attempt()
      .catch((error: unknown) => {
        // A local failure (database busy, disk full…) outside the HTTP exchange: back off and retry
        // on the timer like any other failure; never an unhandled rejection that ends the app.
        try {
          const outcome = this.fail(error);
          this.afterAttempt();
          return outcome;
        } catch {
          return 'failed' as const;
        }
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  /** Uploads until the outbox is empty or an attempt fails. */
  async drain(maxBatches = Number.POSITIVE_INFINITY): Promise<RunOutcome> {
    let last: RunOutcome = 'nothing';
    for (let i = 0; i < maxBatches; i++) {
      last = await this.runOnce();
      if (last !== 'sent') break;
    }
    return last;
  }

  private async attempt(): Promise<RunOutcome> {
    const who = this.o.identity();
    if (!who) {
      this.publish('not_provisioned', null, true);
      // Look again later: provisioning while the app runs writes the credentials file.
      if (this.started) this.schedule(this.idlePollMs);
      return 'not_provisioned';
    }
    const size = this.isolateLeft > 0 ? 1 : this.sizeLimit;
    const rows = this.o.store.pendingBatch(size);
    const events: WireEvent[] = [];
    for (const row of rows) {
      const event = toWireEvent(row);
      if (event) events.push(event);
      else this.o.store.parkLocally(row, 'not a valid wire event (cannot be sent to HQ)');
    }
    const notices = this.o.store.skipNotices(MAX_BATCH_EVENTS);
    if (events.length === 0 && notices.length === 0) {
      this.failures = 0;
      // Nothing is waiting for HQ, so nothing lags: an old streak would mislead the next one's start.
      if (this.current.unreachableSince !== null) this.persist({ [UPLOAD_STATE_KEYS.unreachableSince]: '' });
      this.current.unreachableSince = null;
      this.publish('idle', null, true);
      // The idle poll stays armed (a safety net for a missed notify()); rows parked just now may have more behind them.
      this.afterAttempt();
      return rows.length > 0 ? 'sent' : 'nothing';
    }
    this.publish('uploading', null, false);
    try {
      const ack = await this.o.client.uploadBatch({
        v: 1,
        originId: this.o.store.originId(),
        events,
        skipped: notices,
      });
      const noticeIds = new Set(notices.map((n) => n.eventId));
      const done = [...ack.accepted, ...ack.duplicates].filter((id) => !noticeIds.has(id));
      const progressed = done.length + ack.rejected.length + notices.length > 0;
      const at = this.o.now().toISOString();
      const doneSet = new Set(done);
      this.o.store.applyAck({
        staleBalances: [...new Set(rows.filter((r) => r.kind === 'points.changed' && r.member_id !== null && doneSet.has(r.event_id)).map((r) => r.member_id as string))],
        state: progressed ? this.streakEndedState(at) : {},
        done,
        parked: ack.rejected.filter((r) => !noticeIds.has(r.eventId)).map((r) => ({ eventId: r.eventId, reason: `HQ refused: ${r.code}: ${r.message}` })),
        retried: ack.deferred,
        retryReason: 'HQ waits for an earlier event of this member',
        noticesDone: [...ack.accepted, ...ack.duplicates, ...ack.rejected.map((r) => r.eventId)].filter((id) => noticeIds.has(id)),
      });
      if (this.isolateLeft > 0) this.isolateLeft--;
      if (this.sizeLimit < this.batchSize && ++this.successesSinceShrink >= 20) {
        this.sizeLimit = Math.min(this.batchSize, this.sizeLimit * 2);
        this.successesSinceShrink = 0;
      }
      if (!progressed) return this.fail(new Error('HQ deferred every event of the batch (waiting for earlier events)'));
      this.failures = 0;
      this.current.lastSuccessAt = at;
      this.current.lastError = null;
      this.current.unreachableSince = null;
      this.persistedNextAttemptAt = null;
      this.publish('uploading', null, false);
      if (rows.length < size && ack.deferred.length === 0) this.publish('idle', null, true);
      return 'sent';
    } catch (error) {
      if (error instanceof HqCallError && error.status === 413 && rows.length > 1) {
        // Too many bytes (large purchases): halve the batch and go again at once.
        this.sizeLimit = Math.max(1, Math.floor(rows.length / 2));
        this.successesSinceShrink = 0;
        return 'sent';
      }
      if (error instanceof HqCallError && error.kind === 'http' && error.status !== null && refusesAnEvent(error)) {
        // HQ refuses the request itself: find the poison event by sending one at a time, then park it.
        if (rows.length === 1 && notices.length === 0) {
          const row = rows[0] as OutboxRow;
          this.o.store.parkLocally(row, `HQ refused it: ${error.message}`);
          this.isolateLeft = 0;
          return 'sent';
        }
        if (this.isolateLeft === 0 && rows.length > 1) {
          this.isolateLeft = rows.length;
          return 'sent';
        }
      }
      // Per-row attempts count refusals that concern the rows; an unreachable HQ is the uploader's
      // state (status.lastError), not the rows' (and not worth a disk write per retry).
      if (!(error instanceof HqCallError) || !error.isTransient) {
        this.o.store.recordAttemptError(
          rows.map((r) => r.event_id),
          error instanceof Error ? error.message : String(error),
        );
      }
      return this.fail(error);
    } finally {
      this.afterAttempt();
    }
  }

  /** What an acknowledged upload writes in its own commit: the success, and the end of any failure streak. */
  private streakEndedState(at: string): Record<string, string> {
    const state: Record<string, string> = { [UPLOAD_STATE_KEYS.lastSuccessAt]: at };
    if (this.current.lastError !== null) state[UPLOAD_STATE_KEYS.lastError] = '';
    if (this.current.unreachableSince !== null) state[UPLOAD_STATE_KEYS.unreachableSince] = '';
    if (this.persistedNextAttemptAt !== null) state[UPLOAD_STATE_KEYS.nextAttemptAt] = '';
    return state;
  }

  private fail(error: unknown): RunOutcome {
    this.failures++;
    this.lastRetryAfterMs = error instanceof HqCallError ? (error.retryAfterMs ?? 0) : 0;
    this.recovery.failed(error);
    const message = error instanceof Error ? error.message : String(error);
    const changed: Record<string, string> = {};
    if (this.current.lastError !== message.slice(0, 300)) changed[UPLOAD_STATE_KEYS.lastError] = message.slice(0, 300);
    this.current.lastError = message.slice(0, 300);
    if (this.current.unreachableSince === null) {
      this.current.unreachableSince = this.o.now().toISOString();
      changed[UPLOAD_STATE_KEYS.unreachableSince] = this.current.unreachableSince;
    }
    this.persist(changed);
    this.o.onError?.(this.current.lastError);
    this.publish('backing_off', null, true);
    return error instanceof Error && /deferred every event/.test(message) ? 'no_progress' : 'failed';
  }

  /** Decides when the timer fires next: at once while there is more, backoff after failures, idle poll otherwise. */
  private afterAttempt(): void {
    if (!this.started) return;
    let delay: number;
    if (this.failures > 0) {
      const retryAfter = this.lastRetryAfter();
      delay = Math.max(backoffDelay(this.failures, this.backoff, this.random), retryAfter);
      this.current.nextAttemptAt = new Date(this.o.now().getTime() + delay).toISOString();
      // One small write per retry (at most two a minute at the cap), so the doctor, a separate process, can say when.
      this.persistNextAttempt(this.current.nextAttemptAt);
      this.publish('backing_off', this.current.nextAttemptAt, true);
    } else {
      delay = this.o.store.hasPending() || this.o.store.skipNotices(1).length > 0 ? 0 : this.idlePollMs;
      this.current.nextAttemptAt = null;
      this.persistNextAttempt(null);
      this.recovery.cancel();
    }
    this.schedule(delay);
  }

  private persist(values: Record<string, string>): void {
    if (Object.keys(values).length === 0) return;
    try {
      this.o.store.setStates(values);
    } catch {
      // The database itself is failing: the status event still carries the facts.
    }
  }

  private persistNextAttempt(at: string | null): void {
    if (at === this.persistedNextAttemptAt) return;
    this.persist({ [UPLOAD_STATE_KEYS.nextAttemptAt]: at ?? '' });
    this.persistedNextAttemptAt = at;
  }

  private lastRetryAfter(): number {
    return this.lastRetryAfterMs;
  }

  private schedule(delay: number): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      void this.runOnce();
    }, delay);
  }

  private refreshCounts(): void {
    let c: ReturnType<OutboxStore['counts']>;
    try {
      c = this.o.store.counts();
    } catch {
      return; // keep the last known counts while the database is unavailable
    }
    this.current.pending = c.pending;
    this.current.parked = c.parked;
    this.current.oldestPendingAgeMs = c.oldestPendingAt === null ? null : Math.max(0, this.o.now().getTime() - Date.parse(c.oldestPendingAt));
  }

  /** Emits the upload-status event; during a long drain at most once a second (counting is not free). */
  private publish(state: UploadStatus['state'], nextAttemptAt: string | null, force: boolean): void {
    const changed = state !== this.current.state;
    this.current.state = state;
    if (nextAttemptAt !== null || state !== 'backing_off') this.current.nextAttemptAt = nextAttemptAt;
    const nowMs = this.o.now().getTime();
    if (!force && !changed && nowMs - this.lastStatusAt < 1000) return;
    this.lastStatusAt = nowMs;
    this.refreshCounts();
    this.o.onStatus?.({ ...this.current });
  }
}

function toWireEvent(row: OutboxRow): WireEvent | null {
  let payload: unknown;
  try {
    payload = JSON.parse(row.payload);
  } catch {
    return null;
  }
  const parsed = wireEventSchema.safeParse({
    eventId: row.event_id,
    kind: row.kind,
    memberId: row.member_id,
    memberSeq: row.member_seq,
    schemaVersion: row.schema_version,
    occurredAt: row.occurred_at,
    payload,
  });
  return parsed.success ? parsed.data : null;
}
