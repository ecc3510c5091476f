/**
 * Open-set 1:N figures on the LFW dev set (issue 16), from the kiosk's own pipeline. Prints one
 * JSON object as its last line:
 *   open_set_rank1                     mated probes whose best member is their own
 *   open_set_threshold                 the configured threshold for this gallery's size
 *   open_set_fnir / open_set_fpir      at that threshold and the margin rule, every label as is
 *   open_set_fpir_undisputed           the same without the LFW label errors in dev-set-disputed-labels.json
 *   open_set_fnir_at_fpir_1e2 / _1e3   FNIR where the measured FPIR is ≤ 1e-2 / 1e-3
 *   open_set_misidentifications        mated probes identified as someone else (count)
 *   visit_fnir_after_5                 visit simulation: FNIR at the visit after 5 learning visits
 *   visit_fnir_after_5_no_learning     the same visits with the enrolment template only
 *   visit_fpir_after                   strangers against the gallery after all visits (undisputed)
 *   calibration_reproduces             1 when `face calibrate` on these embeddings gives the shipped table
 * Images are read from ../shared/eval at run time (never copied into the repository); embeddings
 * are cached in .cache/face-eval (gitignored), so a rerun takes seconds.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { report, round } from '../bench-stats.js';
import { defaultFaceConfig } from '../../electron/contract/face-config.js';
import { CALIBRATED_THRESHOLDS } from '../../electron/contract/face-thresholds.generated.js';
import { calibrateCommand, openSetEvalCommand } from '../../scripts/face-cli-calibration.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// The shared folder sits beside the project (../shared); a git worktree one level deeper finds it at ../../shared.
const evalDir = process.env.KIOSK_EVAL_DIR ?? [path.resolve(root, '../shared/eval/lfw-dev'), path.resolve(root, '../../shared/eval/lfw-dev')].find((d) => fs.existsSync(d));
if (!evalDir) {
  process.stderr.write('face-open-set.bench: no LFW dev set at ../shared/eval/lfw-dev (set KIOSK_EVAL_DIR)\n');
  process.exit(1);
}
process.chdir(root);
const config = defaultFaceConfig();
type Rates = { threshold: number; fnir: number; fpir: number; misidentifications: number };
type Visits = { fnirAfter5Visits: number; fnirAfter5VisitsWithoutLearning: number; fpirAfter: number };
const r = (await openSetEvalCommand(evalDir, config)) as { rank1: number; configured: Rates; configuredUndisputed: Rates; atFpir1e2: Rates; atFpir1e3: Rates; visits: Visits };
const c = (await calibrateCommand(evalDir, config, { targetFpir: null, dataDir: null, ship: false })) as { steps: Array<{ maxGallerySize: number; threshold: number }> };
const reproduces = JSON.stringify(c.steps.map((s) => ({ maxGallerySize: s.maxGallerySize, threshold: s.threshold }))) === JSON.stringify(CALIBRATED_THRESHOLDS);
report({
  open_set_rank1: round(r.rank1, 4),
  open_set_threshold: r.configured.threshold,
  open_set_fnir: round(r.configured.fnir, 4),
  open_set_fpir: round(r.configured.fpir, 4),
  open_set_fpir_undisputed: round(r.configuredUndisputed.fpir, 4),
  open_set_fnir_at_fpir_1e2: round(r.atFpir1e2.fnir, 4),
  open_set_fnir_at_fpir_1e3: round(r.atFpir1e3.fnir, 4),
  open_set_misidentifications: r.configured.misidentifications,
  visit_fnir_after_5: r.visits.fnirAfter5Visits,
  visit_fnir_after_5_no_learning: r.visits.fnirAfter5VisitsWithoutLearning,
  visit_fpir_after: r.visits.fpirAfter,
  calibration_reproduces: reproduces ? 1 : 0,
});
