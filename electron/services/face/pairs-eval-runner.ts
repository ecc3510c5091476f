import fs from 'node:fs';
import path from 'node:path';
import type { FacePipeline } from './face-pipeline.js';
import type { FaceConfig } from '../../contract/face-config.js';
import { qualityGates } from './face-config.js';
import { cosine } from './mobilefacenet-embedder.js';
import { crossValidatedAccuracy, lfwImagePath, parsePairs, accuracyAt, tarAtFar, type ScoredPair } from './verification-eval.js';

export interface EvalReport {
  accuracy: number;
  accuracyAtConfiguredThreshold: number;
  configuredThreshold: number;
  tarAtFar1e3: number;
  thresholdAtFar1e3: number;
  detectorMisses: number;
  images: number;
  pairs: number;
  foldAccuracies: number[];
  cvThresholds: number[];
  secondsPerImage: number;
}

/**
 * Runs the kiosk's own pipeline (detect → align → embed, photo mode) on every image that
 * `<dir>/pairs.txt` references under `<dir>/lfw-deepfunneled/`. An image where the configured
 * detector finds no face is a detector miss; it is retried once at a low score threshold so the
 * pair can still be scored, and if that fails too the pair scores -1 (counted as "different").
 */
export async function runVerificationEval(dir: string, pipeline: FacePipeline, config: FaceConfig, progress?: (done: number, total: number) => void): Promise<EvalReport> {
  const pairs = parsePairs(fs.readFileSync(path.join(dir, 'pairs.txt'), 'utf8'));
  const imageDir = path.join(dir, 'lfw-deepfunneled');
  const wanted = new Set<string>();
  for (const p of pairs) {
    wanted.add(lfwImagePath(p.a.name, p.a.index));
    wanted.add(lfwImagePath(p.b.name, p.b.index));
  }
  const embeddings = new Map<string, Float32Array | null>();
  let misses = 0;
  const started = performance.now();
  const gates = qualityGates(config);
  let done = 0;
  for (const rel of wanted) {
    const bytes = fs.readFileSync(path.join(imageDir, rel));
    const options = { mode: 'photo' as const, maxPixels: config.maxImagePixels, detectorScoreThreshold: config.detectorScoreThreshold, gates, flip: config.flip };
    let analysis = await pipeline.analyze(bytes, options);
    if (analysis.embedding === null) {
      misses++;
      analysis = await pipeline.analyze(bytes, { ...options, detectorScoreThreshold: 0.3 });
    }
    embeddings.set(rel, analysis.embedding);
    done++;
    if (progress && done % 200 === 0) progress(done, wanted.size);
  }
  const seconds = (performance.now() - started) / 1000;
  const scored: ScoredPair[] = pairs.map((p) => {
    const a = embeddings.get(lfwImagePath(p.a.name, p.a.index));
    const b = embeddings.get(lfwImagePath(p.b.name, p.b.index));
    return { fold: p.fold, same: p.same, score: a && b ? cosine(a, b) : -1 };
  });
  const cv = crossValidatedAccuracy(scored);
  const far = tarAtFar(scored, 1e-3);
  return {
    accuracy: cv.accuracy,
    accuracyAtConfiguredThreshold: accuracyAt(scored, config.verifyThreshold),
    configuredThreshold: config.verifyThreshold,
    tarAtFar1e3: far.tar,
    thresholdAtFar1e3: far.threshold,
    detectorMisses: misses,
    images: wanted.size,
    pairs: scored.length,
    foldAccuracies: cv.foldAccuracies,
    cvThresholds: cv.thresholds,
    secondsPerImage: seconds / Math.max(1, wanted.size),
  };
}
