import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = path.resolve(import.meta.dirname, 'artifacts-update.mjs');
const made: string[] = [];

/** A tracked folder with its chosen lists and a run folder, in a temp directory. */
function arrange(lists: Record<string, string>, run: Record<string, number>, tracked: string[] = []): { dir: string; from: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'artifacts-update-'));
  made.push(dir);
  const from = path.join(dir, 'run');
  fs.mkdirSync(path.join(dir, 'chosen'));
  fs.mkdirSync(from);
  for (const [file, text] of Object.entries(lists)) fs.writeFileSync(path.join(dir, 'chosen', file), text);
  for (const [name, bytes] of Object.entries(run)) fs.writeFileSync(path.join(from, `${name}.png`), Buffer.alloc(bytes, 1));
  for (const name of tracked) fs.writeFileSync(path.join(dir, `${name}.png`), 'old');
  return { dir, from };
}

function update(dir: string, ...flags: string[]) {
  const run = spawnSync(process.execPath, [SCRIPT, '--dir', dir, ...flags], { encoding: 'utf8' });
  return { status: run.status, out: run.stdout + run.stderr };
}

const pngs = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.png')).sort();

afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('npm run artifacts:update', () => {
  it('copies the chosen screenshots that exist, names the missing ones and exits 0', () => {
    const { dir } = arrange({ 'a.txt': '# area a\nshot-1\nshot-2 # the second\n\n', 'b.txt': 'shot-3\nshot-1\n' }, { 'shot-1': 10, 'shot-3': 20, 'not-chosen': 5 }, ['shot-2']);
    const { status, out } = update(dir);
    expect(status).toBe(0);
    expect(pngs(dir)).toEqual(['shot-1.png', 'shot-2.png', 'shot-3.png']);
    expect(fs.statSync(path.join(dir, 'shot-3.png')).size).toBe(20);
    // The missing one keeps its tracked copy, and the output says it is missing.
    expect(fs.readFileSync(path.join(dir, 'shot-2.png'), 'utf8')).toBe('old');
    expect(out).toContain('2 of 3 chosen');
    expect(out).toMatch(/not in .*\n {2}shot-2/);
  });

  it('fails with --strict when a chosen screenshot is missing, and passes when none is', () => {
    const { dir } = arrange({ 'a.txt': 'shot-1\nshot-2\n' }, { 'shot-1': 10 });
    expect(update(dir, '--strict').status).toBe(1);
    fs.writeFileSync(path.join(dir, 'run', 'shot-2.png'), 'x');
    expect(update(dir, '--strict').status).toBe(0);
  });

  it('lists tracked PNGs no list chooses, and deletes them only with --prune', () => {
    const { dir } = arrange({ 'a.txt': 'shot-1\n' }, { 'shot-1': 10 }, ['dropped']);
    expect(update(dir).out).toMatch(/chosen by no list.*\n {2}dropped\.png/);
    expect(pngs(dir)).toEqual(['dropped.png', 'shot-1.png']);
    update(dir, '--prune');
    expect(pngs(dir)).toEqual(['shot-1.png']);
  });

  it('warns about a screenshot over 300 KB', () => {
    const { dir } = arrange({ 'a.txt': 'big\nsmall\n' }, { big: 301 * 1024, small: 1024 });
    const { status, out } = update(dir);
    expect(status).toBe(0);
    expect(out).toMatch(/over 300 KB.*\n {2}big\.png \(301 KB\)/);
    expect(out).not.toContain('small.png (');
  });
});
