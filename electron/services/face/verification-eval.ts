/**
 * LFW-style verification evaluation: pairs.txt parsing, cross-validated accuracy over the file's
 * folds, accuracy at a fixed (configured) threshold, and TAR at a false-accept rate.
 * Pure functions: the CLI feeds them similarity scores.
 */
export interface PairSpec {
  fold: number;
  same: boolean;
  a: { name: string; index: number };
  b: { name: string; index: number };
}

/** Parses the standard LFW View-2 format: "folds<TAB>n", then per fold n matched and n mismatched lines. */
export function parsePairs(text: string): PairSpec[] {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  const header = lines.shift()?.split(/\s+/).map(Number) ?? [];
  const folds = header.length >= 2 ? header[0]! : 1;
  const perFold = header.length >= 2 ? header[1]! : header[0]!;
  if (!Number.isInteger(folds) || !Number.isInteger(perFold) || perFold <= 0) throw new Error('pairs.txt: bad header line');
  const pairs: PairSpec[] = [];
  lines.forEach((line, i) => {
    const parts = line.split(/\s+/);
    const fold = Math.floor(i / (2 * perFold));
    if (parts.length === 3) pairs.push({ fold, same: true, a: { name: parts[0]!, index: Number(parts[1]) }, b: { name: parts[0]!, index: Number(parts[2]) } });
    else if (parts.length === 4) pairs.push({ fold, same: false, a: { name: parts[0]!, index: Number(parts[1]) }, b: { name: parts[2]!, index: Number(parts[3]) } });
    else throw new Error(`pairs.txt line ${i + 2}: expected 3 or 4 fields`);
  });
  if (pairs.length !== folds * 2 * perFold) throw new Error(`pairs.txt: expected ${folds * 2 * perFold} pairs, found ${pairs.length}`);
  return pairs;
}

export function lfwImagePath(name: string, index: number): string {
  return `${name}/${name}_${String(index).padStart(4, '0')}.jpg`;
}

export interface ScoredPair {
  fold: number;
  same: boolean;
  score: number;
}

export function accuracyAt(pairs: readonly ScoredPair[], threshold: number): number {
  if (pairs.length === 0) return Number.NaN;
  let correct = 0;
  for (const p of pairs) if ((p.score >= threshold) === p.same) correct++;
  return correct / pairs.length;
}

/** The threshold maximising accuracy on `pairs` (midpoints between sorted scores; ties → the middle of the best run). */
export function bestThreshold(pairs: readonly ScoredPair[]): number {
  const scores = [...new Set(pairs.map((p) => p.score))].sort((a, b) => a - b);
  const candidates = [scores[0]! - 1e-6, ...scores.slice(1).map((s, i) => (s + scores[i]!) / 2), scores[scores.length - 1]! + 1e-6];
  let best = candidates[0]!;
  let bestAcc = -1;
  let runStart = 0;
  candidates.forEach((t, i) => {
    const acc = accuracyAt(pairs, t);
    if (acc > bestAcc + 1e-12) {
      bestAcc = acc;
      best = t;
      runStart = i;
    } else if (Math.abs(acc - bestAcc) <= 1e-12 && i === runStart + 1) {
      // Still on the same plateau: move to its middle so the threshold is not on an edge.
      runStart = i - 1;
      best = (candidates[runStart]! + t) / 2;
    }
  });
  return best;
}

/** Leave-one-fold-out: the threshold is fitted on the other folds and applied to the held-out one; mean over folds. */
export function crossValidatedAccuracy(pairs: readonly ScoredPair[]): { accuracy: number; thresholds: number[]; foldAccuracies: number[] } {
  const folds = [...new Set(pairs.map((p) => p.fold))].sort((a, b) => a - b);
  if (folds.length < 2) {
    const t = bestThreshold(pairs);
    return { accuracy: accuracyAt(pairs, t), thresholds: [t], foldAccuracies: [accuracyAt(pairs, t)] };
  }
  const thresholds: number[] = [];
  const foldAccuracies: number[] = [];
  for (const fold of folds) {
    const t = bestThreshold(pairs.filter((p) => p.fold !== fold));
    thresholds.push(t);
    foldAccuracies.push(accuracyAt(pairs.filter((p) => p.fold === fold), t));
  }
  return { accuracy: foldAccuracies.reduce((a, b) => a + b, 0) / foldAccuracies.length, thresholds, foldAccuracies };
}

/** True-accept rate at the threshold where at most `far` of the impostor pairs are accepted. */
export function tarAtFar(pairs: readonly ScoredPair[], far: number): { tar: number; threshold: number } {
  const impostors = pairs.filter((p) => !p.same).map((p) => p.score).sort((a, b) => b - a);
  const genuine = pairs.filter((p) => p.same).map((p) => p.score);
  const allowed = Math.floor(far * impostors.length);
  // Accept strictly above the (allowed+1)-th highest impostor score.
  const threshold = impostors[allowed] ?? -Infinity;
  const tar = genuine.filter((s) => s > threshold).length / Math.max(1, genuine.length);
  return { tar, threshold };
}
