/**
 * electron-builder.yml: valid for electron-builder itself (its own loader and JSON-schema check),
 * and the packaged file set — computed from the config's globs — holds what the app needs at run
 * time: main, preload bundle, worker, compiled migrations, renderer, every model in the manifest,
 * and the native modules unpacked from the asar.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCi } from '../support/ci-env.js';
import { minimatch } from 'minimatch';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';

const root = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  main: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  build?: unknown;
};

type Config = Awaited<ReturnType<typeof getConfig>>;
const loadConfig = () => getConfig(root, path.join(root, 'electron-builder.yml'), null);

/** Plain patterns, also from the `{ filter: [...] }` file sets getConfig normalises `files` into. */
function patterns(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.flatMap((p) => (typeof p === 'string' ? [p] : p && typeof p === 'object' && 'filter' in p ? patterns((p as { filter: unknown }).filter) : []));
}

/** electron-builder's rule: patterns apply in order; a later "!pattern" excludes what earlier ones included. */
function isPackaged(config: Config, file: string): boolean {
  let included = false;
  for (const p of patterns(config.files)) {
    if (p.startsWith('!')) {
      if (minimatch(file, p.slice(1), { dot: true })) included = false;
    } else if (minimatch(file, p, { dot: true })) included = true;
  }
  return included;
}

function isUnpacked(config: Config, file: string): boolean {
  return patterns(config.asarUnpack).some((p) => minimatch(file, p, { dot: true, matchBase: !p.includes('/') }));
}

/** What `npm run build` writes for a TypeScript source under electron/ (tsc keeps the layout). */
function compiled(source: string): string {
  return path.posix.join('build', source.replace(/\.ts$/, '.js'));
}

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(path.relative(root, full).split(path.sep).join('/'));
  }
  return out;
}

