import { cosine } from './mobilefacenet-embedder.js';

/**
 * Recognition that improves with visits (issue 16), the rules only — used by the service at a
 * confirmed face check-in and by the visit simulation on the dev set, so both run the same code.
 */
export interface VisitEvidence {
  /** Best member score of the visit's probe and its lead over the runner-up. */
  score: number;
  margin: number;
  /** The identification threshold for the current gallery size. */
  threshold: number;
  /** The session's frames passed liveness (always true for a probe that was identified live). */
  isLive: boolean;
  /** A check-in was recorded for this member on this identification. */
  isConfirmed: boolean;
  /** The member has "not me" evidence that still counts. */
  hasRejection: boolean;
}

export interface VisitLearningRules {
  enabled: boolean;
  /** The visit must score at least this much above the identification threshold. */
  scoreAboveThreshold: number;
  /** …and lead the runner-up by at least this (stricter than the identification margin). */
  minMargin: number;
}

// Scores arrive rounded to 3 decimals; 0.535 + 0.05 must accept 0.585.
const EPS = 1e-9;

/** Only confident, live, confirmed visits of a member nobody has said "not me" about become templates. */
export function isConfidentVisit(v: VisitEvidence, rules: VisitLearningRules): boolean {
  return rules.enabled && v.isLive && v.isConfirmed && !v.hasRejection && v.score >= v.threshold + rules.scoreAboveThreshold - EPS && v.margin >= rules.minMargin - EPS;
}

export interface HeldTemplate {
  /** The enrolment template: never replaced by a visit. */
  isAnchor: boolean;
  vector: Float32Array;
}

export type TemplatePlan = { action: 'add' } | { action: 'replace'; index: number } | { action: 'skip' };

/**
 * Fixed budget with diversity: below the budget the visit is added; at the budget, among the
 * non-anchor templates and the candidate, the most redundant one (highest similarity to its
 * nearest other template) goes — if that is the candidate itself, nothing changes.
 */
export function planTemplate(held: readonly HeldTemplate[], candidate: Float32Array, budget: number): TemplatePlan {
  if (held.length < budget) return { action: 'add' };
  const all = [...held.map((h) => h.vector), candidate];
  const redundancy = (i: number) => {
    let best = -1;
    for (let j = 0; j < all.length; j++) if (j !== i) best = Math.max(best, cosine(all[i]!, all[j]!));
    return best;
  };
  let worst = held.length; // the candidate
  let worstScore = redundancy(worst);
  held.forEach((h, i) => {
    if (h.isAnchor) return;
    const r = redundancy(i);
    if (r > worstScore) {
      worst = i;
      worstScore = r;
    }
  });
  return worst === held.length ? { action: 'skip' } : { action: 'replace', index: worst };
}
