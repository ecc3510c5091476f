import type { z } from 'zod';
import type { ServiceContext } from '../../core/service-context.js';
import type { syncStatusSchema } from '../../contract/sync.js';
import { HqClient } from '../../../edge-sync/client/hq-client.js';
import { Uploader, type RecoveryHint } from '../../../edge-sync/client/uploader.js';
import { OutboxStore, UPLOAD_STATE_KEYS, type ParkedEvent } from '../../../edge-sync/client/outbox-store.js';
import { Downlink, type DownlinkChangeRef, type DownlinkHooks } from '../../../edge-sync/client/downlink.js';
import { fileCredentialSource, type CredentialSource } from '../../../edge-sync/client/credentials-file.js';
import { memberBankView, type MemberBankView } from '../../../edge-sync/client/member-bank.js';
import { onOutboxAppended } from '../../../edge-sync/client/outbox-append.js';
import { reportDeviceStatus, type DeviceFacts } from '../../../edge-sync/client/device-status-report.js';
import type { BankPort } from '../bank/member-bank-store.js';

export type SyncStatus = z.output<typeof syncStatusSchema>;

export interface SyncHooks {
  /** Erase a member here when HQ says so (wired to the membership service; must be idempotent). */
  applyErasure?: (memberId: string) => void | Promise<void>;
  onChainObjectsChanged?: DownlinkHooks['onChainObjectsChanged'];
  /** Model version, face-data count and rules version for the status sent to HQ once per sync cycle. */
  deviceFacts?: () => DeviceFacts;
  /** Apply a rules version / a campaign coupon HQ published (wired to membership; inside the downlink page's transaction). */
  applyRulesVersion?: DownlinkHooks['applyRulesVersion'];
  applyCoupon?: DownlinkHooks['applyCoupon'];
  /** After each downlink pull (applied or failed): the member bank resolves intents and follows HQ's balances. */
  afterPull?: () => void | Promise<void>;
  /** Apply an item catalogue version HQ published (wired to the catalogue; inside the downlink page's transaction). */
  applyCatalogueVersion?: DownlinkHooks['applyCatalogueVersion'];
}

export interface SyncRuntime {
  status(): SyncStatus;
  /** Uploads and pulls now (staff's "sync now"); starts the uploader if the device was provisioned meanwhile. */
  syncNow(): Promise<SyncStatus>;
  /**
   * The platform reports a network change (the renderer's `online` event). Coming online while the
   * uploader backs off asks for a rate-limited HQ probe, now or when the rate limit allows.
   */
  networkChanged(online: boolean): RecoveryHint;
  listParked(limit: number): ParkedEvent[];
  memberBank(memberId: string): MemberBankView;
  /** HQ's member bank (lookup across stores, redemption), once this device is provisioned; null before (or without HQ). */
  bankPort(): BankPort | null;
  /** For the doctor: are credentials present (never the secret). */
  credentialsProbe(): { present: boolean; detail: string };
  setHooks(hooks: SyncHooks): void;
  /** Stops the timers and waits for an upload in flight (call before closing the database). */
  close(): Promise<void>;
}

/**
 * At most this many seq numbers listed in one log line: a page holds up to 1,000 changes, and the
 * logger drops long lists of numbers as template-like.
 */
const LOGGED_SEQS = 10;

/** Changes for a log line: how many of each type, the first and last seq, and every seq when few. */
function describeChanges(changes: DownlinkChangeRef[]): { types: Record<string, number>; firstSeq: number | null; lastSeq: number | null; seqs?: number[] } {
  const types: Record<string, number> = {};
  for (const c of changes) types[c.type] = (types[c.type] ?? 0) + 1;
  const seqs = changes.map((c) => c.seq);
  return { types, firstSeq: seqs[0] ?? null, lastSeq: seqs[seqs.length - 1] ?? null, ...(seqs.length <= LOGGED_SEQS ? { seqs } : {}) };
}

/**
 * Runs sync inside the store app: the uploader (outbox → HQ) and the downlink pull (HQ → store),
 * when hq.url is configured and the device is provisioned. Without HQ the store works standalone
 * and the outbox simply keeps its events.
 */
