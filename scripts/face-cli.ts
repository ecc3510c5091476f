/**
 * `npm run face -- <command>`: the face engine from the command line, for store IT and for
 * measuring accuracy.
 *
 *   enrol <memberId> <image…> [--data-dir D]   staff import: consent recorded as "staff import"
 *   identify <image> [--data-dir D]            one photo against the store's gallery
 *   eval <dir>                                 LFW-style <dir>/pairs.txt + <dir>/lfw-deepfunneled/
 *   eval --open-set <dir>                      open-set 1:N protocol (rank-1, FNIR, FPIR, FNIR@FPIR)
 *   calibrate <dir> [--target-fpir F] [--data-dir D] [--ship]
 *                                              1:N thresholds per gallery size from impostor scores;
 *                                              --data-dir writes them to that store's config.json,
 *                                              --ship regenerates the shipped defaults (dev set only)
 *
 * Each command prints one JSON object as its last line. Runs the pipeline in this process (a CLI
 * has no UI thread to protect). Never prints templates or images.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../electron/contract/result.js';
import { defaultConfig, loadConfig } from '../electron/core/config.js';
import { defaultDataDir, ensureDataDir } from '../electron/core/data-dir.js';
import { createLogger } from '../electron/core/logger.js';
import { systemClock } from '../electron/core/clock.js';
import { openDatabase } from '../electron/db/connection.js';
import { createInProcessEngine } from '../electron/services/face/face-engine.js';
import { createFaceService } from '../electron/services/face/face-service.js';
import { fileKeyProvider } from '../electron/services/face/file-key-provider.js';
import { DEFAULT_KEY_FILE } from '../electron/services/face/face-runtime.js';
import { runVerificationEval } from '../electron/services/face/pairs-eval-runner.js';
import { createMembershipEnv } from '../electron/services/membership-kernel/membership-env.js';
import { grantConsent, hasFaceConsent } from '../electron/services/consent/consent-service.js';
import type { FaceConfig } from '../electron/contract/face-config.js';
import { calibrateCommand, openSetEvalCommand } from './face-cli-calibration.js';

const DB_FILE_NAME = 'store.sqlite';

interface CliArgs {
  positional: string[];
  dataDir: string | null;
  openSet: boolean;
  ship: boolean;
  targetFpir: number | null;
}

function parseArgs(argv: string[]): CliArgs {
  const out: CliArgs = { positional: [], dataDir: null, openSet: false, ship: false, targetFpir: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--data-dir') out.dataDir = argv[++i] ?? null;
    else if (a.startsWith('--data-dir=')) out.dataDir = a.slice('--data-dir='.length);
    else if (a === '--open-set') out.openSet = true;
    else if (a === '--ship') out.ship = true;
    else if (a === '--target-fpir' || a.startsWith('--target-fpir=')) {
      const raw = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      const v = Number(raw);
      if (!(v > 0 && v < 1)) throw new AppError('INVALID_ARGUMENT', `--target-fpir must be a number between 0 and 1, got ${raw ?? '(nothing)'}`);
      out.targetFpir = v;
    } else out.positional.push(a);
  }
  return out;
}

/** The product's configured face section: the store's config.json if there is one, else the defaults. */
function configuredFace(dataDir: string | null): FaceConfig {
  const configDir = dataDir ?? defaultDataDir();
  return fs.existsSync(configDir) ? loadConfig(configDir).face : defaultConfig().face;
}

function usage(): never {
  process.stderr.write(
    'usage: npm run face -- enrol <memberId> <image…> | identify <image> | eval [--open-set] <dir> | calibrate <dir> [--target-fpir F] [--ship]   [--data-dir D]\n',
  );
  process.exit(2);
}

