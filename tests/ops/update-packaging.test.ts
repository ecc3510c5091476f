/**
 * What the self-update needs from packaging: a generic publish entry (so electron-builder writes
 * latest.yml / latest-linux.yml and resources/app-update.yml), the Authenticode check left on,
 * electron-updater and everything it loads shipped as production code, and electron-updater (which
 * imports `electron`) used only by the Electron main process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';

const root = path.resolve(import.meta.dirname, '../..');
const loadConfig = () => getConfig(root, path.join(root, 'electron-builder.yml'), null);

function sources(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) sources(rel, out);
    else if (/\.(ts|tsx|mjs|js)$/.test(entry.name)) out.push(rel);
  }
  return out;
}

describe('self-update packaging', () => {
  it('publishes a generic feed on the latest channel and keeps the Authenticode check', async () => {
    const config = await loadConfig();
    await validateConfiguration(config, new DebugLogger(false));
    const publish = (Array.isArray(config.publish) ? config.publish : [config.publish]) as Array<{ provider: string; url?: string; channel?: string }>;
    expect(publish).toHaveLength(1);
    expect(publish[0]).toMatchObject({ provider: 'generic', channel: 'latest' });
    expect(publish[0]?.url).toMatch(/^https:\/\/[^/]+\/.+\/$/);
    expect(config.win?.verifyUpdateCodeSignature).not.toBe(false);
  });

  it('ships electron-updater and its whole dependency tree as production code', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect(pkg.dependencies['electron-updater']).toMatch(/^\^?6\./);
    expect(pkg.devDependencies['electron-updater']).toBeUndefined();
    const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dependencies?: Record<string, string>; dev?: boolean }> };
    // Walk electron-updater's dependencies as npm resolves them: none may be dev-only (pruned from the app).
    const seen = new Set<string>();
    const visit = (location: string) => {
      if (seen.has(location)) return;
      seen.add(location);
      const entry = lock.packages[location];
      expect(entry, location).toBeDefined();
      expect(entry?.dev, `${location} is dev-only`).toBeUndefined();
      for (const dep of Object.keys(entry?.dependencies ?? {})) {
        let dir = location;
        let found: string | null = null;
        for (;;) {
          const candidate = `${dir}/node_modules/${dep}`;
          if (lock.packages[candidate]) {
            found = candidate;
            break;
          }
          if (!dir.includes('/node_modules/')) break;
          dir = dir.slice(0, dir.lastIndexOf('/node_modules/'));
        }
        found ??= lock.packages[`node_modules/${dep}`] ? `node_modules/${dep}` : null;
        expect(found, `${dep} (needed by ${location})`).not.toBeNull();
        visit(found!);
      }
    };
    visit('node_modules/electron-updater');
    expect([...seen]).toEqual(expect.arrayContaining(['node_modules/builder-util-runtime', 'node_modules/js-yaml']));
  });

  it('only the Electron main process imports electron-updater (it imports electron)', () => {
    const importers = [...sources('electron'), ...sources('edge-sync')].filter((f) => /\b(?:from|import|require)\s*\(?\s*['"]electron-updater(?:\/[^'"]*)?['"]/.test(fs.readFileSync(path.join(root, f), 'utf8')));
    expect(importers.length).toBeGreaterThan(0);
    for (const file of importers) expect(file, `${file} imports electron-updater`).toMatch(/^electron\/main\//);
  });
});