export function startSync(ctx: ServiceContext, initialHooks: SyncHooks = {}): SyncRuntime {
  const log = ctx.log.child('sync');
  const store = new OutboxStore(ctx.db);
  const creds: CredentialSource = fileCredentialSource(ctx.dataDir);
  let hooks: SyncHooks = { ...initialHooks };
  const hq = ctx.config.hq;
  let client: HqClient | null = null;
  let uploader: Uploader | null = null;
  let downlink: Downlink | null = null;
  let downlinkTimer: NodeJS.Timeout | null = null;
  let unsubscribe: (() => void) | null = null;
  let pulling: Promise<void> | null = null;

  function pull(): Promise<void> {
    if (!downlink) return Promise.resolve();
    if (pulling) return pulling;
    const d = downlink;
    pulling = d
      .pullAll()
      .then((n) => {
        if (n > 0) log.info('sync.downlink_applied', { changes: n });
      })
      .catch((error: unknown) => log.warn('sync.downlink_failed', { error: (error as Error).message }))
      .then(() => hooks.afterPull?.())
      .catch((error: unknown) => log.warn('sync.after_pull_failed', { error: (error as Error).message }))
      .then(() => reportStatus())
      .finally(() => {
        pulling = null;
      });
    return pulling;
  }

  /** Once per sync cycle, after the pull: HQ's stores page shows it. A failure only waits for the next cycle. */
  async function reportStatus(): Promise<void> {
    if (!client) return;
    const facts = hooks.deviceFacts?.() ?? { modelVersion: null, faceDataPeople: 0, rulesVersion: null };
    await reportDeviceStatus(client, store, ctx.appVersion, facts, ctx.clock.now()).catch((error: unknown) => log.warn('sync.status_report_failed', { error: (error as Error).message }));
  }

  function startIfReady(): void {
    if (uploader || !hq.url || !creds.get()) return;
    client = new HqClient({
      baseUrl: hq.url,
      credentials: () => creds.get(),
      now: () => ctx.clock.now().getTime(),
      timeoutMs: hq.requestTimeoutMs,
      onUnauthorized: () => creds.refresh(),
      allowPlainHttp: hq.allowPlainHttpLab,
    });
    uploader = new Uploader({
      store,
      client,
      identity: () => {
        const c = creds.get();
        return c ? { storeId: c.storeId, deviceId: c.deviceId } : null;
      },
      now: () => ctx.clock.now(),
      batchSize: hq.batchSize,
      backoff: { baseMs: hq.backoffBaseMs, maxMs: hq.backoffMaxMs },
      recoveryProbe: { minIntervalMs: hq.recoveryProbeMinIntervalMs, timeoutMs: Math.min(5_000, hq.requestTimeoutMs) },
      idlePollMs: hq.idlePollSeconds * 1000,
      onStatus: (s) => ctx.events.emit('sync.uploadStatus', s),
      onError: (message) => log.warn('sync.upload_failed', { error: message }),
    });
    downlink = new Downlink(ctx.db, client, {
      applyErasure: (memberId) => hooks.applyErasure?.(memberId),
      onChainObjectsChanged: (types) => hooks.onChainObjectsChanged?.(types),
      applyRulesVersion: (change) => hooks.applyRulesVersion?.(change),
      applyCoupon: (coupon) => hooks.applyCoupon?.(coupon),
      applyCatalogueVersion: (change) => hooks.applyCatalogueVersion?.(change),
      // Once per page and once per re-apply run, never per change; seq and type only (no body, no member).
      onDeferred: (changes) => log.warn('sync.downlink_deferred', { count: changes.length, ...describeChanges(changes) }),
      onReapplied: (r) =>
        log.info('sync.downlink_deferred_reapplied', {
          applied: r.applied.length,
          failed: r.failed.length,
          stillDeferred: r.stillDeferred,
          ...(r.applied.length > 0 ? { appliedChanges: describeChanges(r.applied) } : {}),
          ...(r.failed.length > 0 ? { failedChanges: describeChanges(r.failed) } : {}),
        }),
    }, () => ctx.clock.now());
    const u = uploader;
    unsubscribe = onOutboxAppended(ctx.db, () => u.notify());
    u.start();
    downlinkTimer = setInterval(() => void pull(), hq.downlinkEverySeconds * 1000);
    downlinkTimer.unref();
    void pull();
    log.info('sync.started', { hq: hq.url, deviceId: creds.get()?.deviceId });
  }

  /** Upload status from the outbox itself, when no uploader runs (no HQ configured, or not provisioned). */
  function idleUploadStatus(c: ReturnType<CredentialSource['get']>): SyncStatus['upload'] {
    const k = store.counts();
    return {
      state: hq.url && !c ? 'not_provisioned' : 'stopped',
      pending: k.pending,
      parked: k.parked,
      oldestPendingAgeMs: k.oldestPendingAt === null ? null : Math.max(0, ctx.clock.now().getTime() - Date.parse(k.oldestPendingAt)),
      lastSuccessAt: store.getState(UPLOAD_STATE_KEYS.lastSuccessAt),
      lastError: store.getState(UPLOAD_STATE_KEYS.lastError) || null,
      nextAttemptAt: null,
      unreachableSince: store.getState(UPLOAD_STATE_KEYS.unreachableSince) || null,
    };
  }

  function status(): SyncStatus {
    const c = creds.get();
    return {
      hqConfigured: hq.url !== null,
      provisioned: c !== null,
      deviceId: c?.deviceId ?? null,
      storeId: c?.storeId ?? null,
      upload: uploader?.status() ?? idleUploadStatus(c),
      downlinkCursor: Number(store.getState('downlink_cursor') ?? 0),
      lastDownlinkAt: store.getState('downlink_at'),
      clockOffsetMs: client?.clockOffsetMs ?? 0,
    };
  }

  startIfReady();
  if (hq.url && !creds.get()) {
    log.warn('sync.not_provisioned', { hint: 'npm run provision -- --store <id> --hq <url> --token <token>' });
    ctx.events.emit('sync.uploadStatus', status().upload);
  }

  return {
    status,
    async syncNow() {
      creds.refresh();
      startIfReady();
      if (uploader) {
        await uploader.drain(50);
        await pull();
      }
      return status();
    },
    networkChanged(online) {
      if (!online || !uploader) return 'none';
      const probe = uploader.networkChanged();
      if (probe !== 'none') log.info('sync.recovery_probe', { reason: 'network online', probe });
      return probe;
    },
    listParked: (limit) => store.listParked(limit),
    memberBank: (memberId) => memberBankView(ctx.db, memberId, ctx.clock.now()),
    bankPort() {
      startIfReady();
      return client;
    },
    credentialsProbe() {
      const c = creds.get();
      return c ? { present: true, detail: `device ${c.deviceId}, store ${c.storeId}` } : { present: false, detail: 'no hq-device.json in the data directory' };
    },
    setHooks(next) {
      hooks = { ...hooks, ...next };
    },
    async close() {
      unsubscribe?.();
      if (downlinkTimer) clearInterval(downlinkTimer);
      await uploader?.stop();
      await pulling;
    },
  };
}
