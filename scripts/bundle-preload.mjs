/**
 * Bundles the Electron preload into build/preload/preload.cjs (CommonJS, one file).
 * A sandboxed preload cannot require() local files, so everything it uses must be inside.
 *
 * The contract's method and event names are computed here from the compiled contract
 * (build/electron/contract/index.js, written by `tsc -p tsconfig.build.json` just before) and
 * injected as a tiny module, so the preload carries two lists of strings instead of zod and
 * every schema. Without a compiled contract (e.g. in a test) the names must be passed in.
 *
 * Usage: node scripts/bundle-preload.mjs   (part of `npm run build:node`)
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * @param {{ methodNames: string[], eventNames: string[], outFile?: string, write?: boolean }} options
 * @returns {Promise<{ code: string, outFile: string }>}
 */
export async function bundlePreload(options) {
  const outFile = options.outFile ?? path.join(root, 'build', 'preload', 'preload.cjs');
  const namesModule = `export const methodNames = ${JSON.stringify(options.methodNames)};\nexport const eventNames = ${JSON.stringify(options.eventNames)};\n`;
  const result = await build({
    entryPoints: [path.join(root, 'electron', 'preload', 'preload.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'chrome130',
    external: ['electron'],
    outfile: outFile,
    write: options.write ?? true,
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [
      {
        name: 'contract-names',
        setup(b) {
          // The preload imports the contract only for its names: serve just the names.
          b.onResolve({ filter: /contract\/index\.js$/ }, () => ({ path: 'contract-names', namespace: 'contract-names' }));
          b.onLoad({ filter: /.*/, namespace: 'contract-names' }, () => ({ contents: namesModule, loader: 'js' }));
        },
      },
    ],
  });
  const code = result.outputFiles?.[0]?.text ?? '';
  return { code, outFile };
}

async function main() {
  const compiled = path.join(root, 'build', 'electron', 'contract', 'index.js');
  const contract = await import(pathToFileURL(compiled).href);
  const { outFile } = await bundlePreload({ methodNames: contract.methodNames, eventNames: contract.eventNames });
  console.log(`preload bundled: ${path.relative(root, outFile)} (${contract.methodNames.length} methods, ${contract.eventNames.length} events)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
