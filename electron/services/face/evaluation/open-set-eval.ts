/**
 * Open-set 1:N evaluation (issue 16), pure: the caller supplies embeddings grouped by person.
 *
 * Protocol: people with ≥ 2 images form the gallery, each enrolled from ONE photo (their first
 * usable image); their other photos are the mated probes; people with one photo are the non-mated
 * probes (strangers). Each probe is searched against the whole gallery and decided with the same
 * rule as the kiosk (`face-identification.ts`): identified only if best ≥ threshold and
 * best − max(0, second) ≥ margin.
 */
import { cosine } from '../mobilefacenet-embedder.js';
import type { EvalImage } from './eval-embeddings.js';

export interface GalleryEntry {
  person: string;
  templates: Float32Array[];
}

export interface ProbeOutcome {
  /** The probe's person if they are in the gallery, else null (non-mated). */
  mate: string | null;
  /** Best and second-best member scores (max over each member's templates); -1 when missing. */
  best: number;
  second: number;
  bestPerson: string | null;
}

export interface OpenSetSplit {
  gallery: GalleryEntry[];
  mated: Array<{ person: string; embedding: Float32Array | null }>;
  nonMated: Array<{ person: string; embedding: Float32Array | null }>;
}

/** Splits images by the protocol. An image without embedding stays a probe (it counts as a miss). */
export function openSetSplit(images: readonly EvalImage[]): OpenSetSplit {
  const byPerson = new Map<string, EvalImage[]>();
  for (const img of images) byPerson.set(img.person, [...(byPerson.get(img.person) ?? []), img]);
  const split: OpenSetSplit = { gallery: [], mated: [], nonMated: [] };
  for (const [person, list] of [...byPerson.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const sorted = [...list].sort((a, b) => a.index - b.index);
    if (sorted.length === 1) {
      split.nonMated.push({ person, embedding: sorted[0]!.embedding });
      continue;
    }
    const anchor = sorted.find((i) => i.embedding !== null);
    if (!anchor) {
      // Nobody could enrol them; their photos are strangers to the gallery.
      for (const i of sorted) split.nonMated.push({ person, embedding: null });
      continue;
    }
    split.gallery.push({ person, templates: [anchor.embedding!] });
    for (const i of sorted) if (i !== anchor) split.mated.push({ person, embedding: i.embedding });
  }
  return split;
}

/** Best and second-best member for one probe: the kiosk's "best per member" search, exact. */
export function searchGallery(gallery: readonly GalleryEntry[], probe: Float32Array | null, mate: string | null): ProbeOutcome {
  if (!probe) return { mate, best: -1, second: -1, bestPerson: null };
  let best = -1;
  let second = -1;
  let bestPerson: string | null = null;
  for (const g of gallery) {
    let s = -1;
    for (const t of g.templates) s = Math.max(s, cosine(probe, t));
    if (s > best) {
      second = best;
      best = s;
      bestPerson = g.person;
    } else if (s > second) second = s;
  }
  return { mate, best, second, bestPerson };
}

export type Decision = 'correct' | 'wrong' | 'none';

/** The kiosk's decision rule on one outcome. */
export function decide(o: ProbeOutcome, threshold: number, minMargin: number): Decision {
  if (o.bestPerson === null || o.best < threshold || o.best - Math.max(0, o.second) < minMargin) return 'none';
  return o.bestPerson === o.mate ? 'correct' : 'wrong';
}

export interface OpenSetRates {
  threshold: number;
  /** Mated probes not identified as their own member (missed or misidentified). */
  fnir: number;
  /** Non-mated probes identified as anyone. */
  fpir: number;
  falsePositives: number;
  misidentifications: number;
}

export function ratesAt(mated: readonly ProbeOutcome[], nonMated: readonly ProbeOutcome[], threshold: number, minMargin: number): OpenSetRates {
  let correct = 0;
  let wrong = 0;
  for (const o of mated) {
    const d = decide(o, threshold, minMargin);
    if (d === 'correct') correct++;
    else if (d === 'wrong') wrong++;
  }
  let fp = 0;
  for (const o of nonMated) if (decide(o, threshold, minMargin) !== 'none') fp++;
  return {
    threshold,
    fnir: mated.length === 0 ? Number.NaN : 1 - correct / mated.length,
    fpir: nonMated.length === 0 ? Number.NaN : fp / nonMated.length,
    falsePositives: fp,
    misidentifications: wrong,
  };
}

/**
 * The lowest threshold whose measured FPIR is ≤ `fpir` (with the margin rule): at most
 * floor(fpir · non-mated) strangers may be identified, so the threshold sits just above the next one.
 */
export function thresholdAtFpir(nonMated: readonly ProbeOutcome[], fpir: number, minMargin: number): number {
  const alarming = nonMated
    .filter((o) => o.bestPerson !== null && o.best - Math.max(0, o.second) >= minMargin)
    .map((o) => o.best)
    .sort((a, b) => b - a);
  const allowed = Math.floor(fpir * nonMated.length + 1e-9);
  const blocker = alarming[allowed];
  return blocker === undefined ? -1 : nextUp(blocker);
}

function nextUp(v: number): number {
  return v + 1e-6;
}

export interface OpenSetReport {
  /** Same as atConfigured but without the non-mated probes whose label is disputed (see dev-set-disputed-labels.json). */
  atConfiguredUndisputed: OpenSetRates;
  disputedSetAside: number;
  galleryPeople: number;
  matedProbes: number;
  nonMatedProbes: number;
  rank1: number;
  atConfigured: OpenSetRates;
  minMargin: number;
  atFpir1e2: OpenSetRates;
  atFpir1e3: OpenSetRates;
}

/** Runs the protocol: `threshold` is the kiosk's threshold for this gallery size. */
export function evaluateOpenSet(split: OpenSetSplit, threshold: number, minMargin: number, disputed: ReadonlySet<string> = new Set()): OpenSetReport {
  const mated = split.mated.map((p) => searchGallery(split.gallery, p.embedding, p.person));
  const nonMated = split.nonMated.map((p) => searchGallery(split.gallery, p.embedding, null));
  const undisputed = nonMated.filter((_, i) => !disputed.has(split.nonMated[i]!.person));
  const rank1 = mated.filter((o) => o.bestPerson !== null && o.bestPerson === o.mate).length / Math.max(1, mated.length);
  return {
    galleryPeople: split.gallery.length,
    matedProbes: mated.length,
    nonMatedProbes: nonMated.length,
    rank1,
    minMargin,
    atConfigured: ratesAt(mated, nonMated, threshold, minMargin),
    atConfiguredUndisputed: ratesAt(mated, undisputed, threshold, minMargin),
    disputedSetAside: nonMated.length - undisputed.length,
    // The operating points are read on the undisputed strangers (all of them when nothing is disputed).
    atFpir1e2: ratesAt(mated, undisputed, thresholdAtFpir(undisputed, 1e-2, minMargin), minMargin),
    atFpir1e3: ratesAt(mated, undisputed, thresholdAtFpir(undisputed, 1e-3, minMargin), minMargin),
  };
}
