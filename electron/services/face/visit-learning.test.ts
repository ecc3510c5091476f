import { describe, expect, it } from 'vitest';
import { isConfidentVisit, planTemplate, type HeldTemplate, type VisitEvidence } from './visit-learning.js';

const rules = { enabled: true, scoreAboveThreshold: 0.05, minMargin: 0.1 };
const visit: VisitEvidence = { score: 0.7, margin: 0.3, threshold: 0.535, isLive: true, isConfirmed: true, hasRejection: false };
const unit = (deg: number) => Float32Array.of(Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180));

describe('confident visits', () => {
  it('learn only from a high score with a clear margin, live, confirmed, with no rejection on record', () => {
    expect(isConfidentVisit(visit, rules)).toBe(true);
    expect(isConfidentVisit({ ...visit, score: 0.58 }, rules)).toBe(false); // above the threshold, not 0.05 above
    expect(isConfidentVisit({ ...visit, score: 0.585 }, rules)).toBe(true);
    expect(isConfidentVisit({ ...visit, margin: 0.09 }, rules)).toBe(false);
    expect(isConfidentVisit({ ...visit, isLive: false }, rules)).toBe(false);
    expect(isConfidentVisit({ ...visit, isConfirmed: false }, rules)).toBe(false);
    expect(isConfidentVisit({ ...visit, hasRejection: true }, rules)).toBe(false);
    expect(isConfidentVisit(visit, { ...rules, enabled: false })).toBe(false);
  });
});

describe('template budget with diversity', () => {
  const anchor: HeldTemplate = { isAnchor: true, vector: unit(0) };

  it('adds below the budget', () => {
    expect(planTemplate([anchor], unit(30), 3)).toEqual({ action: 'add' });
  });

  it('at the budget replaces the most redundant visit template, never the anchor', () => {
    // Visit templates at 40° and 42° are near-duplicates; a new view at 80° adds diversity.
    const held = [anchor, { isAnchor: false, vector: unit(40) }, { isAnchor: false, vector: unit(42) }];
    const plan = planTemplate(held, unit(80), 3);
    expect(plan.action).toBe('replace');
    expect([1, 2]).toContain((plan as { index: number }).index);
    // The anchor is the most redundant of all here (a visit at 1°), yet only a visit template may go.
    const nearAnchor = [anchor, { isAnchor: false, vector: unit(1) }, { isAnchor: false, vector: unit(60) }];
    expect(planTemplate(nearAnchor, unit(120), 3)).toEqual({ action: 'replace', index: 1 });
  });

  it('skips a visit that would be the most redundant template', () => {
    const held = [anchor, { isAnchor: false, vector: unit(60) }, { isAnchor: false, vector: unit(120) }];
    expect(planTemplate(held, unit(61), 3)).toEqual({ action: 'skip' });
  });
});
