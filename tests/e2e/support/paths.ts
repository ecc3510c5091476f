import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/**
 * The tracked screenshots: the ones a person looked at and chose (lists in `chosen/*.txt`), copied
 * here by `npm run artifacts:update` (scripts/artifacts-update.mjs) and committed.
 */
export const chosenArtifactsDir = path.join(repoRoot, 'tests/e2e/artifacts');
/**
 * Where every e2e run writes its screenshots: ignored by git (tests never change a tracked file).
 * KIOSK_E2E_ARTIFACTS_DIR: another folder (e.g. a CI job's upload folder).
 */
export const artifactsDir = process.env['KIOSK_E2E_ARTIFACTS_DIR'] ?? path.join(chosenArtifactsDir, 'run');
/**
 * This run's greeting-time figures, read by `npm run bench` (bench/suites/e2e.bench.ts). Untracked
 * (tests/e2e/.tmp/ is ignored): a test run never changes a tracked file; the figures worth keeping
 * are merged into bench/results/latest.json when someone runs the bench.
 * KIOSK_E2E_FIGURES_FILE: another file, so `npm run bench` reads only the figures of its own run.
 */
export const e2eFiguresFile = process.env['KIOSK_E2E_FIGURES_FILE'] ?? path.join(repoRoot, 'tests/e2e/.tmp/e2e-figures.json');
export const chromiumPath = process.env.KIOSK_E2E_CHROMIUM ?? '/usr/lib/chromium/chromium';

/** This run's screenshot file `<name>.png` in the untracked run folder (created on first use). */
export function artifactPath(name: string): string {
  fs.mkdirSync(artifactsDir, { recursive: true });
  return path.join(artifactsDir, `${name}.png`);
}
