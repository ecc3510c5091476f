/**
 * Entry of the heavy-work worker: a worker thread in browser-hosted mode, an Electron utility
 * process in the app. Domains register their methods here; the UI thread never runs inference.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';
import { AppError } from '../contract/result.js';
import { serveWorker } from '../workers/worker-runtime.js';
import { createFaceWorkerMethods } from './face/face-engine.js';

const sha256Args = z.object({ files: z.array(z.string()).max(100) });

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  const stream = fs.createReadStream(file);
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

void serveWorker(async () => ({
  /** Face pipeline: face.load, face.analyze (models loaded once, on first use). */
  ...createFaceWorkerMethods(),
  /** Hashes files (model weights) without blocking the caller's thread. */
  'files.sha256': async (payload) => {
    const { files } = sha256Args.parse(payload);
    const out: Record<string, string | null> = {};
    for (const file of files) {
      try {
        out[file] = await sha256File(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') out[file] = null;
        else throw new AppError('INTERNAL', `cannot read ${file}: ${(error as Error).message}`);
      }
    }
    return out;
  },
  /** Lets tests prove that a crash is survived: the host restarts the worker. */
  'debug.crash': () => {
    if (process.env.KIOSK_ALLOW_DEBUG_CRASH !== '1') throw new AppError('FORBIDDEN', 'debug.crash is disabled');
    setImmediate(() => process.exit(70));
    return null;
  },
}));
