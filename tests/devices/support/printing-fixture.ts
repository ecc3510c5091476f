import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { printerConfigSchema, type PrinterConfig } from '../../../electron/contract/devices.js';
import { systemClock, type Clock } from '../../../electron/core/clock.js';
import { EventBus } from '../../../electron/core/event-bus.js';
import { createMemoryLogger } from '../../../electron/core/logger.js';
import { openDatabase, type Db } from '../../../electron/db/connection.js';
import { PrintingService, type PrintingServiceOptions } from '../../../electron/services/printing/printing-service.js';
import type { CheckInTicketData, PurchaseReceiptData } from '../../../electron/services/printing/layouts/layout-types.js';

/** A temp store database file, reopened by "restarts" the way the app reopens it. */
export class TempStore {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-print-'));
  readonly file = path.join(this.dir, 'store.sqlite');
  private readonly open: Db[] = [];

  db(): Db {
    const db = openDatabase(this.file);
    this.open.push(db);
    return db;
  }

  cleanup(): void {
    for (const db of this.open) if (db.open) db.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export function printerConfig(patch: Partial<PrinterConfig>): PrinterConfig {
  return printerConfigSchema.parse({ timeoutMs: 1000, retryIntervalMs: 25, statusIntervalMs: 50, ...patch });
}

export function makeService(db: Db, printer: PrinterConfig, extra: Partial<PrintingServiceOptions> & { clock?: Clock } = {}) {
  const events = new EventBus();
  const log = createMemoryLogger('info');
  const service = new PrintingService({
    db,
    log,
    events,
    clock: extra.clock ?? systemClock,
    printer,
    store: { name: '示例门店', timeZone: 'Asia/Shanghai', locale: 'zh-CN' },
    ...extra,
  });
  return { service, events, log };
}

export { until } from '../../support/until.js';

export function ticket(patch: Partial<CheckInTicketData> = {}): CheckInTicketData {
  return {
    storeName: '示例门店',
    timeZone: 'Asia/Shanghai',
    locale: 'zh-CN',
    queueNumber: 'A012',
    memberName: '王小明',
    tierName: '金卡',
    pointsEarned: 20,
    pointsBalance: 1520,
    streakDays: 3,
    isStreakBonus: true,
    checkedInAt: '2026-11-22T07:30:00.000Z',
    ...patch,
  };
}

export function receipt(patch: Partial<PurchaseReceiptData> = {}): PurchaseReceiptData {
  return {
    storeName: '示例门店',
    timeZone: 'Asia/Shanghai',
    locale: 'zh-CN',
    receiptNo: 'R20261122-0007',
    items: [
      { name: '冰美式', quantity: 2, amountFen: 3000 },
      { name: '提拉米苏蛋糕', quantity: 1, amountFen: 2850 },
    ],
    subtotalFen: 5850,
    discountFen: 500,
    totalFen: 5350,
    memberName: '王小明',
    phone: '13812345678',
    pointsEarned: 107,
    pointsBalance: 1627,
    memberQr: 'MK1.m-0001.t5abcd.c2lnbmF0dXJlLXRlc3Q',
    purchasedAt: '2026-11-22T07:31:00.000Z',
    cashierName: '李娜',
    ...patch,
  };
}
