import { fileURLToPath } from 'node:url';
import { utilityProcess } from 'electron';
import type { SpawnWorker, WorkerToHost } from '../workers/worker-protocol.js';

/**
 * Runs the kiosk worker (build/electron/services/kiosk-worker.js) in an Electron utility process:
 * a separate OS process, so a crash in native inference code cannot take the UI or main down.
 * The worker host restarts it; requests in flight fail with a retryable UNAVAILABLE meanwhile.
 */
export function utilityProcessSpawner(entry: URL, env: NodeJS.ProcessEnv = process.env): SpawnWorker {
  const modulePath = fileURLToPath(entry);
  return () => {
    const child = utilityProcess.fork(modulePath, [], {
      serviceName: 'Member Kiosk worker',
      // Logs go to the main process's stdout/stderr (and from there to the log file).
      stdio: 'inherit',
      env: { ...env, KIOSK_WORKER: 'utility' },
    });
    return {
      // ArrayBuffers are copied, not transferred: utility processes only transfer MessagePorts.
      postMessage: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', (message: WorkerToHost) => listener(message)),
      onExit: (listener) => child.on('exit', (code: number) => listener(code)),
      terminate: () => void child.kill(),
    };
  };
}
