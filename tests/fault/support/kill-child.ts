/**
 * The store process of the SIGKILL test: writes check-ins (state row + outbox row in one
 * transaction, as the check-in service does) as fast as it can while the uploader drains to HQ,
 * until the parent kills it with SIGKILL at a random moment.
 *
 * Protocol on stdout, one line each: `READY`, `W <id>` before a transaction, `C <id>` after commit.
 * argv: <dataDir> <hqUrl> <memberPrefix> <seed> (the parent's seeded generator picks the seed of
 * this process's burst sizes and pauses, so a run can be replayed with KIOSK_TEST_SEED).
 */
import path from 'node:path';
import { openDatabase } from '../../../electron/db/connection.js';
import { appendOutboxEvent } from '../../../edge-sync/client/outbox-append.js';
import { OutboxStore } from '../../../edge-sync/client/outbox-store.js';
import { HqClient } from '../../../edge-sync/client/hq-client.js';
import { Uploader } from '../../../edge-sync/client/uploader.js';
import { fileCredentialSource } from '../../../edge-sync/client/credentials-file.js';
import { randomUUID } from 'node:crypto';
import { seededRandom } from '../../support/seeded-random.js';

const [dataDir, hqUrl, prefix, seed] = process.argv.slice(2) as [string, string, string, string];
const random = seededRandom(Number(seed));
const db = openDatabase(path.join(dataDir, 'store.sqlite'));
db.exec('CREATE TABLE IF NOT EXISTS test_checkins (event_id TEXT PRIMARY KEY, member_id TEXT NOT NULL) STRICT');
const store = new OutboxStore(db);
const creds = fileCredentialSource(dataDir);
const client = new HqClient({ baseUrl: hqUrl, credentials: () => creds.get(), timeoutMs: 5_000, onUnauthorized: () => creds.refresh() });
const uploader = new Uploader({
  store,
  client,
  identity: () => {
    const c = creds.get();
    return c ? { storeId: c.storeId, deviceId: c.deviceId } : null;
  },
  now: () => new Date(),
  batchSize: 25,
  backoff: { baseMs: 5, maxMs: 50 },
  idlePollMs: 5,
  random: () => random.next(),
});
uploader.start();

const out = (line: string) => process.stdout.write(`${line}\n`);
const insertState = db.prepare('INSERT INTO test_checkins (event_id, member_id) VALUES (?, ?)');
let n = 0;
out('READY');

function writeOne(): void {
  const memberId = `${prefix}${n % 13}`;
  const eventId = randomUUID();
  const at = new Date();
  out(`W ${eventId}`);
  db.transaction(() => {
    insertState.run(eventId, memberId);
    appendOutboxEvent(
      db,
      'checkin.recorded',
      { checkinId: `ci-${eventId.slice(0, 8)}`, memberId, method: 'qr', at: at.toISOString(), localDate: at.toISOString().slice(0, 10), streakDays: 0, pointsAwarded: 1 },
      { memberId, occurredAt: at, eventId },
    );
  })();
  out(`C ${eventId}`);
  n++;
  uploader.notify();
}

// Bursts of writes interleaved with the uploader's HTTP round trips.
function loop(): void {
  const burst = random.int(1, 4);
  for (let i = 0; i < burst; i++) writeOne();
  setTimeout(loop, random.int(0, 3));
}
loop();
