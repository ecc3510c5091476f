import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project root, both from sources (electron/core/…) and from the build (build/electron/core/…),
 * and inside a packaged app (resources/app.asar/…). Found by walking up to our package.json.
 */
export function appRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        if ((JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'member-kiosk') return dir;
      } catch {
        // not ours; keep walking
      }
    }
    dir = path.dirname(dir);
  }
  throw new Error('Cannot locate the Member Kiosk installation (package.json not found above electron/core)');
}

/** Files electron-builder unpacks from the asar (models, native modules) live beside it. */
export function unpackedPath(...segments: string[]): string {
  return path.join(appRoot().replace(/app\.asar$/, 'app.asar.unpacked'), ...segments);
}

export function appVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(appRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** The built renderer (Vite output). */
export function rendererDistDir(): string {
  return path.join(appRoot(), 'build', 'renderer');
}

/**
 * Entry of a worker: the compiled .js in a build, the .ts when running from sources. Entries are
 * composition roots (they put domains into the worker), so they live in electron/services/.
 */
export function workerEntry(name: string): URL {
  const here = fileURLToPath(import.meta.url);
  const ext = here.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`../services/${name}${ext}`, import.meta.url);
}
