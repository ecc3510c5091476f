import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../core/config.js';
import { defaultFaceConfig } from '../../contract/face-config.js';
import { thresholdForGallery } from './face-config.js';
import { livenessVerdict, meanEmbedding, type FrameEvidence } from './face-session.js';

describe('face configuration', () => {
  it('is part of the kiosk config with working defaults, and rejects unknown keys', () => {
    const cfg = parseConfig({});
    expect(cfg.face.modelsDir).toBeNull();
    expect(cfg.face.decision.frames).toBe(3);
    expect(parseConfig({ face: { liveness: { threshold: 0.8 } } }).face.liveness.threshold).toBe(0.8);
    expect(() => parseConfig({ face: { livness: {} } })).toThrow(/face: unknown key/);
  });

  it('raises the identification threshold as the gallery grows', () => {
    const cfg = defaultFaceConfig();
    const sizes = [1, 10, 11, 100, 5_000, 100_000, 5_000_000];
    const t = sizes.map((n) => thresholdForGallery(cfg, n));
    expect(t[0]).toBe(t[1]);
    for (let i = 1; i < t.length; i++) expect(t[i]!).toBeGreaterThanOrEqual(t[i - 1]!);
    expect(t[2]!).toBeGreaterThan(t[1]!);
    expect(thresholdForGallery(cfg, 5_000_000)).toBe(cfg.thresholds.at(-1)!.threshold);
    // The 1:N threshold is never below the 1:1 verification threshold.
    expect(Math.min(...t)).toBeGreaterThan(cfg.verifyThreshold);
  });
});

describe('multi-frame liveness and probe', () => {
  const cfg = defaultFaceConfig().liveness;
  const frame = (live: number): FrameEvidence => ({ at: 0, embedding: Float32Array.of(1, 0), live });

  it('refuses at once on one very low frame, waits for the window otherwise, and decides on the mean', () => {
    expect(livenessVerdict([frame(0.99), frame(0.1)], cfg, 3)).toBe('spoof');
    expect(livenessVerdict([frame(0.99), frame(0.95)], cfg, 3)).toBe('pending');
    expect(livenessVerdict([frame(0.99), frame(0.95), frame(0.9)], cfg, 3)).toBe('live');
    expect(livenessVerdict([frame(0.5), frame(0.45), frame(0.4)], cfg, 3)).toBe('spoof');
    expect(livenessVerdict([frame(0)], { ...cfg, enabled: false }, 3)).toBe('live');
  });

  it('averages embeddings into a unit probe', () => {
    const p = meanEmbedding([
      { at: 0, embedding: Float32Array.of(1, 0), live: 1 },
      { at: 0, embedding: Float32Array.of(0, 1), live: 1 },
    ]);
    expect(p[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(p[1]).toBeCloseTo(Math.SQRT1_2, 6);
  });
});
