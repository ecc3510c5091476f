/**
 * The PAD harness from the command line: `npx tsx scripts/pad/pad-eval.ts`. Prints APCER per
 * attack type (staged and SIMULATED attacks apart) and BPCER, at the configured liveness
 * threshold, as a table on stderr and one JSON object on the last line of stdout.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultFaceConfig } from '../../electron/contract/face-config.js';
import { FacePipeline } from '../../electron/services/face/face-pipeline.js';
import { formatPadReport, runPadEval } from '../../electron/services/face/pad-eval-runner.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const config = defaultFaceConfig();
const pipeline = await FacePipeline.load(path.join(root, 'native-models'), { threads: 1 });
try {
  const report = await runPadEval(path.join(root, 'tests/fixtures/faces'), path.join(root, 'tests/fixtures/pad'), pipeline, config);
  process.stderr.write(`${formatPadReport(report)}\n`);
  console.log(JSON.stringify({ threshold: report.threshold, byOrigin: report.byOrigin, byDetail: report.byDetail }));
} finally {
  await pipeline.dispose();
}
