/**
 * `npm run lint:deps`: the layer rules of .dependency-cruiser.cjs, folder-level cycles and the
 * 400-line rule, over one cruise of the code. Prints every violation and exits 1 if there is any.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cruise, format, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { describeFolderCycle, findFolderCycles, type ModuleEdge } from './folder-cycles.js';
import { describeOversizedFile, findOversizedFiles, isSizeChecked } from './file-sizes.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CRUISED = ['electron', 'edge-sync', 'renderer/src', 'renderer/hq-console/src', 'renderer/shared', 'scripts', 'bench', 'tests'];

process.chdir(ROOT);
let failed = false;

const options = await extractDepcruiseOptions('./.dependency-cruiser.cjs');
const tsConfig = extractTSConfig('tsconfig.node.json');
const cruised = await cruise(CRUISED, { ...options, outputType: 'json' }, {}, { tsConfig });
const result = JSON.parse(String(cruised.output)) as ICruiseResult;

const rules = await format(result, { outputType: 'err-long' });
if (rules.exitCode !== 0) {
  failed = true;
  process.stdout.write(String(rules.output));
} else {
  console.log(`layer rules: ${result.summary.totalCruised} modules, ${result.summary.totalDependenciesCruised} imports, no violation`);
}

// Tests sit beside the code they test and may reach across folders for fixtures: the folder
// structure is about the code that ships and the tools around it.
const isTest = (p: string): boolean => /\.test\.tsx?$|^tests\/|-test-support\.ts$/.test(p);
const edges: ModuleEdge[] = result.modules
  .filter((m) => !m.source.startsWith('node_modules/') && !isTest(m.source))
  .flatMap((m) =>
    m.dependencies
      .filter((d) => !d.coreModule && !d.couldNotResolve && !d.resolved.startsWith('node_modules/'))
      .map((d) => ({ from: m.source, to: d.resolved })),
  );
const cycles = findFolderCycles(edges);
if (cycles.length > 0) {
  failed = true;
  for (const cycle of cycles) console.log(`\n  error ${describeFolderCycle(cycle)}`);
  console.log(`\n✘ ${cycles.length} folder cycle(s)`);
} else {
  console.log('folder cycles: none');
}

const tracked = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' }).split('\0').filter(isSizeChecked);
const oversized = findOversizedFiles(tracked.filter((f) => fs.existsSync(f)).map((f) => ({ path: f, text: fs.readFileSync(f, 'utf8') })));
if (oversized.length > 0) {
  failed = true;
  for (const file of oversized) console.log(`\n  error ${describeOversizedFile(file)}`);
  console.log(`\n✘ ${oversized.length} file(s) over the line limit without a reason`);
} else {
  console.log(`file sizes: ${tracked.length} files, none over the limit without a reason`);
}

process.exit(failed ? 1 : 0);