async function withStore<T>(dataDirArg: string | null, fn: (face: ReturnType<typeof createFaceService>, consent: (memberId: string) => string) => Promise<T>): Promise<T> {
  const dataDir = ensureDataDir(dataDirArg ?? defaultDataDir());
  const config = loadConfig(dataDir);
  const log = createLogger({ level: 'warn' });
  const db = openDatabase(path.join(dataDir, DB_FILE_NAME));
  const engine = createInProcessEngine(config.face);
  const env = createMembershipEnv({ db, config, clock: systemClock, log });
  const consented = new Set<string>();
  // Staff import: consent is recorded as "staff import" on the member when the member exists; a
  // bare member id (no membership record yet) is enrolled on the operator's word, as the CLI says.
  const consent = (memberId: string): string => {
    if (hasFaceConsent(env, memberId)) return 'already recorded';
    try {
      // The operator importing for staff attests the member is 14 or older when no birthday is on file (issue 14, guardian rule).
      grantConsent(env, { opId: randomUUID(), memberId, kind: 'face', textVersion: 'staff-import', device: 'face-cli', adultAttested: true }, null);
      consented.add(memberId);
      return 'recorded as staff import';
    } catch (error) {
      if (error instanceof AppError && error.code === 'MEMBER_NOT_FOUND') {
        consented.add(memberId);
        return 'staff import (no membership record for this id)';
      }
      throw error;
    }
  };
  const face = createFaceService(
    { db, config: config.face, log, clock: systemClock },
    {
      engine,
      keyProvider: fileKeyProvider(config.face.keyFile ?? path.join(dataDir, DEFAULT_KEY_FILE)),
      hasFaceConsent: (id) => consented.has(id) || hasFaceConsent(env, id),
    },
  );
  try {
    await face.start();
    return await fn(face, consent);
  } finally {
    await face.close();
    db.close();
  }
}

async function main(): Promise<void> {
  const { positional, dataDir, openSet, ship, targetFpir } = parseArgs(process.argv.slice(2));
  const [command, ...rest] = positional;
  if (command === 'enrol' || command === 'enroll') {
    const [memberId, ...images] = rest;
    if (!memberId || images.length === 0) usage();
    const result = await withStore(dataDir, async (face, consent) => {
      const consentNote = consent(memberId);
      const bytes = images.map((f) => new Uint8Array(fs.readFileSync(f)));
      const r = await face.enrollFromPhotos(memberId, bytes, { source: 'cli' });
      return { ...r, consent: consentNote, skipped: r.skipped.map((s) => ({ file: images[s.index], code: s.code })) };
    });
    console.log(JSON.stringify(result));
  } else if (command === 'identify') {
    const [image] = rest;
    if (!image) usage();
    const result = await withStore(dataDir, async (face) => {
      const r = await face.identifyPhoto(new Uint8Array(fs.readFileSync(image)));
      return {
        status: r.status,
        match: r.match,
        reason: r.reason,
        threshold: r.threshold,
        faceCount: r.faceCount,
        candidates: r.candidates.slice(0, 3).map((c) => ({ memberId: c.memberId, score: Math.round(c.score * 1000) / 1000 })),
      };
    });
    console.log(JSON.stringify(result));
  } else if (command === 'calibrate') {
    const [dir] = rest;
    if (!dir) usage();
    console.log(JSON.stringify(await calibrateCommand(dir, configuredFace(dataDir), { targetFpir, dataDir, ship })));
  } else if (command === 'eval' && openSet) {
    const [dir] = rest;
    if (!dir) usage();
    console.log(JSON.stringify(await openSetEvalCommand(dir, configuredFace(dataDir))));
  } else if (command === 'eval') {
    const [dir] = rest;
    if (!dir) usage();
    const config = configuredFace(dataDir);
    const engine = createInProcessEngine(config);
    const started = Date.now();
    const report = await runVerificationEval(dir, await engine.pipeline(), config, (done, total) => process.stderr.write(`eval: ${done}/${total} images\n`));
    await engine.close();
    const round = (v: number) => Math.round(v * 10_000) / 10_000;
    console.log(
      JSON.stringify({
        accuracy: round(report.accuracy),
        accuracyAtConfiguredThreshold: round(report.accuracyAtConfiguredThreshold),
        configuredThreshold: report.configuredThreshold,
        tarAtFar1e3: round(report.tarAtFar1e3),
        thresholdAtFar1e3: round(report.thresholdAtFar1e3),
        detectorMisses: report.detectorMisses,
        images: report.images,
        pairs: report.pairs,
        foldAccuracies: report.foldAccuracies.map(round),
        cvThresholds: report.cvThresholds.map(round),
        seconds: Math.round((Date.now() - started) / 1000),
      }),
    );
  } else {
    usage();
  }
}

main().catch((error: unknown) => {
  const code = error instanceof AppError ? error.code : 'INTERNAL';
  console.log(JSON.stringify({ error: { code, message: (error as Error).message } }));
  process.exitCode = 1;
});
