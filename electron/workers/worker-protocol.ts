/** Messages between a host and its worker (a worker thread, or an Electron utility process). */
export type HostToWorker =
  | { type: 'request'; id: number; method: string; payload: unknown }
  /** Finish what is in flight, then exit: native inference must not be torn down mid-call. */
  | { type: 'shutdown' };

export type WorkerToHost =
  | { type: 'ready' }
  | { type: 'response'; id: number; ok: true; value: unknown }
  | { type: 'response'; id: number; ok: false; error: { code: string; message: string; retryable: boolean } };

/** The host's view of one running worker, whatever kind of process or thread it is. */
export interface WorkerPort {
  postMessage(message: HostToWorker, transfer?: ArrayBuffer[]): void;
  onMessage(listener: (message: WorkerToHost) => void): void;
  onExit(listener: (code: number | null) => void): void;
  terminate(): void;
}

export type SpawnWorker = () => WorkerPort;
