import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listHqAudit, recordHqAudit } from '../../edge-sync/hq/audit/hq-audit.js';
import { openHqEngines } from '../support/hq-engines.js';

const at = new Date('2026-05-04T09:00:00.000Z');

const openEngines = () => openHqEngines('mk-hq-audit-');

let engines: Awaited<ReturnType<typeof openEngines>> = [];
beforeAll(async () => {
  engines = await openEngines();
});
afterAll(async () => {
  for (const e of engines) await e.close();
});

describe('HQ audit log (issue 13)', () => {
  it('keeps entries per chain, newest first, and refuses every UPDATE and DELETE on both engines', async () => {
    for (const { name, db } of engines) {
      await recordHqAudit(db, { chainId: 'chain-a', staffId: 'staff-1', action: 'member.viewed', subjectType: 'member', subjectId: 'm-1', storeId: 'store-a', detail: { page: 'ledger' } }, at);
      await recordHqAudit(db, { chainId: 'chain-a', staffId: 'staff-1', action: 'rules.published', subjectType: 'rules', subjectId: '7' }, new Date(at.getTime() + 1000));
      await recordHqAudit(db, { chainId: 'chain-b', staffId: 'staff-9', action: 'member.viewed', subjectType: 'member', subjectId: 'm-2' }, at);

      const page = await listHqAudit(db, { chainId: 'chain-a', limit: 10 });
      expect(page.map((e) => e.action), name).toEqual(['rules.published', 'member.viewed']);
      expect(page[1], name).toMatchObject({ staffId: 'staff-1', subjectType: 'member', subjectId: 'm-1', storeId: 'store-a', detail: { page: 'ledger' }, at: at.toISOString() });
      expect((await listHqAudit(db, { chainId: 'chain-a', limit: 10, action: 'member.viewed' })).length, name).toBe(1);
      expect((await listHqAudit(db, { chainId: 'chain-a', limit: 10, before: page[0]!.auditId })).map((e) => e.action), name).toEqual(['member.viewed']);

      await expect(db.query("UPDATE hq_audit_log SET action = 'nothing'"), name).rejects.toThrow(/append-only/);
      await expect(db.query('DELETE FROM hq_audit_log'), name).rejects.toThrow(/append-only/);
      if (db.dialect === 'postgres') await expect(db.query('TRUNCATE hq_audit_log'), name).rejects.toThrow(/append-only/);
      expect((await db.query('SELECT COUNT(*) AS n FROM hq_audit_log'))[0]!.n, name).toBe(3);
    }
  });
});
