import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/db/connection.js';
import { OutboxStore } from '../../edge-sync/client/outbox-store.js';
import { HqClient } from '../../edge-sync/client/hq-client.js';
import { Uploader } from '../../edge-sync/client/uploader.js';
import { fileCredentialSource } from '../../edge-sync/client/credentials-file.js';
import { provisionDevice } from '../../edge-sync/client/provisioning.js';
import { testRandom, type SeededRandom } from '../support/seeded-random.js';
import { until } from '../support/until.js';
import { startTestHq, type TestHq } from './support/hq-fixture.js';
import { assertPerMemberOrder } from './support/store-fixture.js';
import { runAndKill } from './support/run-and-kill.js';

const KILLS = Number(process.env['SYNC_FAULT_KILLS'] ?? 200);
const here = path.dirname(fileURLToPath(import.meta.url));
/** One run of the store process may take this long to reach its kill point before the test fails. */
const RUN_LIMIT_MS = 30_000;

/**
 * Where a run is killed, chosen by the seeded generator. Moments are conditions the store process
 * reports (or HQ shows), plus a short seeded delay, so a busy machine shifts them in time but cannot
 * make the test miss them:
 *   early          right after start-up (the uploader's first request, a first transaction)
 *   after-commits  once the process has committed k check-ins (k from the generator), in a burst
 *   during-upload  once an upload of this run has reached HQ, while the next ones are in flight
 */
type KillPlan = { mode: 'early'; delayMs: number } | { mode: 'after-commits'; commits: number; delayMs: number } | { mode: 'during-upload'; delayMs: number };

function planKill(random: SeededRandom): KillPlan {
  const r = random.next();
  if (r < 0.2) return { mode: 'early', delayMs: random.int(0, 5) };
  if (r < 0.55) return { mode: 'after-commits', commits: random.int(1, 40), delayMs: random.int(0, 10) };
  return { mode: 'during-upload', delayMs: random.int(0, 15) };
}

/**
 * The store process is killed with SIGKILL at seeded moments while it writes check-ins and uploads
 * them, KILLS times. Afterwards HQ must hold exactly one copy of every committed event (the test's
 * state table, written in the same transaction, is the truth) and none of any uncommitted one.
 */
describe(`store killed with SIGKILL ${KILLS} times during check-ins and uploads`, () => {
  let hq: TestHq;
  let work: string;
  let childJs: string;

  beforeAll(async () => {
    hq = await startTestHq();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-sigkill-'));
    // One bundle, so each of the hundreds of restarts costs a plain node start, not a TypeScript compile.
    childJs = path.join(work, 'kill-child.mjs');
    await build({
      entryPoints: [path.join(here, 'support', 'kill-child.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      outfile: childJs,
      external: ['better-sqlite3', 'pg'],
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      logLevel: 'silent',
    });
    // Resolve the native modules from the project, not from the temp dir.
    fs.symlinkSync(path.resolve(here, '..', '..', 'node_modules'), path.join(work, 'node_modules'), 'dir');
  });
  afterAll(async () => {
    await hq?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('HQ holds exactly one copy of every committed event and none of an uncommitted one', async () => {
    const dataDir = path.join(work, 'store');
    fs.mkdirSync(dataDir);
    const { token } = await hq.repo.createProvisioningToken({ storeId: 'store-k', chainId: 'chain-1', now: new Date(), ttlMs: 3_600_000 });
    await provisionDevice({ dataDir, hqUrl: hq.hq.url, storeId: 'store-k', token, deviceName: 'counter-k', appVersion: 'test' });

    const random = testRandom(`sigkill-store (${KILLS} kills)`);
    const written = new Set<string>();
    const committedSeen = new Set<string>();
    let killedDuringUpload = 0;
    for (let i = 0; i < KILLS; i++) {
      const before = await hq.repo.countEvents();
      const plan = planKill(random);
      const where = `run ${i + 1}/${KILLS} (${JSON.stringify(plan)}, KIOSK_TEST_SEED=${random.seed})`;
      let commits = 0;
      await runAndKill(
        childJs,
        [dataDir, hq.hq.url, 'm', String(random.fork())],
        (line) => {
          const [tag, id] = line.split(' ');
          if (tag === 'W' && id) written.add(id);
          if (tag === 'C' && id) {
            committedSeen.add(id);
            commits++;
          }
        },
        async () => {
          if (plan.mode === 'after-commits') await until(() => commits >= plan.commits, `${where}: ${plan.commits} commits`, RUN_LIMIT_MS, 2);
          if (plan.mode === 'during-upload') await until(async () => (await hq.repo.countEvents()) > before, `${where}: an upload reaching HQ`, RUN_LIMIT_MS, 5);
          if (plan.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, plan.delayMs));
        },
        where,
        RUN_LIMIT_MS,
      );
      if ((await hq.repo.countEvents()) > before) killedDuringUpload++;
    }

    // A last, clean run of the uploader delivers what the killed processes left behind.
    const db = openDatabase(path.join(dataDir, 'store.sqlite'));
    try {
      const creds = fileCredentialSource(dataDir);
      const uploader = new Uploader({
        store: new OutboxStore(db),
        client: new HqClient({ baseUrl: hq.hq.url, credentials: () => creds.get() }),
        identity: () => ({ storeId: 'store-k', deviceId: creds.get()?.deviceId ?? '' }),
        now: () => new Date(),
        batchSize: 200,
      });
      expect(await uploader.drain()).toBe('nothing');
      expect(new OutboxStore(db).counts()).toMatchObject({ pending: 0, parked: 0 });

      const committed = new Set((db.prepare('SELECT event_id FROM test_checkins').all() as Array<{ event_id: string }>).map((r) => r.event_id));
      const atHq = await hq.repo.listEvents({ storeId: 'store-k' });
      const hqIds = atHq.map((e) => e.eventId);

      expect(committed.size).toBeGreaterThan(KILLS);
      // Durability: every commit the process reported survived its kill.
      for (const id of committedSeen) expect(committed.has(id)).toBe(true);
      // Exactly once: no duplicates at HQ, and HQ's set equals the committed set.
      expect(new Set(hqIds).size).toBe(hqIds.length);
      expect(hqIds.filter((id) => !committed.has(id))).toEqual([]);
      expect([...committed].filter((id) => !hqIds.includes(id))).toEqual([]);
      // Nothing uncommitted: ids whose transaction was started but never committed are not at HQ.
      const uncommitted = [...written].filter((id) => !committed.has(id));
      expect(uncommitted.filter((id) => hqIds.includes(id))).toEqual([]);
      expect(assertPerMemberOrder(atHq)).toEqual([]);
      // The kills did land during uploads, not only between them.
      expect(killedDuringUpload).toBeGreaterThan(KILLS / 10);
      console.info(`[sigkill] ${KILLS} kills on ${hq.dialect} (KIOSK_TEST_SEED=${random.seed}): ${committed.size} committed, ${uncommitted.length} killed mid-transaction, ${killedDuringUpload} runs uploaded before the kill`);
    } finally {
      db.close();
    }
  }, 360_000);
});
