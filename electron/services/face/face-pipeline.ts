import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { decodeImage, resizeRgb, type RgbImage } from './image-decode.js';
import { assertRawFrame, rawFrameInPlace, rawFrameToRgb, RgbBufferPool, type RawFrame } from './raw-frame.js';
import { AppError } from '../../contract/result.js';
import { FaceErrorCode } from './face-errors.js';
import { YunetDetector } from './yunet-detector.js';
import { makeDynamicYunet } from './yunet-dynamic.js';
import { rewritePreluAsMax } from './prelu-rewrite.js';
import { ALIGNED_SIZE, warpToTemplate } from './face-align.js';
import { MobileFaceNetEmbedder } from './mobilefacenet-embedder.js';
import { MiniFasNetLiveness, type LivenessScore } from './minifasnet-liveness.js';
import { assessQuality, BLOCKING_ISSUES, choosePrimaryFace, type QualityGates, type QualityReport } from './face-quality.js';
import { readManifest, readVerifiedModel, type ModelManifest } from './model-manifest.js';
import type { DetectedFace } from './face-geometry.js';

export interface AnalyzeOptions {
  /** 'frame': a live camera frame (liveness on, embedding only for a usable face); 'photo': a still for import/eval (no liveness, always embed). */
  mode: 'frame' | 'photo';
  maxPixels: number;
  /** Frames are downscaled so their longer side is at most this before detection. */
  maxSide?: number;
  detectorScoreThreshold: number;
  gates: QualityGates;
  /** Embed the mirror image too (the author's protocol; must be the same for enrolment and search). */
  flip: boolean;
  /**
   * Frames only: run the MiniFASNet pair. False for a frame that cannot enter a decision window
   * (face-identification.ts, "decision frames" in the README) or when liveness is switched off.
   */
  liveness?: boolean;
}

/** Plain-data result (crosses the worker boundary as structured clone). */
export interface FaceAnalysis {
  imageWidth: number;
  imageHeight: number;
  faces: DetectedFace[];
  primary: number | null;
  quality: QualityReport | null;
  liveness: LivenessScore | null;
  /** L2-normalised 128-d embedding of the primary face, or null when it was not computed. */
  embedding: Float32Array | null;
  modelVersion: string;
  timingsMs: { decode: number; detect: number; align: number; liveness: number; embed: number };
}

export interface PipelineLoadOptions {
  /** ORT intra-op threads per session; 1 is steadier when the machine is shared. */
  threads: number;
}

/** Detect → choose primary → align → quality → liveness → embed, with sessions created once. */
export class FacePipeline {
  private constructor(
    readonly manifest: ModelManifest,
    private readonly detector: YunetDetector,
    private readonly embedder: MobileFaceNetEmbedder,
    private readonly liveness: MiniFasNetLiveness,
    readonly loadMs: number,
    private readonly sessions: ort.InferenceSession[],
  ) {}

  /** RGB buffers for padded raw camera frames, reused between frames. */
  private readonly rgbPool = new RgbBufferPool();
  /** The aligned 112×112 face of each analysis in flight, reused between frames (a fresh 37 KB array per frame costs more than the warp). */
  private readonly alignedPool = new RgbBufferPool();

  static async load(modelsDir: string, options: PipelineLoadOptions): Promise<FacePipeline> {
    const started = performance.now();
    // Every frame is new: libvips' operation cache would only hold memory (this runs in the worker).
    sharp.cache(false);
    // One frame at a time: libvips' thread pool only adds hand-offs, which on a loaded 2-core PC
    // cost more wall time than the decode itself (measured: 12 ms vs 2 ms per 640x480 frame).
    sharp.concurrency(1);
    const manifest = readManifest(modelsDir);
    const sessionOptions: ort.InferenceSession.SessionOptions = {
      intraOpNumThreads: options.threads,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
    };
    const create = (role: keyof ModelManifest['models']) => ort.InferenceSession.create(runnableGraph(role, readVerifiedModel(modelsDir, manifest, role)), sessionOptions);
    const [det, emb, l2, l1] = await Promise.all([create('detector'), create('embedder'), create('livenessV2'), create('livenessV1SE')]);
    const liveness = new MiniFasNetLiveness([
      { session: l2, scale: manifest.models.livenessV2.cropScale },
      { session: l1, scale: manifest.models.livenessV1SE.cropScale },
    ]);
    return new FacePipeline(manifest, new YunetDetector(det), new MobileFaceNetEmbedder(emb), liveness, performance.now() - started, [det, emb, l2, l1]);
  }

  get modelVersion(): string {
    return this.manifest.models.embedder.version;
  }

  async analyze(bytes: Uint8Array, options: AnalyzeOptions): Promise<FaceAnalysis> {
    const t0 = performance.now();
    const image = await decodeImage(bytes, { maxPixels: options.maxPixels, ...(options.maxSide !== undefined ? { maxSide: options.maxSide } : {}) });
    const t1 = performance.now();
    return this.analyzeImage(image, options, t1 - t0);
  }

