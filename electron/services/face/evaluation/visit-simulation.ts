/**
 * Visit simulation on an LFW-style set (issue 16), pure. Everyone with ≥ 2 photos is enrolled from
 * one photo (the open-set gallery). People with at least `visits + 1` further photos then "visit"
 * with their other photos in a seeded random order: each visit is identified with the kiosk rule
 * and, when it is a confident visit (visit-learning.ts), becomes a template within the budget.
 * FNIR is measured per visit number; strangers (one-photo people) are searched against the gallery
 * before and after all visits to show FPIR stays at or below the target. Several orderings per
 * person are averaged (seeded, so the figures are reproducible).
 */
import { isConfidentVisit, planTemplate, type HeldTemplate, type VisitLearningRules } from '../visit-learning.js';
import type { EvalImage } from './eval-embeddings.js';
import { decide, ratesAt, searchGallery, type GalleryEntry, type OpenSetSplit } from './open-set-eval.js';

export interface VisitSimulationOptions {
  visits: number;
  orderings: number;
  threshold: number;
  minMargin: number;
  budget: number;
  rules: VisitLearningRules;
  seed: number;
}

export interface VisitSimulationReport {
  people: number;
  galleryPeople: number;
  /** FNIR at visit 1…visits+1 with learning, and with the enrolment template only (same visits). */
  fnirByVisit: number[];
  fnirByVisitWithoutLearning: number[];
  /** FNIR at the visit after `visits` learning visits. */
  fnirAfterVisits: number;
  fnirAfterVisitsWithoutLearning: number;
  fpirBefore: number;
  fpirAfter: number;
  /** Templates learned from a visit that was identified as someone else (must be 0). */
  wrongMemberTemplates: number;
  meanTemplatesAfter: number;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function shuffled<T>(list: readonly T[], next: () => number): T[] {
  const a = [...list];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

export function simulateVisits(images: readonly EvalImage[], split: OpenSetSplit, options: VisitSimulationOptions, undisputedStrangers: ReadonlySet<string> | null = null): VisitSimulationReport {
  const byPerson = new Map<string, Float32Array[]>();
  for (const img of [...images].sort((a, b) => a.index - b.index)) {
    if (img.embedding) byPerson.set(img.person, [...(byPerson.get(img.person) ?? []), img.embedding]);
  }
  const visitors = split.gallery.map((g) => g.person).filter((p) => (byPerson.get(p)?.length ?? 0) >= options.visits + 2);
  const strangers = split.nonMated.filter((p) => undisputedStrangers === null || undisputedStrangers.has(p.person));
  const n = options.visits + 1;
  const misses = new Array<number>(n).fill(0);
  const missesBase = new Array<number>(n).fill(0);
  let trials = 0;
  let wrong = 0;
  let templatesAfter = 0;
  let fpAfter = 0;
  let strangerTrials = 0;
  const next = rng(options.seed);
  for (let o = 0; o < options.orderings; o++) {
    // Each ordering: every visitor gets a fresh random order of their photos (the first is the anchor).
    const orders = new Map(visitors.map((p) => [p, shuffled(byPerson.get(p)!, next)]));
    const gallery: GalleryEntry[] = split.gallery.map((g) => ({ person: g.person, templates: orders.has(g.person) ? [orders.get(g.person)![0]!] : g.templates }));
    const held = new Map<string, HeldTemplate[]>(gallery.map((g) => [g.person, g.templates.map((v, i) => ({ isAnchor: i === 0, vector: v }))]));
    const baseline: GalleryEntry[] = gallery.map((g) => ({ person: g.person, templates: [...g.templates] }));
    const index = new Map(gallery.map((g, i) => [g.person, i]));
    for (let v = 0; v < n; v++) {
      for (const person of visitors) {
        const probe = orders.get(person)![v + 1]!;
        const base = searchGallery(baseline, probe, person);
        if (decide(base, options.threshold, options.minMargin) !== 'correct') missesBase[v]!++;
        const o2 = searchGallery(gallery, probe, person);
        const d = decide(o2, options.threshold, options.minMargin);
        if (d !== 'correct') misses[v]!++;
        if (v === n - 1 || d === 'none' || o2.bestPerson === null) continue; // the last visit only measures
        const margin = o2.best - Math.max(0, o2.second);
        const confident = isConfidentVisit({ score: o2.best, margin, threshold: options.threshold, isLive: true, isConfirmed: true, hasRejection: false }, options.rules);
        if (!confident) continue;
        if (o2.bestPerson !== person) wrong++;
        const target = o2.bestPerson;
        const list = held.get(target)!;
        const plan = planTemplate(list, probe, options.budget);
        if (plan.action === 'add') list.push({ isAnchor: false, vector: probe });
        else if (plan.action === 'replace') list[plan.index] = { isAnchor: false, vector: probe };
        gallery[index.get(target)!]!.templates = list.map((h) => h.vector);
      }
    }
    trials += visitors.length;
    for (const p of visitors) templatesAfter += held.get(p)!.length;
    const after = strangers.map((s) => searchGallery(gallery, s.embedding, null));
    fpAfter += ratesAt([], after, options.threshold, options.minMargin).falsePositives;
    strangerTrials += strangers.length;
  }
  const before = strangers.map((s) => searchGallery(split.gallery, s.embedding, null));
  return {
    people: visitors.length,
    galleryPeople: split.gallery.length,
    fnirByVisit: misses.map((m) => m / Math.max(1, trials)),
    fnirByVisitWithoutLearning: missesBase.map((m) => m / Math.max(1, trials)),
    fnirAfterVisits: misses[n - 1]! / Math.max(1, trials),
    fnirAfterVisitsWithoutLearning: missesBase[n - 1]! / Math.max(1, trials),
    fpirBefore: ratesAt([], before, options.threshold, options.minMargin).fpir,
    fpirAfter: fpAfter / Math.max(1, strangerTrials),
    wrongMemberTemplates: wrong,
    meanTemplatesAfter: templatesAfter / Math.max(1, trials),
  };
}

