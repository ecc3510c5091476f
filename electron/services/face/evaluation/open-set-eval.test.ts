import { describe, expect, it } from 'vitest';
import type { EvalImage } from './eval-embeddings.js';
import { evaluateOpenSet, openSetSplit, thresholdAtFpir, type ProbeOutcome } from './open-set-eval.js';

const unit = (deg: number) => Float32Array.of(Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180));
const img = (person: string, index: number, deg: number | null): EvalImage => ({ person, index, embedding: deg === null ? null : unit(deg) });

describe('open-set protocol', () => {
  const images = [
    img('ann', 2, 8), // mated probe of ann (cos 8° ≈ 0.990 vs her anchor at 0°)
    img('ann', 1, 0), // ann's anchor: her first photo, whatever order the files come in
    img('bob', 1, 90),
    img('bob', 2, 150), // far from his anchor (cos 60° = 0.5): missed at 0.6
    img('bob', 3, null), // no face found: a miss
    img('cat', 1, 45), // a stranger halfway between ann and bob: cos 45° ≈ 0.707 to both → ambiguous
    img('dan', 1, 80), // a stranger near bob: cos 10° ≈ 0.985 → a false positive
    img('eve', 1, 200), // a stranger far from everyone
  ];

  it('enrols people with two or more photos from their first one; one-photo people are strangers', () => {
    const split = openSetSplit(images);
    expect(split.gallery.map((g) => g.person)).toEqual(['ann', 'bob']);
    expect(split.gallery[0]!.templates[0]).toEqual(unit(0));
    expect(split.mated.map((p) => p.person)).toEqual(['ann', 'bob', 'bob']);
    expect(split.nonMated.map((p) => p.person)).toEqual(['cat', 'dan', 'eve']);
  });

  it('reports rank-1, FNIR, FPIR and misidentifications with the kiosk rule (threshold and margin)', () => {
    const r = evaluateOpenSet(openSetSplit(images), 0.6, 0.05);
    expect(r.rank1).toBeCloseTo(2 / 3, 12); // bob_3 has no embedding; bob_2 (150°) is nearer bob (60°) than ann (150°)
    expect(r.atConfigured.fnir).toBeCloseTo(2 / 3, 12);
    expect(r.atConfigured.falsePositives).toBe(1); // dan; cat is ambiguous, eve below threshold
    expect(r.atConfigured.fpir).toBeCloseTo(1 / 3, 12);
    expect(r.atConfigured.misidentifications).toBe(0);
    // At 0.99 ann's own probe (0.990) just misses and dan (0.985) is no longer identified.
    const strict = evaluateOpenSet(openSetSplit(images), 0.995, 0.05);
    expect(strict.atConfigured.falsePositives).toBe(0);
    expect(strict.atConfigured.fnir).toBe(1);
  });

  it('puts the FPIR threshold just above the highest stranger it must refuse', () => {
    const o = (best: number, second: number): ProbeOutcome => ({ mate: null, best, second, bestPerson: 'x' });
    const strangers = [o(0.9, 0.1), o(0.7, 0.1), o(0.5, 0.48), o(0.2, 0.1)];
    // 1 of 4 allowed at 0.25: the second-highest alarming stranger (0.7) must be refused; 0.5 is ambiguous anyway.
    expect(thresholdAtFpir(strangers, 0.25, 0.05)).toBeCloseTo(0.7, 5);
    expect(thresholdAtFpir(strangers, 0.25, 0.05)).toBeGreaterThan(0.7);
    expect(thresholdAtFpir(strangers, 0, 0.05)).toBeGreaterThan(0.9);
  });
});
