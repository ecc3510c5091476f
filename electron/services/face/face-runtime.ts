import path from 'node:path';
import { AppError } from '../../contract/result.js';
import type { WorkerHost } from '../../workers/worker-host.js';
import type { Db } from '../../db/connection.js';
import type { ServiceContext } from '../../core/service-context.js';
import { createMembershipApi } from '../membership/membership-api.js';
import { createWorkerEngine } from './face-engine.js';
import { FaceErrorCode } from './face-errors.js';
import { createFaceService, type FaceService } from './face-service.js';
import { fileKeyProvider } from './file-key-provider.js';
import type { TemplateKeyProvider } from './template-crypto.js';

export interface FaceStartOptions {
  /** The Electron app passes its safeStorage provider; elsewhere the 0600 key file is used. */
  keyProvider?: TemplateKeyProvider;
  /** Defaults to the membership domain's recorded consent. */
  hasFaceConsent?: (memberId: string) => boolean;
  /** The face vault (per-member keys); the caller opens and closes it. Default: beside the store file. */
  vault?: Db;
}

export const DEFAULT_KEY_FILE = path.join('keys', 'face-templates.key');

/** Builds the face service for the running app: inference in the kiosk worker, gallery and decisions here. */
export async function startFace(ctx: ServiceContext, worker: WorkerHost, options: FaceStartOptions): Promise<FaceService> {
  const config = ctx.config.face;
  const log = ctx.log.child('face');
  const keyProvider = options.keyProvider ?? safeFileKeyProvider(config.keyFile ?? path.join(ctx.dataDir, DEFAULT_KEY_FILE));
  const membership = options.hasFaceConsent ? null : createMembershipApi(ctx);
  const face = createFaceService(
    { db: ctx.db, config, log, clock: ctx.clock, onStatus: (status) => ctx.events.emit('face.status', status) },
    {
      engine: createWorkerEngine(worker, config),
      keyProvider,
      ...(options.vault ? { vault: options.vault } : {}),
      hasFaceConsent: options.hasFaceConsent ?? ((memberId) => membership!.hasFaceConsent(memberId)),
    },
  );
  // A restarted worker has to load its models again: tell the UI (degraded meanwhile) and warm it up.
  const unsubscribe = worker.onStatus((status) => {
    if (status.state === 'ready') void face.warmUp();
    else ctx.events.emit('face.status', face.getStatus());
  });
  try {
    await face.start();
  } catch (error) {
    // Nobody else holds this service yet: undo it here, and keep the start error as the one reported.
    unsubscribe();
    await face.close().catch((closeError: unknown) => log.error('face.close_failed', { error: (closeError as Error).message }));
    throw error;
  }
  // On success the listener lives as long as the worker: the worker closes after face.
  return face;
}

/** A key problem (e.g. a key file others can read) disables face features, not the whole kiosk. */
function safeFileKeyProvider(file: string): TemplateKeyProvider {
  try {
    return fileKeyProvider(file);
  } catch (error) {
    const failure = error instanceof AppError ? error : new AppError(FaceErrorCode.KEY_UNAVAILABLE, (error as Error).message);
    return {
      keyId: 'unavailable',
      getKey: () => {
        throw failure;
      },
    };
  }
}