  /**
   * A camera frame sent as pixels (issue 16): validated and analysed in place when its rows carry no
   * padding (RGBA read as 4-byte pixels; no copy, no JPEG decode), otherwise packed to RGB in a
   * reused buffer. A frame larger than `maxSide` is scaled down as a decoded one would be.
   */
  async analyzeRaw(frame: RawFrame, options: AnalyzeOptions): Promise<FaceAnalysis> {
    const t0 = performance.now();
    assertRawFrame(frame);
    if (frame.width * frame.height > options.maxPixels) {
      throw new AppError(FaceErrorCode.IMAGE_TOO_LARGE, `The frame is ${frame.width}×${frame.height}; the limit is ${options.maxPixels} pixels`);
    }
    const inPlace = rawFrameInPlace(frame);
    const buffer = inPlace ? null : this.rgbPool.acquire(frame.width * frame.height * 3);
    try {
      let image = inPlace ?? rawFrameToRgb(frame, buffer!);
      const longer = Math.max(image.width, image.height);
      if (options.maxSide !== undefined && longer > options.maxSide) {
        const scale = options.maxSide / longer;
        image = await resizeRgb(image, Math.max(1, Math.round(image.width * scale)), Math.max(1, Math.round(image.height * scale)));
      }
      // The analysis keeps no reference to the pixels (boxes, scores and the embedding only), so the buffer can go back.
      return await this.analyzeImage(image, options, performance.now() - t0);
    } finally {
      if (buffer) this.rgbPool.release(buffer);
    }
  }

  async analyzeImage(image: RgbImage, options: AnalyzeOptions, decodeMs = 0): Promise<FaceAnalysis> {
    const timingsMs = { decode: decodeMs, detect: 0, align: 0, liveness: 0, embed: 0 };
    let t = performance.now();
    const faces = await this.detector.detect(image, { scoreThreshold: options.detectorScoreThreshold, nmsIou: 0.3 });
    timingsMs.detect = performance.now() - t;
    const base = { imageWidth: image.width, imageHeight: image.height, faces, modelVersion: this.modelVersion, timingsMs };
    const primary = choosePrimaryFace(faces, image.width, image.height);
    if (primary === null) return { ...base, primary: null, quality: null, liveness: null, embedding: null };

    t = performance.now();
    const face = faces[primary]!;
    const alignedBuffer = this.alignedPool.acquire(ALIGNED_SIZE * ALIGNED_SIZE * 3);
    try {
      const aligned = warpToTemplate(image, face.landmarks, ALIGNED_SIZE, alignedBuffer);
      const quality = assessQuality(image, faces, primary, aligned, options.gates);
      timingsMs.align = performance.now() - t;
      const usable = !quality.issues.some((i) => BLOCKING_ISSUES.has(i));
      if (options.mode === 'frame' && !usable) return { ...base, primary, quality, liveness: null, embedding: null };

      let liveness: LivenessScore | null = null;
      if (options.mode === 'frame' && options.liveness !== false) {
        t = performance.now();
        liveness = await this.liveness.score(image, face.box);
        timingsMs.liveness = performance.now() - t;
      }
      t = performance.now();
      const embedding = await this.embedder.embed(aligned, options.flip);
      timingsMs.embed = performance.now() - t;
      return { ...base, primary, quality, liveness, embedding };
    } finally {
      // The result holds no pixels (the embedding is its own array), so the aligned face's buffer goes back.
      this.alignedPool.release(alignedBuffer);
    }
  }

  /**
   * The bare-model floor of a frame (the bench): every model session this pipeline runs for these
   * bytes, with exactly the inputs it feeds them, prepared in advance. Timing only `session.run` on
   * these measures what the models alone cost on the same frame, so the bench can print the
   * pipeline's overhead as a ratio. Null when the frame would not reach the embedder.
   */
  async modelRunsFor(bytes: Uint8Array, options: AnalyzeOptions): Promise<Array<{ session: ort.InferenceSession; feeds: Record<string, ort.Tensor> }> | null> {
    const image = await decodeImage(bytes, { maxPixels: options.maxPixels, ...(options.maxSide !== undefined ? { maxSide: options.maxSide } : {}) });
    // Every input is copied: the models' input buffers are reused by the next frame.
    const own = (feeds: Record<string, ort.Tensor>) => Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, new ort.Tensor('float32', new Float32Array(t.data as Float32Array), t.dims)]));
    const runs: Array<{ session: ort.InferenceSession; feeds: Record<string, ort.Tensor> }> = [{ session: this.detector.modelSession, feeds: own((await this.detector.prepare(image)).feeds) }];
    const analysis = await this.analyzeImage(image, options);
    if (analysis.primary === null || !analysis.embedding) return null;
    const face = analysis.faces[analysis.primary]!;
    const rest = [...(options.mode === 'frame' && analysis.liveness ? this.liveness.modelRuns(image, face.box) : []), ...this.embedder.modelRuns(warpToTemplate(image, face.landmarks), options.flip)];
    for (const run of rest) runs.push({ session: run.session, feeds: own(run.feeds) });
    return runs;
  }

  /** Liveness of a face in an already decoded image (golden tests, diagnostics). */
  scoreLiveness(image: RgbImage, face: DetectedFace): Promise<LivenessScore> {
    return this.liveness.score(image, face.box);
  }

  detect(image: RgbImage, scoreThreshold: number): Promise<DetectedFace[]> {
    return this.detector.detect(image, { scoreThreshold, nmsIou: 0.3 });
  }

  embedAligned(aligned: RgbImage, flip: boolean): Promise<Float32Array> {
    return this.embedder.embed(aligned, flip);
  }

  async dispose(): Promise<void> {
    await Promise.all(this.sessions.map((s) => s.release()));
  }
}

/**
 * The graph onnxruntime runs for a verified model file. Edits are made in memory after the sha256
 * check, change no weight and are pinned by golden tests:
 *   - the detector runs at the frame's own size: its declared input dims are made symbolic (yunet-dynamic.ts);
 *   - the liveness pair's PRelu nodes become Mul + Max, bit for bit the same outputs, 35–40 % faster
 *     (prelu-rewrite.ts).
 */
export function runnableGraph(role: keyof ModelManifest['models'], bytes: Uint8Array): Uint8Array {
  if (role === 'detector') return makeDynamicYunet(bytes);
  if (role === 'livenessV2' || role === 'livenessV1SE') return rewritePreluAsMax(bytes).model;
  return bytes;
}
