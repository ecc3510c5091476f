/**
 * Regenerates tests/fixtures/pad/ — the SIMULATED presentation attacks of the PAD harness — from
 * the project's own fixture photos (tests/fixtures/faces; never LFW):
 *
 *   npx tsx scripts/pad/make-pad-fixtures.ts           write the files and their MANIFEST.md
 *   npx tsx scripts/pad/make-pad-fixtures.ts --check   exit 1 unless the committed files are what the recipe makes
 *
 * Sources are only photos whose licences allow derivatives: Lisa DeBruine (CC0) and London set
 * subject 030 (CC BY 4.0: attribution kept, changes stated in the manifest). The White House
 * photos are excluded (their usage terms forbid manipulation). The recipe: pad-attack-simulation.ts.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ATTACK_KINDS, attackTypeOf, simulateAttack } from './pad-attack-simulation.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const facesDir = path.join(root, 'tests/fixtures/faces');
export const padFixturesDir = path.join(root, 'tests/fixtures/pad');

export const PAD_SOURCES = ['lisa-debruine__pose1.jpg', 'lisa-debruine__pose3.jpg', 'london-030__neutral.jpg', 'london-030__smiling.jpg'] as const;
/** Two seeded variants of each attack kind per source photo. */
const SEEDS = [1, 2] as const;

export interface PadFixture {
  file: string;
  source: string;
  kind: (typeof ATTACK_KINDS)[number];
  seed: number;
}

export function padFixtureList(): PadFixture[] {
  const list: PadFixture[] = [];
  for (const source of PAD_SOURCES) {
    for (const kind of ATTACK_KINDS) {
      for (const seed of SEEDS) list.push({ file: `${kind}__${source.replace(/\.jpg$/, '')}__s${seed}.jpg`, source, kind, seed });
    }
  }
  return list;
}

function seedOf(f: PadFixture): number {
  // Stable per file: the seed, the source and the kind all change the noise.
  return crypto.createHash('sha256').update(`${f.source}|${f.kind}|${f.seed}`).digest().readUInt32LE(0);
}

export async function makePadFixture(f: PadFixture): Promise<Buffer> {
  return simulateAttack(fs.readFileSync(path.join(facesDir, f.source)), f.kind, seedOf(f));
}

function manifest(rows: Array<PadFixture & { sha256: string; bytes: number }>): string {
  return `# Simulated presentation attacks (PAD harness) — SIMULATED, not captured

Made by \`npx tsx scripts/pad/make-pad-fixtures.ts\` from the project's own fixture photos
(\`tests/fixtures/faces\`) with the recipe in \`scripts/pad/pad-attack-simulation.ts\`; \`--check\` proves
the committed files are its output. Every figure measured on these files is a figure on
**simulated** attacks: image effects modelled on printed photos (paper tone and fibre texture,
dot gain, glossy glare) and screen replays (black level, sub-pixel grid, moiré, bezel, reflection),
not photographs of real attacks. Real attack captures: \`../faces/spoof/\` (one print, one replay).

Licences: \`lisa-debruine__*\` derive from CC0 photos. \`london-030__*\` derive from
DeBruine, L., & Jones, B. (2017). Face Research Lab London Set (Version 5). figshare.
https://doi.org/10.6084/m9.figshare.5047666.v5 — CC BY 4.0
(https://creativecommons.org/licenses/by/4.0/). **Changed**: cropped, tone-mapped and textured
as a print or a screen, composited on a synthetic wall, re-encoded as 640×480 JPEG.
Test data only: never in the packaged app, marketing or the UI.

| file | attack type | simulation | source photo | seed | bytes | sha256 |
|---|---|---|---|---|---|---|
${rows.map((r) => `| \`${r.file}\` | ${attackTypeOf(r.kind)} | ${r.kind} | \`${r.source}\` | ${r.seed} | ${r.bytes} | \`${r.sha256}\` |`).join('\n')}
`;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const check = process.argv.includes('--check');
  const rows: Array<PadFixture & { sha256: string; bytes: number }> = [];
  const differing: string[] = [];
  for (const f of padFixtureList()) {
    const bytes = await makePadFixture(f);
    const target = path.join(padFixturesDir, f.file);
    rows.push({ ...f, bytes: bytes.length, sha256: crypto.createHash('sha256').update(bytes).digest('hex') });
    if (check) {
      if (!fs.existsSync(target) || Buffer.compare(fs.readFileSync(target), bytes) !== 0) differing.push(f.file);
    } else {
      fs.mkdirSync(padFixturesDir, { recursive: true });
      fs.writeFileSync(target, bytes);
    }
  }
  if (check) {
    console.log(differing.length === 0 ? `${rows.length} simulated attacks match the recipe` : `differ from the recipe: ${differing.join(', ')}`);
    process.exitCode = differing.length === 0 ? 0 : 1;
  } else {
    fs.writeFileSync(path.join(padFixturesDir, 'MANIFEST.md'), manifest(rows));
    console.log(`wrote ${rows.length} simulated attacks to ${path.relative(root, padFixturesDir)}`);
  }
}
