/**
 * The face match's similarity in words for the cashier. A bare "0.83" means nothing at a busy till;
 * what matters is how far above the store's identification threshold the match is.
 */
export type ConfidenceLevel = 'high' | 'medium' | 'low';

/** Margins above the threshold (cosine): +0.15 and more is a clear match; under +0.05 deserves a look. */
const HIGH_MARGIN = 0.15;
const MEDIUM_MARGIN = 0.05;
/** Used until face.getStatus answers: the default threshold of a small store's gallery. */
export const FALLBACK_THRESHOLD = 0.5;

export function confidenceLevel(score: number, threshold: number = FALLBACK_THRESHOLD): ConfidenceLevel {
  if (score >= threshold + HIGH_MARGIN) return 'high';
  if (score >= threshold + MEDIUM_MARGIN) return 'medium';
  return 'low';
}
