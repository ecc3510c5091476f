/**
 * Liveness you can measure (issue 16): the PAD harness (electron/services/face/pad-eval-runner.ts)
 * at the configured liveness threshold. Prints the table on stderr and, as figures:
 *   pad_apcer_<type>_staged      captured attack samples (tests/fixtures/faces/spoof: 1 print, 1 replay)
 *   pad_apcer_<type>_simulated   SIMULATED attacks made from the fixture photos (tests/fixtures/pad, recipe in scripts/pad/)
 *   pad_apcer_<type>             all origins together
 *   pad_bpcer                    bona fide fixture photos and the captured live sample refused as attacks
 *   pad_*_n                      presentations behind each rate (a face was acquired)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { report, round } from '../bench-stats.js';
import { defaultFaceConfig } from '../../electron/contract/face-config.js';
import { FacePipeline } from '../../electron/services/face/face-pipeline.js';
import { formatPadReport, runPadEval } from '../../electron/services/face/pad-eval-runner.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pipeline = await FacePipeline.load(path.join(root, 'native-models'), { threads: 1 });
try {
  const pad = await runPadEval(path.join(root, 'tests/fixtures/faces'), path.join(root, 'tests/fixtures/pad'), pipeline, defaultFaceConfig());
  process.stderr.write(`${formatPadReport(pad)}\n`);
  const figures: Record<string, number> = {};
  for (const r of pad.byOrigin) {
    if (r.rate === null) continue;
    const name = r.type === 'bona-fide' ? (r.origin === '*' ? 'pad_bpcer' : null) : `pad_apcer_${r.type}${r.origin === '*' ? '' : `_${r.origin}`}`;
    if (!name) continue;
    figures[name] = round(r.rate, 4);
    figures[`${name}_n`] = r.presentations;
  }
  report(figures);
} finally {
  await pipeline.dispose();
}
