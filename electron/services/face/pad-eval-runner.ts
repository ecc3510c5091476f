import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { FaceConfig } from '../../contract/face-config.js';
import type { FacePipeline } from './face-pipeline.js';
import { analyzeOptionsFor } from './face-engine.js';
import { padRates, type PadRate, type PadSample } from './pad-metrics.js';

export interface PadEvalReport {
  threshold: number;
  samples: PadSample[];
  /** APCER/BPCER per type and origin (staged, simulated, photo, '*'). */
  byOrigin: PadRate[];
  /** The same per simulation kind (print-texture, replay-moire, …) and staged file. */
  byDetail: PadRate[];
}

/** Single-person face photos of the fixtures that are bona fide captures (not the group photo). */
const BONA_FIDE_EXCLUDE = /^multi__/;

/**
 * The PAD harness: every sample through the kiosk's own frame pipeline (detect, quality gates,
 * MiniFASNet pair), classified at the configured liveness threshold.
 *   bona fide  the single-person photos of tests/fixtures/faces as 640×480 camera frames, and the
 *              staged live capture (spoof/live__*);
 *   staged     the captured attacks in tests/fixtures/faces/spoof (attack-print__*, attack-replay__*);
 *   simulated  tests/fixtures/pad/<kind>__*.jpg, made from the fixture photos by the recipe in
 *              scripts/pad/ — figures on them are on SIMULATED attacks and are labelled so.
 */
export async function runPadEval(facesDir: string, padDir: string, pipeline: FacePipeline, config: FaceConfig): Promise<PadEvalReport> {
  const options = analyzeOptionsFor(config, 'frame');
  const samples: PadSample[] = [];
  const live = async (bytes: Uint8Array): Promise<number | null> => {
    const a = await pipeline.analyze(bytes, options);
    return a.liveness ? a.liveness.live : null;
  };
  for (const name of fs.readdirSync(facesDir).filter((f) => /\.(jpe?g|png)$/i.test(f) && !BONA_FIDE_EXCLUDE.test(f)).sort()) {
    const frame = await sharp(path.join(facesDir, name)).rotate().resize(640, 480, { fit: 'cover', position: 'north' }).jpeg({ quality: 85 }).toBuffer();
    samples.push({ type: 'bona-fide', origin: 'photo', detail: name, live: await live(new Uint8Array(frame)) });
  }
  const spoofDir = path.join(facesDir, 'spoof');
  for (const name of fs.readdirSync(spoofDir).filter((f) => f.endsWith('.jpg')).sort()) {
    const bytes = new Uint8Array(fs.readFileSync(path.join(spoofDir, name)));
    const kind = /^(live|attack-print|attack-replay)__/.exec(name)?.[1];
    if (kind === 'live') samples.push({ type: 'bona-fide', origin: 'staged', detail: name, live: await live(bytes) });
    else if (kind) samples.push({ type: kind === 'attack-print' ? 'print' : 'replay', origin: 'staged', detail: name, live: await live(bytes) });
  }
  for (const name of fs.readdirSync(padDir).filter((f) => f.endsWith('.jpg')).sort()) {
    const kind = /^((print|replay)-[a-z]+)__/.exec(name);
    if (!kind) continue;
    samples.push({ type: kind[2]!, origin: 'simulated', detail: kind[1]!, live: await live(new Uint8Array(fs.readFileSync(path.join(padDir, name)))) });
  }
  const threshold = config.liveness.threshold;
  return {
    threshold,
    samples,
    byOrigin: padRates(samples, threshold),
    byDetail: padRates(samples, threshold, (s) => (s.origin === 'simulated' ? `simulated:${s.detail}` : s.origin)),
  };
}

/** A plain-text table of a report (the CLI and the bench print it to stderr). */
export function formatPadReport(report: PadEvalReport): string {
  const pct = (r: PadRate) => (r.rate === null ? '—' : `${(100 * r.rate).toFixed(1)}%`);
  const lines = [`PAD at liveness threshold ${report.threshold} (accepted as live iff live >= threshold)`, 'metric  type       origin                         errors/n   rate   not acquired'];
  for (const r of report.byDetail) {
    const metric = r.type === 'bona-fide' ? 'BPCER ' : 'APCER ';
    lines.push(`${metric}  ${r.type.padEnd(9)}  ${r.origin.padEnd(29)}  ${`${r.errors}/${r.presentations}`.padEnd(8)}  ${pct(r).padStart(6)}  ${r.notAcquired}`);
  }
  lines.push('origin "simulated": attacks made by scripts/pad/ from real photos (SIMULATED, not captured); "staged": captured attack samples; "*": all origins.');
  return lines.join('\n');
}
