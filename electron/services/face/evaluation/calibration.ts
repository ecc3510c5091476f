/**
 * Reproducible 1:N calibration (issue 16), pure. Two stages:
 *
 * 1. `impostorSummary(images)`: each person is enrolled from their first usable photo (one
 *    template, as at the kiosk); every photo is then a probe against every OTHER person's template.
 *    Per probe we keep how many people it was compared with and its scores ≥ SUMMARY_FLOOR (the
 *    rest cannot matter for any threshold we would ship). This summary holds similarity scores
 *    only (no image, no template) and is committed beside the code, so the thresholds can be
 *    recomputed — and checked — without the photos.
 * 2. `calibrateThresholds(summary, options)`: for each gallery size N, the lowest threshold whose
 *    FPIR for a gallery of N people is ≤ the target.
 *    - Empirical where the data suffice: the probability that a random N-person gallery holds at
 *      least one person the probe scores ≥ t against (hypergeometric, exact per probe), averaged
 *      over probes. Trusted when at least `minEvents` impostor comparisons lie at or above t.
 *    - Beyond (large N, or too few events): an exponential tail fitted by maximum likelihood to
 *      the top `tailFraction` of impostor scores, FMR(t) = p_u · e^(−λ(t−u)), made conservative by
 *      using the one-sided 95% lower confidence bound of λ (a heavier tail), and
 *      FPIR ≈ 1 − (1 − FMR)^N. The point-estimate threshold is reported beside it (the spread is
 *      the fit's confidence).
 *    The margin rule is ignored here, so the real FPIR is lower still (conservative).
 */
import { cosine } from '../mobilefacenet-embedder.js';
import type { EvalImage } from './eval-embeddings.js';

export const SUMMARY_FLOOR = 0.3;
const SCORE_DECIMALS = 4;

export interface ImpostorSummary {
  /** What produced it (dataset folder name, embedder version). Informational. */
  source: string;
  modelVersion: string;
  floor: number;
  people: number;
  probes: number;
  comparisons: number;
  /** Per probe: people compared with, and the scores ≥ floor (descending, 4 decimals). */
  perProbe: Array<{ m: number; s: number[] }>;
}

export function impostorSummary(images: readonly EvalImage[], meta: { source: string; modelVersion: string }): ImpostorSummary {
  const byPerson = new Map<string, EvalImage[]>();
  for (const img of images) byPerson.set(img.person, [...(byPerson.get(img.person) ?? []), img]);
  const people = [...byPerson.keys()].sort();
  const templates: Array<{ person: string; vector: Float32Array }> = [];
  for (const p of people) {
    const anchor = [...byPerson.get(p)!].sort((a, b) => a.index - b.index).find((i) => i.embedding !== null);
    if (anchor) templates.push({ person: p, vector: anchor.embedding! });
  }
  const perProbe: ImpostorSummary['perProbe'] = [];
  let comparisons = 0;
  const scale = 10 ** SCORE_DECIMALS;
  for (const p of people) {
    for (const img of [...byPerson.get(p)!].sort((a, b) => a.index - b.index)) {
      if (!img.embedding) continue;
      const s: number[] = [];
      let m = 0;
      for (const t of templates) {
        if (t.person === p) continue;
        m++;
        const score = Math.round(cosine(img.embedding, t.vector) * scale) / scale;
        if (score >= SUMMARY_FLOOR) s.push(score);
      }
      comparisons += m;
      perProbe.push({ m, s: s.sort((a, b) => b - a) });
    }
  }
  return { source: meta.source, modelVersion: meta.modelVersion, floor: SUMMARY_FLOOR, people: templates.length, probes: perProbe.length, comparisons, perProbe };
}

export interface CalibrationOptions {
  targetFpir: number;
  gallerySizes: readonly number[];
  /** Fewest impostor comparisons at or above the threshold for the empirical estimate to be used. */
  minEvents: number;
  /** Share of all comparisons (the highest) used for the tail fit. */
  tailFraction: number;
  /** Thresholds are rounded UP to this grid (never below what the estimate allows). */
  grid: number;
}

export const DEFAULT_GALLERY_SIZES = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000] as const;

export function defaultCalibrationOptions(targetFpir: number): CalibrationOptions {
  return { targetFpir, gallerySizes: DEFAULT_GALLERY_SIZES, minEvents: 10, tailFraction: 1e-3, grid: 0.005 };
}

export interface TailFit {
  /** Fit threshold u: the lowest of the top `tailFraction` scores. */
  u: number;
  /** Share of comparisons at or above u. */
  pu: number;
  /** Exceedances used. */
  n: number;
  /** MLE decay rate (per unit cosine) and its one-sided 95% lower bound (the conservative tail). */
  lambda: number;
  lambdaLow: number;
}

