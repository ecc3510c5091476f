import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultFaceConfig } from '../../../contract/face-config.js';
import { CALIBRATED_TARGET_FPIR, CALIBRATED_THRESHOLDS } from '../../../contract/face-thresholds.generated.js';
import { readManifest } from '../model-manifest.js';
import { MODELS_DIR } from '../face-test-support.js';
import { calibrateThresholds, defaultCalibrationOptions, empiricalFpir, fitTail, impostorSummary, type ImpostorSummary } from './calibration.js';
import type { EvalImage } from './eval-embeddings.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shipped = JSON.parse(fs.readFileSync(path.join(here, 'dev-impostor-summary.json'), 'utf8')) as ImpostorSummary;

describe('shipped 1:N thresholds', () => {
  it('are exactly what `face calibrate --ship` computes from the committed dev-set impostor summary (a hand edit fails here)', () => {
    const calibration = calibrateThresholds(shipped, defaultCalibrationOptions(CALIBRATED_TARGET_FPIR));
    expect(CALIBRATED_THRESHOLDS).toEqual(calibration.steps.map((s) => ({ maxGallerySize: s.maxGallerySize, threshold: s.threshold })));
    // …and they are the configuration's defaults, for the target the configuration names.
    const config = defaultFaceConfig();
    expect(config.thresholds).toEqual(CALIBRATED_THRESHOLDS);
    expect(config.targetFpir).toBe(CALIBRATED_TARGET_FPIR);
  });

  it('were computed with the embedder that ships (a model swap needs a new calibration)', () => {
    expect(shipped.modelVersion).toBe(readManifest(MODELS_DIR).models.embedder.version);
    expect(shipped.probes).toBeGreaterThan(2000);
    expect(shipped.perProbe).toHaveLength(shipped.probes);
  });

  it('meet the target by their own estimate, and a stricter target raises every threshold', () => {
    const base = calibrateThresholds(shipped, defaultCalibrationOptions(1e-3));
    const strict = calibrateThresholds(shipped, defaultCalibrationOptions(1e-4));
    for (const [i, s] of base.steps.entries()) {
      expect(s.fpirEstimate).toBeLessThanOrEqual(1e-3);
      expect(strict.steps[i]!.threshold).toBeGreaterThanOrEqual(s.threshold);
      if (i > 0) expect(s.threshold).toBeGreaterThanOrEqual(base.steps[i - 1]!.threshold);
    }
    expect(strict.steps.at(-1)!.threshold).toBeGreaterThan(base.steps.at(-1)!.threshold);
    // The conservative tail is heavier than the point estimate: its thresholds are never lower.
    for (const s of base.steps) if (s.pointThreshold !== null) expect(s.threshold).toBeGreaterThanOrEqual(s.pointThreshold);
  });
});

describe('calibration arithmetic', () => {
  // Three people; probe scores are set by hand through 2-d unit vectors at chosen angles.
  const unit = (deg: number) => Float32Array.of(Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180));
  const img = (person: string, index: number, deg: number): EvalImage => ({ person, index, embedding: unit(deg) });

  it('enrols each person from their first photo and compares every photo with the other people only', () => {
    const s = impostorSummary([img('a', 1, 0), img('a', 2, 10), img('b', 1, 60), img('c', 1, 170), img('c', 2, 5)], { source: 't', modelVersion: 'm' });
    expect(s.people).toBe(3);
    expect(s.probes).toBe(5);
    expect(s.comparisons).toBe(10);
    // c_2 at 5° scores cos 5° ≈ 0.9962 against a's template (0°) and cos 55° ≈ 0.5736 against b's (60°).
    expect(s.perProbe.at(-1)).toEqual({ m: 2, s: [0.9962, 0.5736] });
  });

  it('computes the hypergeometric chance that a random gallery holds an impostor above t', () => {
    const summary: ImpostorSummary = { source: 't', modelVersion: 'm', floor: 0.3, people: 11, probes: 2, comparisons: 20, perProbe: [{ m: 10, s: [0.9, 0.5] }, { m: 10, s: [] }] };
    // Probe 1 has 1 of 10 people ≥ 0.6: a 5-person gallery holds them with probability 1/2; probe 2 never alarms.
    expect(empiricalFpir(summary, 5, 0.6)).toEqual({ fpir: 0.25, events: 1 });
    // 2 of 10 ≥ 0.4: P(neither in a 5-gallery) = (5/10)(4/9) = 2/9.
    expect(empiricalFpir(summary, 5, 0.4).fpir).toBeCloseTo((1 - 2 / 9) / 2, 12);
    expect(empiricalFpir(summary, 10, 0.4).fpir).toBe(0.5);
  });

  it('fits the exponential tail by maximum likelihood', () => {
    const scores = Array.from({ length: 100 }, (_, i) => 0.3 + (i + 1) * 0.001);
    const summary: ImpostorSummary = { source: 't', modelVersion: 'm', floor: 0.3, people: 2, probes: 1, comparisons: 100, perProbe: [{ m: 100, s: scores.reverse() }] };
    const tail = fitTail(summary, 0.5);
    expect(tail.n).toBe(50);
    expect(tail.u).toBeCloseTo(0.351, 10);
    // Excesses 0, 0.001 … 0.049: mean 0.0245.
    expect(tail.lambda).toBeCloseTo(1 / 0.0245, 6);
    expect(tail.lambdaLow).toBeLessThan(tail.lambda);
  });
});
