import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bundledModelsDir, readManifest, readVerifiedModel } from './model-manifest.js';
import { FacePipeline } from './face-pipeline.js';
import { MODELS_DIR } from './face-test-support.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function copyModels(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'face-models-'));
  dirs.push(dir);
  fs.cpSync(MODELS_DIR, dir, { recursive: true });
  return dir;
}

describe('model manifest', () => {
  it('ships every model with its sha256, licence and recipe, and the bundled files match', () => {
    expect(path.resolve(bundledModelsDir())).toBe(path.resolve(MODELS_DIR));
    const manifest = readManifest(MODELS_DIR);
    for (const role of ['detector', 'embedder', 'livenessV2', 'livenessV1SE'] as const) {
      const entry = manifest.models[role];
      expect(readVerifiedModel(MODELS_DIR, manifest, role).length).toBeGreaterThan(100_000);
      expect(entry.licence).toMatch(/Apache-2.0/);
      expect(fs.existsSync(path.join(MODELS_DIR, path.dirname(entry.file), 'LICENSE'))).toBe(true);
    }
  });

  it('refuses a model whose bytes differ from the manifest, and reports a missing one', async () => {
    const dir = copyModels();
    const file = path.join(dir, 'minifasnet/2.7_80x80_MiniFASNetV2.onnx');
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 10]! ^= 0xff;
    fs.writeFileSync(file, bytes);
    await expect(FacePipeline.load(dir, { threads: 1 })).rejects.toMatchObject({ code: 'FACE_MODEL_INTEGRITY' });
    fs.rmSync(path.join(dir, 'mobilefacenet/MobileFaceNet.onnx'));
    expect(() => readVerifiedModel(dir, readManifest(dir), 'embedder')).toThrow(expect.objectContaining({ code: 'FACE_MODELS_UNAVAILABLE' }));
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{"manifestVersion": 2}');
    expect(() => readManifest(dir)).toThrow(expect.objectContaining({ code: 'FACE_MODELS_UNAVAILABLE' }));
  });
});
