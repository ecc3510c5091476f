import type { HqDb } from '../../edge-sync/hq/db/hq-db.js';
import type { WireEvent } from '../../edge-sync/protocol/wire.js';

/**
 * The dashboard rollups' figures of the sync suite (sync.bench.ts): how fast the consumer
 * (edge-sync/hq/dashboard/rollup-queue.ts) catches up after an ingest burst, and how soon a batch
 * shows in the dashboards under steady uploads. Both read HQ's database directly.
 */

/** How many events' rollups are queued (not yet applied). */
async function queuedEvents(db: HqDb): Promise<number> {
  const rows = await db.query<{ n: number | null }>('SELECT sum(events) AS n FROM rollup_queue');
  return Number(rows[0]?.n ?? 0);
}

/** Right after the ingest burst: the events whose rollups are still queued, and the rate the consumer applies them. */
export async function rollupCatchUp(db: HqDb): Promise<{ backlog: number; rate: number }> {
  const backlog = await queuedEvents(db);
  const started = process.hrtime.bigint();
  for (let i = 0; (await queuedEvents(db)) > 0; i++) {
    if (i > 60_000) throw new Error('rollups: the queue did not empty within 10 minutes');
    await new Promise((r) => setTimeout(r, 10));
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { backlog, rate: backlog / seconds };
}

/**
 * One store uploading 20 check-ins every 100 ms for 5 s (store 'fresh' of chain 'bench'): per batch,
 * ack → counted in the store's day row of rollup_periods (polled every 5 ms), in ms.
 */
export async function dashboardFreshness(
  db: HqDb,
  upload: (events: WireEvent[]) => Promise<unknown>,
  checkinEvent: (memberId: string, seq: number, at: string) => WireEvent,
): Promise<number[]> {
  const at = new Date().toISOString();
  const seq = new Map<string, number>();
  const lags: number[] = [];
  let total = 0;
  for (let b = 0; b < 50; b++) {
    const tick = performance.now();
    const events = Array.from({ length: 20 }, (_, i) => {
      const m = `f-m${(b * 20 + i) % 300}`;
      const s = (seq.get(m) ?? 0) + 1;
      seq.set(m, s);
      return checkinEvent(m, s, at);
    });
    await upload(events);
    const acked = performance.now();
    total += events.length;
    for (;;) {
      const rows = await db.query<{ checkins: number }>("SELECT checkins FROM rollup_periods WHERE chain_id = 'bench' AND scope = 'fresh' AND grain = 'day' AND period = $1", [
        at.slice(0, 10),
      ]);
      if (Number(rows[0]?.checkins ?? 0) >= total) break;
      if (performance.now() - acked > 60_000) throw new Error('freshness: a batch was not counted within 60 s');
      await new Promise((r) => setTimeout(r, 5));
    }
    lags.push(performance.now() - acked);
    await new Promise((r) => setTimeout(r, Math.max(0, 100 - (performance.now() - tick))));
  }
  return lags;
}
