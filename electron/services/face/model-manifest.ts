import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../contract/result.js';
import { unpackedPath } from '../../core/app-paths.js';
import { FaceErrorCode } from './face-errors.js';

const modelEntrySchema = z.object({
  file: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  version: z.string(),
  licence: z.string(),
  input: z.object({ name: z.string(), shape: z.array(z.number()) }).passthrough(),
  preprocessing: z.string(),
  postprocessing: z.string(),
}).passthrough();

export const manifestSchema = z.object({
  manifestVersion: z.literal(1),
  models: z.object({
    detector: modelEntrySchema,
    embedder: modelEntrySchema.extend({ threshold: z.number() }),
    livenessV2: modelEntrySchema.extend({ cropScale: z.number() }),
    livenessV1SE: modelEntrySchema.extend({ cropScale: z.number() }),
  }),
});

export type ModelManifest = z.output<typeof manifestSchema>;
export type ModelRole = keyof ModelManifest['models'];

/** The models shipped with the app (unpacked from the asar in a packaged build). */
export function bundledModelsDir(): string {
  return unpackedPath('native-models');
}

export function resolveModelsDir(configured: string | null): string {
  return configured ?? bundledModelsDir();
}

export function readManifest(modelsDir: string): ModelManifest {
  const file = path.join(modelsDir, 'manifest.json');
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new AppError(FaceErrorCode.MODELS_UNAVAILABLE, `Cannot read the model manifest ${file}: ${(error as Error).message}`, { retryable: false });
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw new AppError(FaceErrorCode.MODELS_UNAVAILABLE, `Model manifest ${file} is invalid: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/**
 * Reads a model file and checks its sha256 against the manifest, so a truncated download or a
 * swapped file never runs (a wrong model would silently produce wrong identities).
 */
export function readVerifiedModel(modelsDir: string, manifest: ModelManifest, role: ModelRole): Uint8Array {
  const entry = manifest.models[role];
  const file = path.join(modelsDir, entry.file);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new AppError(FaceErrorCode.MODELS_UNAVAILABLE, `Model ${role} is missing (${entry.file}): ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== entry.sha256) {
    throw new AppError(FaceErrorCode.MODEL_INTEGRITY, `Model ${role} (${entry.file}) has sha256 ${actual.slice(0, 12)}…, expected ${entry.sha256.slice(0, 12)}…`);
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