export interface CalibrationStep {
  maxGallerySize: number;
  threshold: number;
  method: 'empirical' | 'tail-fit';
  /** Estimated FPIR at the threshold for a gallery of maxGallerySize (method's estimate). */
  fpirEstimate: number;
  /** Impostor comparisons at or above the threshold in the data. */
  events: number;
  /** For tail-fit steps: the threshold from the point estimate of the tail (the fit's spread). */
  pointThreshold: number | null;
}

export interface Calibration {
  targetFpir: number;
  tail: TailFit;
  steps: CalibrationStep[];
}

export function fitTail(summary: ImpostorSummary, tailFraction: number): TailFit {
  const all = summary.perProbe.flatMap((p) => p.s).sort((a, b) => b - a);
  const n = Math.max(10, Math.min(all.length, Math.round(tailFraction * summary.comparisons)));
  const top = all.slice(0, n);
  const u = top[top.length - 1]!;
  const meanExcess = top.reduce((acc, s) => acc + (s - u), 0) / n;
  const lambda = 1 / Math.max(meanExcess, 1e-9);
  // Gamma(n) sampling distribution of the mean: one-sided 95% lower bound ≈ λ̂(1 − 1.645/√n).
  const lambdaLow = lambda * Math.max(0.1, 1 - 1.645 / Math.sqrt(n));
  return { u, pu: n / summary.comparisons, n, lambda, lambdaLow };
}

/** Hypergeometric estimate: mean over probes of P(a random N-person gallery holds ≥ 1 person scoring ≥ t). */
export function empiricalFpir(summary: ImpostorSummary, n: number, t: number): { fpir: number; events: number } {
  let sum = 0;
  let events = 0;
  for (const p of summary.perProbe) {
    let k = 0;
    while (k < p.s.length && p.s[k]! >= t) k++;
    events += k;
    if (k === 0) continue;
    if (n >= p.m) {
      sum += 1;
      continue;
    }
    // P(none of the k is drawn) = Π_{j<k} (m − n − j)/(m − j)
    let none = 1;
    for (let j = 0; j < k && none > 0; j++) none *= Math.max(0, p.m - n - j) / (p.m - j);
    sum += 1 - none;
  }
  return { fpir: sum / Math.max(1, summary.perProbe.length), events };
}

function tailThreshold(tail: TailFit, n: number, target: number, lambda: number): number {
  // 1 − (1 − FMR)^N ≤ target  ⇔  FMR ≤ 1 − (1 − target)^(1/N)
  const fmr = -Math.expm1(Math.log1p(-target) / n);
  if (fmr >= tail.pu) return tail.u;
  return tail.u + Math.log(tail.pu / fmr) / lambda;
}

function tailFpir(tail: TailFit, n: number, t: number): number {
  const fmr = t <= tail.u ? tail.pu : tail.pu * Math.exp(-tail.lambdaLow * (t - tail.u));
  return -Math.expm1(n * Math.log1p(-fmr));
}

function roundUp(v: number, grid: number): number {
  const steps = Math.ceil(v / grid - 1e-9);
  return Number((steps * grid).toFixed(6));
}

export function calibrateThresholds(summary: ImpostorSummary, options: CalibrationOptions): Calibration {
  const tail = fitTail(summary, options.tailFraction);
  const steps: CalibrationStep[] = [];
  const maxPeople = Math.min(...summary.perProbe.map((p) => p.m));
  let previous = -1;
  for (const n of options.gallerySizes) {
    let step: CalibrationStep | null = null;
    if (n <= maxPeople) {
      // Walk the grid up from the summary's floor to the first threshold meeting the target.
      for (let t = roundUp(summary.floor, options.grid); t <= 1; t = Number((t + options.grid).toFixed(6))) {
        const e = empiricalFpir(summary, n, t);
        if (e.fpir <= options.targetFpir) {
          if (e.events >= options.minEvents) step = { maxGallerySize: n, threshold: t, method: 'empirical', fpirEstimate: e.fpir, events: e.events, pointThreshold: null };
          break;
        }
      }
    }
    if (!step) {
      const t = roundUp(tailThreshold(tail, n, options.targetFpir, tail.lambdaLow), options.grid);
      step = {
        maxGallerySize: n,
        threshold: t,
        method: 'tail-fit',
        fpirEstimate: tailFpir(tail, n, t),
        events: empiricalFpir(summary, 1, t).events,
        pointThreshold: Number(tailThreshold(tail, n, options.targetFpir, tail.lambda).toFixed(4)),
      };
    }
    // A larger gallery never gets a lower threshold.
    if (step.threshold < previous) step = { ...step, threshold: previous };
    previous = step.threshold;
    steps.push(step);
  }
  return { targetFpir: options.targetFpir, tail, steps };
}
