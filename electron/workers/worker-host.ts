import { AppError } from '../contract/result.js';
import type { Logger } from '../core/logger.js';
import type { SpawnWorker, WorkerPort, WorkerToHost } from './worker-protocol.js';

export type WorkerState = 'starting' | 'ready' | 'restarting' | 'down';
export interface WorkerStatus {
  state: WorkerState;
  restarts: number;
  lastError: string | null;
}

export interface WorkerHost {
  request<T>(method: string, payload: unknown, options?: { transfer?: ArrayBuffer[]; timeoutMs?: number }): Promise<T>;
  status(): WorkerStatus;
  onStatus(listener: (status: WorkerStatus) => void): () => void;
  /** Resolves when the worker is ready (or rejects if it goes down for good). */
  whenReady(): Promise<void>;
  close(): Promise<void>;
}

export interface WorkerHostOptions {
  name: string;
  log: Logger;
  requestTimeoutMs?: number;
  /** Delays between restarts; after the last one the worker is declared down. */
  restartDelaysMs?: number[];
  /** How long close() waits for the worker to finish its work and exit before killing it. */
  shutdownGraceMs?: number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  timer: NodeJS.Timeout;
}

/**
 * Runs heavy work in another thread or process and restarts it when it dies.
 * While it is away, requests fail fast with a retryable UNAVAILABLE, so the UI can show a degraded state
 * instead of hanging.
 */
export function createWorkerHost(spawn: SpawnWorker, options: WorkerHostOptions): WorkerHost {
  const delays = options.restartDelaysMs ?? [100, 500, 2000, 5000, 10000];
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const pending = new Map<number, Pending>();
  const listeners = new Set<(s: WorkerStatus) => void>();
  let status: WorkerStatus = { state: 'starting', restarts: 0, lastError: null };
  let port: WorkerPort | null = null;
  let nextId = 1;
  let closed = false;
  let consecutiveFailures = 0;
  let readyWaiters: Array<{ resolve(): void; reject(e: unknown): void }> = [];
  let restartTimer: NodeJS.Timeout | null = null;

  function setStatus(next: Partial<WorkerStatus>) {
    status = { ...status, ...next };
    for (const l of listeners) l(status);
    if (status.state === 'ready') {
      for (const w of readyWaiters) w.resolve();
      readyWaiters = [];
    } else if (status.state === 'down') {
      for (const w of readyWaiters) w.reject(new AppError('UNAVAILABLE', `${options.name} worker is down`, { retryable: true }));
      readyWaiters = [];
    }
  }

  function start() {
    let current: WorkerPort;
    try {
      current = spawn();
    } catch (error) {
      handleExit(null, `spawn failed: ${(error as Error).message}`);
      return;
    }
    port = current;
    current.onMessage((message: WorkerToHost) => {
      if (message.type === 'ready') {
        consecutiveFailures = 0;
        setStatus({ state: 'ready' });
        return;
      }
      const entry = pending.get(message.id);
      if (!entry) return; // timed out already
      pending.delete(message.id);
      clearTimeout(entry.timer);
      if (message.ok) entry.resolve(message.value);
      else entry.reject(new AppError(message.error.code, message.error.message, { retryable: message.error.retryable }));
    });
    current.onExit((code) => {
      if (port !== current) return;
      port = null;
      handleExit(code, `exited with code ${code}`);
    });
  }

  function handleExit(code: number | null, reason: string) {
    const error = new AppError('UNAVAILABLE', `${options.name} worker stopped (${reason}); retrying`, { retryable: true });
    for (const [id, entry] of pending) {
      clearTimeout(entry.timer);
      entry.reject(error);
      pending.delete(id);
    }
    if (closed) return;
    options.log.warn('worker.exited', { worker: options.name, code, reason });
    const delay = delays[consecutiveFailures];
    consecutiveFailures += 1;
    if (delay === undefined) {
      setStatus({ state: 'down', lastError: reason });
      return;
    }
    setStatus({ state: 'restarting', restarts: status.restarts + 1, lastError: reason });
    restartTimer = setTimeout(() => {
      restartTimer = null;
      if (!closed) start();
    }, delay);
    restartTimer.unref?.();
  }

  start();

  return {
    request<T>(method: string, payload: unknown, opts: { transfer?: ArrayBuffer[]; timeoutMs?: number } = {}): Promise<T> {
      if (closed) return Promise.reject(new AppError('UNAVAILABLE', `${options.name} worker is closed`));
      if (!port || status.state !== 'ready') {
        return Promise.reject(new AppError('UNAVAILABLE', `${options.name} worker is ${status.state}`, { retryable: status.state !== 'down' }));
      }
      const id = nextId++;
      const target = port;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new AppError('TIMEOUT', `${options.name}.${method} took longer than ${opts.timeoutMs ?? timeoutMs} ms`, { retryable: true }));
        }, opts.timeoutMs ?? timeoutMs);
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
        target.postMessage({ type: 'request', id, method, payload }, opts.transfer);
      });
    },
    status: () => status,
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    whenReady() {
      if (status.state === 'ready') return Promise.resolve();
      if (status.state === 'down') return Promise.reject(new AppError('UNAVAILABLE', `${options.name} worker is down`));
      return new Promise<void>((resolve, reject) => readyWaiters.push({ resolve, reject }));
    },
    async close() {
      closed = true;
      if (restartTimer) clearTimeout(restartTimer);
      const p = port;
      port = null;
      if (p) {
        // Ask it to finish and exit; kill it only if it does not within the grace period.
        // The grace timer stays referenced: an unref'd worker plus an unref'd timer would let the
        // process end with close() still pending.
        let grace: NodeJS.Timeout | undefined;
        const exited = new Promise<'exited'>((resolve) => p.onExit(() => resolve('exited')));
        const timedOut = new Promise<'timeout'>((resolve) => (grace = setTimeout(() => resolve('timeout'), options.shutdownGraceMs ?? 10_000)));
        try {
          p.postMessage({ type: 'shutdown' });
        } catch (error) {
          // It cannot be asked to finish (its channel is gone): stop it, and leave no timer behind.
          clearTimeout(grace);
          p.terminate();
          throw error;
        }
        const outcome = await Promise.race([exited, timedOut]);
        clearTimeout(grace);
        if (outcome === 'timeout') p.terminate();
      }
      for (const [, entry] of pending) {
        clearTimeout(entry.timer);
        entry.reject(new AppError('UNAVAILABLE', `${options.name} worker closed`));
      }
      pending.clear();
    },
  };
}
