import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const artifactsDir = path.join(repoRoot, 'tests/e2e/artifacts');
/**
 * This run's greeting-time figures, read by `npm run bench` (bench/suites/e2e.bench.ts). Untracked
 * (tests/e2e/.tmp/ is ignored): a test run never changes a tracked file; the figures worth keeping
 * are merged into bench/results/latest.json when someone runs the bench.
 * KIOSK_E2E_FIGURES_FILE: another file, so `npm run bench` reads only the figures of its own run.
 */
export const e2eFiguresFile = process.env['KIOSK_E2E_FIGURES_FILE'] ?? path.join(repoRoot, 'tests/e2e/.tmp/e2e-figures.json');
export const chromiumPath = process.env.KIOSK_E2E_CHROMIUM ?? '/usr/lib/chromium/chromium';

export function artifactPath(name: string): string {
  fs.mkdirSync(artifactsDir, { recursive: true });
  return path.join(artifactsDir, `${name}.png`);
}
