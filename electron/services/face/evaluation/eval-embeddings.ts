/**
 * Embeddings of every image of an LFW-style folder (`<dir>/lfw-deepfunneled/<person>/<person>_NNNN.jpg`),
 * computed by the kiosk's own pipeline in photo mode (as enrolment and `face eval` do), grouped by
 * person. Cached in a gitignored folder keyed by the models, the analysis options and the file list,
 * so open-set evaluation, calibration and the visit simulation rerun in seconds. The cache holds
 * embeddings of research images only; it is never written inside the repository's tracked files.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FaceConfig } from '../../../contract/face-config.js';
import { AppError } from '../../../contract/result.js';
import { qualityGates } from '../face-config.js';
import type { FacePipeline } from '../face-pipeline.js';
import { EMBEDDING_DIM } from '../mobilefacenet-embedder.js';

export interface EvalImage {
  person: string;
  /** Image number within the person's folder (LFW's _NNNN). */
  index: number;
  /** null: no face found even at the retry threshold. */
  embedding: Float32Array | null;
}

export interface EvalEmbeddings {
  images: EvalImage[];
  detectorMisses: number;
  fromCache: boolean;
}

const LOW_DETECTOR_THRESHOLD = 0.3;

/** Every image under `<dir>/lfw-deepfunneled`, sorted by person then number (a stable protocol order). */
export function listEvalImages(dir: string): Array<{ person: string; index: number; file: string }> {
  const root = path.join(dir, 'lfw-deepfunneled');
  if (!fs.existsSync(root)) throw new AppError('INVALID_ARGUMENT', `${root}: no such folder (expected an LFW-style <dir>/lfw-deepfunneled/<person>/)`);
  const out: Array<{ person: string; index: number; file: string }> = [];
  for (const person of fs.readdirSync(root).sort()) {
    const folder = path.join(root, person);
    if (!fs.statSync(folder).isDirectory()) continue;
    for (const name of fs.readdirSync(folder).sort()) {
      const m = /_(\d{4})\.(jpe?g|png)$/i.exec(name);
      if (m) out.push({ person, index: Number(m[1]), file: path.join(folder, name) });
    }
  }
  return out;
}

export function defaultCacheDir(): string {
  return path.resolve(process.cwd(), '.cache/face-eval');
}

/**
 * Embeds every image once per (models, options, file list); a detector miss at the configured
 * score threshold is retried once at 0.3, like `face eval`, and counted.
 */
export async function loadEvalEmbeddings(
  dir: string,
  pipeline: FacePipeline,
  config: FaceConfig,
  options: { cacheDir?: string; progress?: (done: number, total: number) => void } = {},
): Promise<EvalEmbeddings> {
  const files = listEvalImages(dir);
  const analyzeOptions = { mode: 'photo' as const, maxPixels: config.maxImagePixels, detectorScoreThreshold: config.detectorScoreThreshold, gates: qualityGates(config), flip: config.flip };
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ manifest: pipeline.manifest.models, analyzeOptions, v: 1 }));
  for (const f of files) hash.update(`${f.file}\0${fs.statSync(f.file).size}\n`);
  const key = hash.digest('hex').slice(0, 24);
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const cacheFile = path.join(cacheDir, `${key}.bin`);
  const cached = readCache(cacheFile, files.length);
  if (cached) {
    return { images: files.map((f, i) => ({ person: f.person, index: f.index, embedding: cached.vectors[i]! })), detectorMisses: cached.misses, fromCache: true };
  }
  const images: EvalImage[] = [];
  let misses = 0;
  for (const [i, f] of files.entries()) {
    const bytes = fs.readFileSync(f.file);
    let a = await pipeline.analyze(bytes, analyzeOptions);
    if (a.embedding === null) {
      misses++;
      a = await pipeline.analyze(bytes, { ...analyzeOptions, detectorScoreThreshold: LOW_DETECTOR_THRESHOLD });
    }
    images.push({ person: f.person, index: f.index, embedding: a.embedding });
    if (options.progress && (i + 1) % 200 === 0) options.progress(i + 1, files.length);
  }
  writeCache(cacheFile, images, misses);
  return { images, detectorMisses: misses, fromCache: false };
}

// Layout: u32 count, u32 misses, then per image one flag byte (1 = embedding) and 128 float32.
function writeCache(file: string, images: EvalImage[], misses: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const rec = 1 + EMBEDDING_DIM * 4;
  const buf = Buffer.alloc(8 + images.length * rec);
  buf.writeUInt32LE(images.length, 0);
  buf.writeUInt32LE(misses, 4);
  images.forEach((img, i) => {
    const off = 8 + i * rec;
    if (!img.embedding) return;
    buf[off] = 1;
    for (let d = 0; d < EMBEDDING_DIM; d++) buf.writeFloatLE(img.embedding[d]!, off + 1 + d * 4);
  });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, buf);
  fs.renameSync(tmp, file);
}

function readCache(file: string, expected: number): { vectors: Array<Float32Array | null>; misses: number } | null {
  if (!fs.existsSync(file)) return null;
  const buf = fs.readFileSync(file);
  const rec = 1 + EMBEDDING_DIM * 4;
  if (buf.length < 8 || buf.readUInt32LE(0) !== expected || buf.length !== 8 + expected * rec) return null;
  const vectors: Array<Float32Array | null> = [];
  for (let i = 0; i < expected; i++) {
    const off = 8 + i * rec;
    if (buf[off] !== 1) {
      vectors.push(null);
      continue;
    }
    const v = new Float32Array(EMBEDDING_DIM);
    for (let d = 0; d < EMBEDDING_DIM; d++) v[d] = buf.readFloatLE(off + 1 + d * 4);
    vectors.push(v);
  }
  return { vectors, misses: buf.readUInt32LE(4) };
}
