import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const artifactsDir = path.join(repoRoot, 'tests/e2e/artifacts');
export const benchResultsFile = path.join(repoRoot, 'bench/results/e2e.json');
export const chromiumPath = process.env.KIOSK_E2E_CHROMIUM ?? '/usr/lib/chromium/chromium';

export function artifactPath(name: string): string {
  fs.mkdirSync(artifactsDir, { recursive: true });
  return path.join(artifactsDir, `${name}.png`);
}
