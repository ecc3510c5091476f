import { describe, expect, it } from 'vitest';
import { accuracyAt, bestThreshold, crossValidatedAccuracy, lfwImagePath, parsePairs, tarAtFar, type ScoredPair } from './verification-eval.js';

describe('LFW pairs and verification metrics', () => {
  it('parses the View-2 format with folds, matched and mismatched lines', () => {
    const text = '2\t1\nA\t1\t2\nB\t1\tC\t3\nD\t2\t4\nE\t1\tF\t1\n';
    const pairs = parsePairs(text);
    expect(pairs).toHaveLength(4);
    expect(pairs[0]).toEqual({ fold: 0, same: true, a: { name: 'A', index: 1 }, b: { name: 'A', index: 2 } });
    expect(pairs[1]!.same).toBe(false);
    expect(pairs[3]!.fold).toBe(1);
    expect(lfwImagePath('Abel_Pacheco', 4)).toBe('Abel_Pacheco/Abel_Pacheco_0004.jpg');
    expect(() => parsePairs('2\t1\nA\t1\t2\n')).toThrow(/expected 4 pairs/);
  });

  it('cross-validates the threshold across folds and measures TAR at a FAR', () => {
    const pairs: ScoredPair[] = [];
    for (let fold = 0; fold < 3; fold++) {
      for (let i = 0; i < 100; i++) {
        pairs.push({ fold, same: true, score: 0.4 + i / 250 });
        pairs.push({ fold, same: false, score: -0.1 + i / 400 });
      }
    }
    // One genuine pair below every impostor: 1 error in 600.
    pairs[0] = { fold: 0, same: true, score: -0.5 };
    const t = bestThreshold(pairs);
    expect(t).toBeGreaterThan(0.15);
    expect(t).toBeLessThan(0.4);
    expect(accuracyAt(pairs, t)).toBeCloseTo(599 / 600, 6);
    const cv = crossValidatedAccuracy(pairs);
    expect(cv.foldAccuracies).toHaveLength(3);
    expect(cv.accuracy).toBeCloseTo((199 / 200 + 1 + 1) / 3, 6);
    const far = tarAtFar(pairs, 1e-3);
    expect(far.threshold).toBeCloseTo(-0.1 + 99 / 400, 6);
    expect(far.tar).toBeCloseTo(299 / 300, 6);
  });
});
