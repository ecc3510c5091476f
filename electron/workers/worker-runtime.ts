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
  let inFlight = 0;
  let idle: (() => void) | null = null;
  let methodsReady: Promise<WorkerMethods> | null = null;
  const handle = async (message: HostToWorker) => {
    if (message.type === 'shutdown') {
      // Native sessions (onnxruntime) abort the whole process if their thread is killed mid-call,
      // so wait for the start-up and every request in flight before exiting.
      await methodsReady?.catch(() => undefined);
      if (inFlight > 0) await new Promise<void>((resolve) => (idle = resolve));
      process.exit(0);
    }
    if (message.type !== 'request') return;
    const methods = await (methodsReady as Promise<WorkerMethods>);
    const method = Object.prototype.hasOwnProperty.call(methods, message.method) ? methods[message.method] : undefined;
    if (!method) {
      send({ type: 'response', id: message.id, ok: false, error: { code: 'UNKNOWN_METHOD', message: `worker has no ${message.method}`, retryable: false } });
      return;
    }
    inFlight += 1;
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
    } finally {
      inFlight -= 1;
      if (inFlight === 0 && idle) idle();
    }
  };
  // Listen before initialising, so a shutdown sent during start-up is not lost.
  if (parentPort) parentPort.on('message', (m: HostToWorker) => void handle(m));
  else if (electronPort) electronPort.on('message', (e) => void handle(e.data));
  methodsReady = Promise.resolve(init());
  await methodsReady;
  send({ type: 'ready' });
}
