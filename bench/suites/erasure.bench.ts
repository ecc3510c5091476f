/**
 * Erasure figures (crypto-shredding):
 *   erasure_100k_ms_p50 / p95   one member erased among 100,000 members who all have a face template
 *                               and their own wrapped key: key shredded in the vault, templates and
 *                               probes deleted (secure_delete), personal fields cleared, receipt, HQ
 *                               event, audit, erasure log, WAL checkpoint — synchronous=FULL as the app runs
 *   checkin_tx_secure_delete_ms_p50  a check-in transaction on the same store (secure_delete on)
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { percentile, report, round, timeRuns } from '../bench-stats.js';
import { fixedClock } from '../../electron/core/clock.js';
import { defaultConfig } from '../../electron/core/config.js';
import { createLogger } from '../../electron/core/logger.js';
import { openDatabase } from '../../electron/db/connection.js';
import { checkinByPhone } from '../../electron/services/checkin/checkin-service.js';
import { eraseMember } from '../../electron/services/consent/consent-service.js';
import { faceConfigSchema } from '../../electron/contract/face-config.js';
import { FaceModelState } from '../../electron/services/face/face-model-state.js';
import { FaceTemplateStore } from '../../electron/services/face/face-template-store.js';
import { logErasure, openFaceVault } from '../../electron/services/face/face-vault.js';
import { GalleryIndex } from '../../electron/services/face/gallery-index.js';
import { MemberKeyring } from '../../electron/services/face/member-keyring.js';
import { EMBEDDING_DIM } from '../../electron/services/face/mobilefacenet-embedder.js';
import { staticKeyProvider } from '../../electron/services/face/template-crypto.js';
import { insertMember } from '../../electron/services/members/member-repository.js';
import { createMembershipEnv } from '../../electron/services/membership-kernel/membership-env.js';

const MEMBERS = 100_000;
const ERASURES = 200;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-erasure-'));
const log = createLogger({ level: 'error', sink: () => {} });
const figures: Record<string, number> = {};
const phoneOf = (i: number) => `13${String((i * 7919) % 1_000_000_000).padStart(9, '0')}`;

function randomUnitVector(): Float32Array {
  const v = new Float32Array(EMBEDDING_DIM);
  let norm = 0;
  for (let i = 0; i < v.length; i++) {
    v[i] = Math.random() - 0.5;
    norm += v[i]! * v[i]!;
  }
  for (let i = 0; i < v.length; i++) v[i]! /= Math.sqrt(norm);
  return v;
}

try {
  const db = openDatabase(path.join(dir, 'store.sqlite'));
  const vault = openFaceVault(path.join(dir, 'keys', 'face-vault.sqlite'));
  const clock = fixedClock('2026-11-18T02:00:00Z');
  const models = new FaceModelState();
  models.version = 'bench-model';
  const keyring = new MemberKeyring(vault, staticKeyProvider(randomBytes(32)));
  const store = new FaceTemplateStore({
    db,
    index: new GalleryIndex(),
    keyProvider: staticKeyProvider(randomBytes(32)),
    keyring,
    models,
    config: faceConfigSchema.parse({}),
    log,
    nowIso: () => clock.now().toISOString(),
    now: () => clock.now().getTime(),
  });
  const env = createMembershipEnv(
    { db, config: defaultConfig(), clock, log },
    { eraseFaceData: (memberId) => store.deleteMember(memberId).templates, recordErasure: (memberId, at) => logErasure(vault, memberId, at) },
  );

  let t = Date.now();
  const vaultTx = vault.transaction((fn: () => void) => fn());
  vaultTx(() =>
    db.transaction(() => {
      for (let i = 0; i < MEMBERS; i++) {
        insertMember(db, { id: `m${i}`, memberCode: `M${String(i).padStart(8, '0')}`, name: `会员${i}`, phone: phoneOf(i), birthday: null, preferences: {}, allergies: '', notes: '', tags: [], tier: 'basic', referredBy: null, at: '2025-01-01T00:00:00.000Z' });
        store.addTemplates(`m${i}`, [{ vector: randomUnitVector(), quality: 0.9 }], 'photo');
      }
    })(),
  );
  process.stderr.write(`erasure: ${MEMBERS} members with a sealed template and their own key in ${Date.now() - t} ms\n`);

  let n = 0;
  const erased = new Set<number>();
  const erasures = await timeRuns(() => {
    const i = (n++ * 487) % MEMBERS;
    erased.add(i);
    return eraseMember(env, { opId: `bench-erase-${i}`, memberId: `m${i}`, reason: 'bench' }, null);
  }, ERASURES, 5);
  figures.erasure_100k_ms_p50 = round(percentile(erasures, 50), 3);
  figures.erasure_100k_ms_p95 = round(percentile(erasures, 95), 3);

  // Members never erased above (an erased member has no phone any more).
  const present = Array.from({ length: 600 }, (_, k) => 50_001 + k * 13).filter((i) => !erased.has(i));
  let c = 0;
  const checkins = await timeRuns(() => checkinByPhone(env, { opId: `bench-checkin-${c}`, phone: phoneOf(present[c++ % present.length]!) }), 500, 20);
  figures.checkin_tx_secure_delete_ms_p50 = round(percentile(checkins, 50), 4);
  figures.erasure_bench_loadavg1 = round(os.loadavg()[0] ?? 0, 2);
  vault.close();
  db.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
report(figures);
