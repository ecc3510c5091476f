import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `npm run face -- enrol|identify|eval` end to end, as store IT runs it: each command prints one JSON
 * object as its last line. eval runs on a tiny LFW-style folder built from the committed fixtures
 * (LFW itself is never copied into the repository).
 */
const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(root, 'tests/fixtures/faces');
let work: string;

function face(...args: string[]): Record<string, unknown> {
  const run = spawnSync(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'scripts/face-cli.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, KIOSK_DATA_DIR: path.join(work, 'unused-default') },
  });
  const last = run.stdout.trim().split('\n').pop() ?? '';
  return { exit: run.status, ...(JSON.parse(last) as Record<string, unknown>) };
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'face-cli-'));
  // pairs.txt: 2 folds × (1 matched + 1 mismatched).
  const people: Record<string, string[]> = {
    Barack_Obama: ['barack-obama__portrait-2012.jpg', 'barack-obama__congress-2009.jpg'],
    Lisa_DeBruine: ['lisa-debruine__pose1.jpg', 'lisa-debruine__pose3.jpg'],
    London_030: ['london-030__neutral.jpg'],
    Joe_Biden: ['joe-biden__vp-portrait.jpg'],
  };
  for (const [name, files] of Object.entries(people)) {
    fs.mkdirSync(path.join(work, 'lfw', 'lfw-deepfunneled', name), { recursive: true });
    files.forEach((f, i) => fs.copyFileSync(path.join(fixtures, f), path.join(work, 'lfw', 'lfw-deepfunneled', name, `${name}_${String(i + 1).padStart(4, '0')}.jpg`)));
  }
  fs.writeFileSync(
    path.join(work, 'lfw', 'pairs.txt'),
    ['2\t1', 'Barack_Obama\t1\t2', 'London_030\t1\tJoe_Biden\t1', 'Lisa_DeBruine\t1\t2', 'Barack_Obama\t1\tLisa_DeBruine\t2', ''].join('\n'),
  );
});
afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

describe('npm run face', () => {
  it('enrols from photos into a data dir and identifies another photo of the same person', () => {
    const dataDir = path.join(work, 'store');
    const enrol = face('enrol', 'm-42', path.join(fixtures, 'barack-obama__portrait-2012.jpg'), path.join(fixtures, 'negatives/coffee.png'), '--data-dir', dataDir);
    expect(enrol).toMatchObject({ exit: 0, memberId: 'm-42', templatesAdded: 1 });
    expect(enrol.skipped).toEqual([{ file: path.join(fixtures, 'negatives/coffee.png'), code: 'FACE_NOT_FOUND' }]);
    expect(String(enrol.consent)).toMatch(/staff import/);
    expect(face('identify', path.join(fixtures, 'barack-obama__congress-2009.jpg'), '--data-dir', dataDir)).toMatchObject({
      exit: 0,
      status: 'identified',
      match: { memberId: 'm-42' },
    });
    expect(face('identify', path.join(fixtures, 'lisa-debruine__pose1.jpg'), '--data-dir', dataDir)).toMatchObject({ status: 'unknown', reason: 'NO_MATCH' });
    expect(face('identify', path.join(fixtures, 'MANIFEST.md'), '--data-dir', dataDir)).toMatchObject({ exit: 1, error: { code: 'FACE_IMAGE_UNSUPPORTED' } });
    expect(fs.existsSync(path.join(work, 'unused-default'))).toBe(false);
    // Four CLI processes, each loading the ONNX models: minutes, not seconds, on a loaded 2-core machine.
  }, 180_000);

  it('evaluates an LFW-style folder and prints the agreed figures', () => {
    const r = face('eval', path.join(work, 'lfw'));
    expect(r).toMatchObject({ exit: 0, accuracy: 1, accuracyAtConfiguredThreshold: 1, tarAtFar1e3: 1, detectorMisses: 0, images: 6, pairs: 4 });
  }, 120_000);
});