describe('electron-builder configuration', () => {
  it('is accepted by electron-builder (loader and schema validation)', async () => {
    const config = await loadConfig();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(pkg.build).toBeUndefined(); // one source of truth: electron-builder.yml
  });

  it('the schema check really rejects a broken configuration', async () => {
    const config = await loadConfig();
    await expect(validateConfiguration({ ...config, nsis: { ...config.nsis, perMachine: 'yes' } } as unknown as Config, new DebugLogger(false))).rejects.toThrow();
  });

  it('targets a per-machine NSIS installer, AppImage and deb, with a generic update feed', async () => {
    const config = await loadConfig();
    expect(JSON.stringify(config.win?.target)).toContain('nsis');
    expect(config.nsis).toMatchObject({ perMachine: true, deleteAppDataOnUninstall: false });
    const linux = JSON.stringify(config.linux?.target);
    expect(linux).toContain('AppImage');
    expect(linux).toContain('deb');
    const publish = (Array.isArray(config.publish) ? config.publish : [config.publish]) as Array<{ provider: string; url?: string }>;
    expect(publish[0]).toMatchObject({ provider: 'generic' });
    expect(publish[0]?.url).toMatch(/^https:\/\//);
    expect(config.asar).toBe(true);
    expect(pkg.scripts.dist).toMatch(/electron-builder/);
  });

  it('packages the main entry, preload bundle, worker, compiled migrations and renderer', async () => {
    const config = await loadConfig();
    const required = [
      pkg.main,
      'build/preload/preload.cjs',
      compiled('electron/services/kiosk-worker.ts'),
      compiled('electron/workers/worker-runtime.ts'),
      compiled('electron/db/migrations/index.ts'),
      compiled('electron/services/start-services.ts'),
      'build/renderer/index.html',
      'build/renderer/assets/index-abc123.js',
      'package.json',
    ];
    const migrations = fs.readdirSync(path.join(root, 'electron/db/migrations')).filter((f) => /^\d{4}-.+\.ts$/.test(f) && !f.endsWith('.test.ts'));
    expect(migrations.length).toBeGreaterThanOrEqual(1);
    for (const m of migrations) required.push(compiled(`electron/db/migrations/${m}`));
    for (const file of required) expect(isPackaged(config, file), file).toBe(true);
    expect(pkg.main).toBe('build/electron/main/main.js');
    // Sources, tests, source maps and the repository's own tooling stay out.
    for (const file of ['electron/main/main.ts', 'build/electron/main/main.js.map', 'build/electron/db/connection.test.js', 'tests/contract/contract-suite.ts', 'bench/run.ts', 'scripts/bundle-preload.mjs']) {
      expect(isPackaged(config, file), file).toBe(false);
    }
  });

  it('leaves head office out: its code and its server-only dependencies (issue 13)', async () => {
    const config = await loadConfig();
    for (const file of ['build/edge-sync/hq/hq-server.js', 'build/edge-sync/hq/http/device-routes.js', 'node_modules/fastify/fastify.js', 'node_modules/@fastify/static/index.js', 'node_modules/pino/pino.js', 'node_modules/pg/lib/index.js', 'node_modules/fastify-type-provider-zod/dist/esm/index.js', 'node_modules/rate-limiter-flexible/index.js']) {
      expect(isPackaged(config, file), file).toBe(false);
    }
    // The store's sync client and protocol stay in.
    for (const file of ['build/edge-sync/client/uploader.js', 'build/edge-sync/protocol/wire.js']) expect(isPackaged(config, file), file).toBe(true);
  });

  it('packages every model of the manifest (and its licence) unpacked from the asar', async () => {
    const config = await loadConfig();
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'native-models/manifest.json'), 'utf8')) as { models: Record<string, { file: string }> };
    const files = ['native-models/manifest.json', ...Object.values(manifest.models).map((m) => `native-models/${m.file}`)];
    for (const f of walk(path.join(root, 'native-models'))) if (/LICENSE/.test(f)) files.push(f);
    expect(files.length).toBeGreaterThan(4);
    for (const file of files) {
      expect(fs.existsSync(path.join(root, file)), `${file} exists in the repo`).toBe(true);
      expect(isPackaged(config, file), file).toBe(true);
      expect(isUnpacked(config, file), file).toBe(true);
    }
  });

  it('unpacks every native binary of the native dependencies, which are production dependencies', async () => {
    const config = await loadConfig();
    for (const dep of ['better-sqlite3', 'onnxruntime-node', 'sharp', 'serialport', 'node-hid']) {
      expect(pkg.dependencies[dep], `${dep} must be a dependency to be packaged`).toBeDefined();
    }
    const nativeRoots = ['better-sqlite3', 'onnxruntime-node', 'sharp', '@img', 'serialport', '@serialport', 'node-hid'].map((d) => path.join(root, 'node_modules', d)).filter((d) => fs.existsSync(d));
    const binaries = nativeRoots.flatMap((d) => walk(d)).filter((f) => f.endsWith('.node'));
    expect(binaries.some((f) => f.startsWith('node_modules/better-sqlite3/'))).toBe(true);
    expect(binaries.some((f) => f.startsWith('node_modules/onnxruntime-node/'))).toBe(true);
    for (const file of binaries) expect(isUnpacked(config, file), file).toBe(true);
    // onnxruntime's shared libraries next to its binding must be unpacked too, or the binding cannot load them.
    const ortLibs = walk(path.join(root, 'node_modules/onnxruntime-node/bin')).filter((f) => /\.(so(\.\d+)*|dll|dylib)$/.test(f));
    expect(ortLibs.length).toBeGreaterThan(0);
    for (const file of ortLibs) expect(isUnpacked(config, file), file).toBe(true);
  });

  it('after `npm run build`, the built files the globs name are really there', () => {
    const built = path.join(root, 'build', 'electron');
    // `npm test` and CI build before the unit run; a developer's bare `vitest run` may not have built.
    if (!fs.existsSync(built)) {
      expect(isCi(), 'CI builds before the unit run: build/electron must exist').toBe(false);
      return;
    }
    for (const file of [pkg.main, compiled('electron/services/kiosk-worker.ts'), compiled('electron/db/migrations/index.ts')]) {
      expect(fs.existsSync(path.join(root, file)), file).toBe(true);
    }
  });
});
