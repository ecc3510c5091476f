/**
 * A face engine for tests that plays scripted analyses instead of running the models, and records
 * how it was asked (with or without liveness). The first byte of each input names its scene.
 * Lives beside the tests that use it; no production code imports it.
 */
import type { FaceEngine } from './face-engine.js';
import type { FaceAnalysis } from './face-pipeline.js';
import { isRawFrame } from './raw-frame.js';

export interface Scene {
  /** A unit vector of the face's identity (null: no face in the frame). */
  embedding: Float32Array | null;
  /** Fused live probability the liveness pair would give. */
  live: number;
  /** Signed yaw as face-quality.ts measures it (nose offset / eye distance). */
  yaw?: number;
}

export interface ScriptedEngine extends FaceEngine {
  /** One entry per analysed frame: was the MiniFASNet pair asked to run? */
  readonly calls: Array<{ scene: number; mode: string; liveness: boolean }>;
}

export function scriptedEngine(scenes: ReadonlyMap<number, Scene>, modelVersion: string): ScriptedEngine {
  const calls: ScriptedEngine['calls'] = [];
  return {
    calls,
    async analyze(input, mode, extra) {
      const bytes = isRawFrame(input) ? input.pixels : input;
      const id = bytes[0] ?? 0;
      const scene = scenes.get(id);
      if (!scene) throw new Error(`no scene ${id}`);
      const liveness = mode === 'frame' && extra?.liveness !== false;
      calls.push({ scene: id, mode, liveness });
      return analysisOf(scene, liveness, modelVersion);
    },
    warmUp: async () => ({ loadMs: 0, modelVersion }),
    state: () => 'ready',
    close: async () => undefined,
  };
}

function analysisOf(scene: Scene, withLiveness: boolean, modelVersion: string): FaceAnalysis {
  const timingsMs = { decode: 0, detect: 0, align: 0, liveness: 0, embed: 0 };
  const base = { imageWidth: 640, imageHeight: 480, modelVersion, timingsMs };
  if (!scene.embedding) return { ...base, faces: [], primary: null, quality: null, liveness: null, embedding: null };
  const yaw = scene.yaw ?? 0;
  // Eyes 60 px apart at y=200, the nose `yaw` eye distances off their midpoint, the mouth below.
  const landmarks = [{ x: 290, y: 200 }, { x: 350, y: 200 }, { x: 320 + yaw * 60, y: 235 }, { x: 298, y: 265 }, { x: 342, y: 265 }] as FaceAnalysis['faces'][number]['landmarks'];
  const face = { box: { x: 250, y: 140, width: 140, height: 170 }, landmarks, score: 0.95 };
  return {
    ...base,
    faces: [face],
    primary: 0,
    quality: { issues: [], faceSizePx: 140, brightness: 120, sharpness: 80, yaw, pitch: 0.5 },
    liveness: withLiveness ? { live: scene.live, probs: [1 - scene.live, scene.live, 0], isLive: scene.live > 0.5 } : null,
    embedding: scene.embedding,
  };
}

/** A unit vector along axis `i` mixed with a little of axis `j` (two scenes of one person stay close). */
export function unitVector(i: number, j = i, mix = 0): Float32Array {
  const v = new Float32Array(128);
  v[i] = 1;
  v[j] = v[j]! + mix;
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}
