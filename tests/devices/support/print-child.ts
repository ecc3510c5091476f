/**
 * A kiosk process that prints one receipt and is killed (SIGKILL) by the test right after the bytes
 * went out and before it could record "printed": the crash window of the exactly-once design.
 * Usage: tsx print-child.ts <db file> <printer port>
 */
import { openDatabase } from '../../../electron/db/connection.js';
import { makeService, printerConfig, receipt } from './printing-fixture.js';

const [dbFile, port] = process.argv.slice(2) as [string, string];
const db = openDatabase(dbFile);
const { service } = makeService(db, printerConfig({ transport: 'tcp', host: '127.0.0.1', port: Number(port) }), {
  afterWrite: async () => {
    process.stdout.write('WRITTEN\n');
    await new Promise(() => undefined); // frozen here until killed
  },
});
service.start();
const job = service.enqueuePurchaseReceipt(receipt({ sourceRef: 'purchase-crash-1' }));
process.stdout.write(`QUEUED ${job.id}\n`);
