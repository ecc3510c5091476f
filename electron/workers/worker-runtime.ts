import { parentPort } from 'node:worker_threads';
import { AppError } from '../contract/result.js';
import type { HostToWorker, WorkerToHost } from './worker-protocol.js';

export type WorkerMethods = Record<string, (payload: unknown) => Promise<unknown> | unknown>;

interface ElectronParentPort {
  on(event: 'message', listener: (e: { data: HostToWorker }) => void): void;
  postMessage(message: WorkerToHost): void;
}

/**
 * The worker side: answers requests from the host. Works as a Node worker thread or as an
 * Electron utility process (process.parentPort), so the same entry file serves both.
 */
export async function serveWorker(init: () => Promise<WorkerMethods> | WorkerMethods): Promise<void> {
  const electronPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  const send = (message: WorkerToHost) => {
    if (parentPort) parentPort.postMessage(message);
    else if (electronPort) electronPort.postMessage(message);
    else throw new Error('serveWorker: not running as a worker');
  };
  const methods = await init();
  const handle = async (message: HostToWorker) => {
    if (message.type !== 'request') return;
    const method = methods[message.method];
    if (!method) {
      send({ type: 'response', id: message.id, ok: false, error: { code: 'UNKNOWN_METHOD', message: `worker has no ${message.method}`, retryable: false } });
      return;
    }
    try {
      const value = await method(message.payload);
      send({ type: 'response', id: message.id, ok: true, value });
    } catch (error) {
      const e = error instanceof AppError ? error : null;
      send({
        type: 'response',
        id: message.id,
        ok: false,
        error: { code: e?.code ?? 'INTERNAL', message: error instanceof Error ? error.message : String(error), retryable: e?.retryable ?? false },
      });
    }
  };
  if (parentPort) parentPort.on('message', (m: HostToWorker) => void handle(m));
  else if (electronPort) electronPort.on('message', (e) => void handle(e.data));
  send({ type: 'ready' });
}
