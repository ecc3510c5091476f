/**
 * The doctor's real checks on one data folder, run in a process of its own so the permission test
 * can run it as an unprivileged user (root ignores file permissions). Prints the 'data-dir' check
 * as one JSON line. argv: <dataDir>
 */
import { defaultConfig } from '../../../electron/core/config.js';
import { runDoctor } from '../../../electron/services/ops/doctor.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: data-dir-probe <dataDir>');
const report = await runDoctor({
  dataDir,
  config: defaultConfig(),
  appVersion: 'probe',
  // No database, models or camera here: only the data folder (and its disk) is looked at.
  db: null,
  dbError: 'not opened by the probe',
  modelsDir: dataDir,
  now: () => new Date(),
  camera: 'cli',
});
process.stdout.write(`${JSON.stringify(report.checks.find((c) => c.id === 'data-dir') ?? null)}\n`);
