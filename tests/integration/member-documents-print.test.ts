/**
 * Issue 14: staff print a member card (masked name + long-lived card code as QR) and an erased
 * member's erasure receipt, through the composition root to a (fake, TCP) ESC/POS printer whose
 * received bytes are decoded back. Both prints are audited; the erasure receipt shows no column names.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../electron/core/logger.js';
import { startServices, type RunningServices } from '../../electron/services/start-services.js';
import { FakeTcpPrinter } from '../devices/fakes/fake-tcp-printer.js';
import { until } from '../devices/support/printing-fixture.js';
import { inProcessClient } from '../contract/in-process-client.js';
import { signInAs } from '../support/staff-sign-in.js';

describe('printing member documents', () => {
  let services: RunningServices;
  let printer: FakeTcpPrinter;
  let dataDir: string;
  const till = () => inProcessClient(services, 'cashier-screen');
  const memberId = (phone: string) => (services.db.prepare('SELECT id FROM members WHERE phone = ?').get(phone) as { id: string }).id;
  const auditRows = (action: string, member: string) =>
    services.db.prepare('SELECT detail FROM audit_log WHERE action = ? AND member_id = ?').all(action, member) as { detail: string }[];

  beforeAll(async () => {
    printer = new FakeTcpPrinter();
    await printer.start();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-member-docs-'));
    services = await startServices({
      dataDir,
      transport: 'in-process',
      demo: true,
      log: createMemoryLogger('warn'),
      validateResults: true,
      configOverrides: { devices: { printer: { transport: 'tcp', host: '127.0.0.1', port: printer.port, timeoutMs: 1500, retryIntervalMs: 25, statusIntervalMs: 100 } } },
    });
  });
  afterAll(async () => {
    await services.close();
    await printer.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints a member card with the masked name and a card code that checks the member in; revoking makes the printed code invalid', async () => {
    const cashier = till();
    const wang = memberId('13800138001');
    expect(await cashier.invoke('receipts.printMemberCard', { memberId: wang })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(await signInAs(cashier.invoke.bind(cashier), 'cashier', '0000')).toMatchObject({ ok: true });
    const printed = await cashier.invoke('receipts.printMemberCard', { memberId: wang });
    expect(printed.ok).toBe(true);
    if (!printed.ok) return;
    expect(printed.value.job.kind).toBe('member-card');
    await until(() => services.devices.printing.getJob(printed.value.job.id)?.state === 'printed', 'card printed');
    const card = printer.device.receipts().at(-1)!;
    const text = card.lines.join('\n');
    expect(text).toContain('王*');
    expect(text).not.toContain('王芳');
    expect(text).not.toMatch(/138\d*8001|138\*{4}8001/);
    expect(card.qrPayloads).toHaveLength(1);
    const code = card.qrPayloads[0]!;
    expect(code.startsWith('MC1.')).toBe(true);
    expect(services.membershipApi.verifyMemberCode(code)).toBe(wang);
    expect(auditRows('member.card_printed', wang)).toHaveLength(1);
    expect(JSON.parse(auditRows('member.card_printed', wang)[0]!.detail)).toEqual({ jobId: printed.value.job.id });

    const revoked = await cashier.invoke('members.revokeCardCode', { memberId: wang });
    expect(revoked.ok).toBe(true);
    expect(() => services.membershipApi.verifyMemberCode(code)).toThrow();
  });

  it('prints the erasure receipt of an erased member in words, once per erasure, audited', async () => {
    const manager = till();
    expect(await signInAs(manager.invoke.bind(manager), 'manager', '1234')).toMatchObject({ ok: true });
    const zhang = memberId('13800138003');
    expect(await manager.invoke('receipts.printErasureReceipt', { memberId: zhang })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const erased = await manager.invoke('members.erase', { opId: 'erase-zhang', memberId: zhang, reason: '本人申请' });
    expect(erased.ok).toBe(true);
    if (!erased.ok) return;
    const printed = await manager.invoke('receipts.printErasureReceipt', { memberId: zhang });
    expect(printed.ok).toBe(true);
    if (!printed.ok) return;
    expect(printed.value.job.kind).toBe('erasure-receipt');
    await until(() => services.devices.printing.getJob(printed.value.job.id)?.state === 'printed', 'erasure receipt printed');
    const text = printer.device.receipts().at(-1)!.lines.join('\n');
    expect(text).toContain(erased.value.receiptCode);
    expect(text).toContain('- 姓名');
    expect(text).toContain('- 回访记录');
    expect(text).toContain('- 人脸特征');
    expect(text).not.toMatch(/followup_notes|face_templates|stored_results|张伟/);
    // A second press queues no second original (copies go through printing.reprint, marked 补打).
    const again = await manager.invoke('receipts.printErasureReceipt', { memberId: zhang });
    expect(again).toMatchObject({ ok: true, value: { job: { id: printed.value.job.id } } });
    expect(auditRows('member.erasure_receipt_printed', zhang).length).toBeGreaterThanOrEqual(1);
  });
});
