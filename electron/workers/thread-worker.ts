import { Worker } from 'node:worker_threads';
import type { SpawnWorker, WorkerToHost } from './worker-protocol.js';

/**
 * Spawns a worker thread (browser-hosted mode and tests). From TypeScript sources the thread
 * loads tsx so the same entry file runs unbuilt; the built app runs the compiled .js.
 */
export function threadWorkerSpawner(entry: URL, workerData?: unknown): SpawnWorker {
  return () => {
    const fromSource = entry.pathname.endsWith('.ts');
    const worker = new Worker(entry, {
      workerData,
      execArgv: fromSource ? [...process.execArgv.filter((a) => !a.startsWith('--inspect')), '--import', 'tsx'] : process.execArgv,
    });
    // The host must not keep the process alive on its own; requests in flight hold their own timers.
    worker.unref();
    return {
      postMessage: (message, transfer) => worker.postMessage(message, transfer ?? []),
      onMessage: (listener) => worker.on('message', (m: WorkerToHost) => listener(m)),
      onExit: (listener) => {
        worker.on('exit', (code) => listener(code));
        worker.on('error', () => {
          /* 'exit' follows an uncaught error; the host restarts it there */
        });
      },
      terminate: () => void worker.terminate(),
    };
  };
}
