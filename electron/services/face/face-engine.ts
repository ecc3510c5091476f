import { z } from 'zod';
import type { WorkerHost } from '../../workers/worker-host.js';
import { FacePipeline, type AnalyzeOptions, type FaceAnalysis } from './face-pipeline.js';
import type { FaceConfig } from '../../contract/face-config.js';
import { qualityGates } from './face-config.js';
import { resolveModelsDir } from './model-manifest.js';
import { isRawFrame, type RawFrame } from './raw-frame.js';

export type AnalyzeMode = 'frame' | 'photo';
/** An encoded image (JPEG/PNG…, decoded by sharp) or a camera frame as pixels (no decode). */
export type FaceInput = Uint8Array | RawFrame;

/** Runs the face pipeline somewhere: in the kiosk worker (the app), or in this process (CLI, tests). */
export interface FaceEngine {
  /** `liveness: false`: a frame that cannot become a decision frame skips the MiniFASNet pair. */
  analyze(input: FaceInput, mode: AnalyzeMode, extra?: { liveness?: boolean }): Promise<FaceAnalysis>;
  /** Loads the models (idempotent) and reports how long the first load took. */
  warmUp(): Promise<{ loadMs: number; modelVersion: string }>;
  state(): 'ready' | 'starting' | 'restarting' | 'down';
  close(): Promise<void>;
}

export function analyzeOptionsFor(config: FaceConfig, mode: AnalyzeMode, extra: { liveness?: boolean } = {}): AnalyzeOptions {
  return {
    liveness: mode === 'frame' && config.liveness.enabled && extra.liveness !== false,
    mode,
    maxPixels: config.maxImagePixels,
    ...(mode === 'frame' ? { maxSide: config.frameMaxSide } : {}),
    detectorScoreThreshold: config.detectorScoreThreshold,
    gates: qualityGates(config),
    flip: mode === 'frame' ? config.flipFrames : config.flip,
  };
}

/**
 * The version stamped on templates: the embedder's. Templates of another embedder are not comparable
 * and are ignored; the mirror trick (flip) stays in the same embedding space, so it is not part of it.
 */
export function templateModelVersion(embedderVersion: string): string {
  return embedderVersion;
}

/** In-process engine: used by the CLI, the bench and unit tests (never on the services thread of the app). */
export function createInProcessEngine(config: FaceConfig): FaceEngine & { pipeline(): Promise<FacePipeline> } {
  let loading: Promise<FacePipeline> | null = null;
  const pipeline = () => (loading ??= FacePipeline.load(resolveModelsDir(config.modelsDir), { threads: config.threads }));
  return {
    pipeline,
    async analyze(input, mode, extra) {
      const p = await pipeline();
      const options = analyzeOptionsFor(config, mode, extra);
      return isRawFrame(input) ? p.analyzeRaw(input, options) : p.analyze(input, options);
    },
    async warmUp() {
      const p = await pipeline();
      return { loadMs: p.loadMs, modelVersion: p.modelVersion };
    },
    state: () => 'ready',
    async close() {
      if (loading) await (await loading).dispose();
      loading = null;
    },
  };
}

// ---- worker side -------------------------------------------------------------------------------

const loadArgs = z.object({ modelsDir: z.string(), threads: z.number().int().min(1).max(16) });
const analyzeArgs = loadArgs.extend({
  /** Exactly one of the two: encoded bytes, or a raw frame (validated again by the pipeline). */
  bytes: z.instanceof(Uint8Array).optional(),
  frame: z
    .object({ width: z.number().int(), height: z.number().int(), stride: z.number().int(), format: z.enum(['rgba', 'rgb']), pixels: z.instanceof(Uint8Array) })
    .optional(),
  options: z.object({
    mode: z.enum(['frame', 'photo']),
    maxPixels: z.number().int().positive(),
    maxSide: z.number().int().positive().optional(),
    detectorScoreThreshold: z.number(),
    gates: z.object({
      minFacePx: z.number(),
      minBrightness: z.number(),
      maxBrightness: z.number(),
      minSharpness: z.number(),
      maxYaw: z.number(),
      pitchRange: z.tuple([z.number(), z.number()]),
      edgeTolerance: z.number(),
    }),
    flip: z.boolean(),
    liveness: z.boolean().optional(),
  }),
});

/**
 * Methods the kiosk worker registers (electron/services/kiosk-worker.ts). Sessions are created once
 * per models folder and thread count, on first use; a restarted worker loads them again.
 */
export function createFaceWorkerMethods(): Record<string, (payload: unknown) => Promise<unknown>> {
  let current: { key: string; pipeline: Promise<FacePipeline> } | null = null;
  const get = (modelsDir: string, threads: number) => {
    const key = `${modelsDir}\u0000${threads}`;
    if (!current || current.key !== key) {
      const pipeline = FacePipeline.load(modelsDir, { threads });
      // A failed load must be retried by the next request, not cached forever.
      pipeline.catch(() => {
        if (current?.pipeline === pipeline) current = null;
      });
      current = { key, pipeline };
    }
    return current.pipeline;
  };
  return {
    'face.load': async (payload) => {
      const args = loadArgs.parse(payload);
      const p = await get(args.modelsDir, args.threads);
      return { loadMs: p.loadMs, modelVersion: p.modelVersion };
    },
    'face.analyze': async (payload) => {
      const args = analyzeArgs.parse(payload);
      const p = await get(args.modelsDir, args.threads);
      if (args.frame) return p.analyzeRaw(args.frame, args.options as AnalyzeOptions);
      if (!args.bytes) throw new Error('face.analyze needs bytes or a frame');
      return p.analyze(args.bytes, args.options as AnalyzeOptions);
    },
  };
}

/** The app's engine: every call is a request to the kiosk worker; while it restarts calls fail with UNAVAILABLE. */
export function createWorkerEngine(worker: WorkerHost, config: FaceConfig): FaceEngine {
  const modelsDir = resolveModelsDir(config.modelsDir);
  return {
    async analyze(input, mode, extra) {
      const common = { modelsDir, threads: config.threads, options: analyzeOptionsFor(config, mode, extra) };
      const payload = isRawFrame(input) ? { ...common, frame: { ...input, pixels: exactCopy(input.pixels) } } : { ...common, bytes: exactCopy(input) };
      return worker.request<FaceAnalysis>('face.analyze', payload, { timeoutMs: 15_000 });
    },
    async warmUp() {
      await worker.whenReady();
      return worker.request('face.load', { modelsDir, threads: config.threads }, { timeoutMs: 60_000 });
    },
    state: () => {
      const s = worker.status().state;
      return s;
    },
    close: async () => undefined,
  };
}

/**
 * An exact-size copy: cloning a view would copy its whole backing buffer (a frame's pixels are a view
 * into the whole request body). Not transferred, because an Electron utility process only transfers
 * message ports.
 */
function exactCopy(bytes: Uint8Array): Uint8Array {
  const own = new Uint8Array(bytes.byteLength);
  own.set(bytes);
  return own;
}
