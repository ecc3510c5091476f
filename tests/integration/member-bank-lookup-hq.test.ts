import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handlers } from '../../electron/contract/handlers.js';
import { fixedClock } from '../../electron/core/clock.js';
import { defaultConfig } from '../../electron/core/config.js';
import { createDispatcher, type Dispatcher } from '../../electron/core/dispatcher.js';
import { createLogger } from '../../electron/core/logger.js';
import { serviceContextOf } from '../support/service-context.js';
import { createMembershipHandlers } from '../../electron/services/membership/membership-handlers.js';
import { memberBankDeviceRoutes } from '../../edge-sync/hq/members/bank-device-routes.js';
import { startTestHq, type TestHq } from '../fault/support/hq-fixture.js';
import { makeStore, type TestStore } from '../fault/support/store-fixture.js';

// Issue 13, item 5 end to end over a real HQ (PostgreSQL where reachable) and two store databases
// with their own provisioned devices: a member of store A is found at store B by phone, member
// number and A's own card code (announced by member.card_issued), checks in at B (a cross-store
// check-in HQ accepts), and a card A replaced stops finding them at B.

const clock = fixedClock('2026-03-04T02:00:00Z');
type Envelope = { ok: true; value: Record<string, unknown> } | { ok: false; error: { code: string } };

interface Store {
  store: TestStore;
  call(method: string, args: unknown, clientId?: string): Promise<Envelope>;
  ok(method: string, args: unknown, clientId?: string): Promise<Record<string, unknown>>;
  sync(): Promise<void>;
}

async function storeOn(hq: TestHq, storeId: string): Promise<Store> {
  const store = await makeStore({ repo: hq.repo, hqUrl: hq.hq.url, storeId });
  const log = createLogger({ level: 'error', sink: () => {} });
  const ctx = serviceContextOf({ db: store.db, config: defaultConfig(), clock, dir: store.dir }, { log });
  const d: Dispatcher = createDispatcher(createMembershipHandlers(ctx, { bankPort: () => store.client }) as unknown as Handlers, log, { validateResults: true });
  const call = async (method: string, args: unknown, clientId = 'counter') => (await d.invoke(method, args, { clientId, transport: 'in-process' })) as Envelope;
  const ok = async (method: string, args: unknown, clientId = 'counter') => {
    const r = await call(method, args, clientId);
    if (!r.ok) throw new Error(`${storeId} ${method}: ${r.error.code}`);
    return r.value;
  };
  await ok('staff.bootstrapManager', { name: '店长', pin: '1234' });
  const [manager] = (await ok('staff.roster', {})) as unknown as Array<{ staffId: string }>;
  await ok('staff.signIn', { staffId: manager?.staffId, pin: '1234' });
  return {
    store,
    call,
    ok,
    async sync() {
      for (let round = 0; round < 5 && store.store.counts().pending > 0; round++) await store.uploader.drain();
      expect(store.store.counts()).toMatchObject({ pending: 0, parked: 0 });
    },
  };
}

describe('a member of store A is found and served at store B (issue 13)', () => {
  let hq: TestHq;
  let a: Store;
  let b: Store;

  beforeAll(async () => {
    hq = await startTestHq({ deviceRoutes: [memberBankDeviceRoutes] });
    a = await storeOn(hq, 'store-a');
    b = await storeOn(hq, 'store-b');
  }, 60_000);
  afterAll(async () => {
    await a?.store.close();
    await b?.store.close();
    await hq?.close();
  });

  it('by phone, member number and A’s card code; checks in at B; a card A replaced stops working at B', async () => {
    const joined = await a.ok('members.create', { opId: 'join-1', name: '王芳', phone: '13812340001' });
    const memberId = joined.memberId as string;
    const { code: cardA } = (await a.ok('members.getCardCode', { memberId })) as { code: string };
    await a.sync();
    // HQ has the card's hash, never the code.
    const cardEvents = (await hq.repo.listEvents({ memberId })).filter((e) => e.kind === 'member.card_issued');
    expect(cardEvents).toHaveLength(1);
    expect(JSON.stringify(cardEvents)).not.toContain(cardA);

    // Each of the three ways asks HQ (the number first: once linked, B knows the member number itself).
    expect(((await b.ok('members.search', { query: joined.memberCode, limit: 5 })) as unknown as Array<{ memberId: string }>).map((m) => m.memberId)).toEqual([memberId]);
    expect((await b.ok('members.resolveCode', { code: cardA })).memberId).toBe(memberId);
    expect((await b.ok('members.lookupByPhone', { phone: '13812340001' })).memberId).toBe(memberId);
    expect((await b.ok('members.getCard', { memberId })).homeStore).toEqual({ storeId: 'store-a', faceDataHere: false });

    // The kiosk at B checks them in; HQ takes the check-in as store B's own event for that member.
    expect(await b.ok('checkin.byPhone', { opId: 'kiosk-b-1', phone: '13812340001' }, 'kiosk-b')).toMatchObject({ memberId, alreadyCheckedIn: false });
    // A card B prints for them works at B only: B does not announce cards for another store's member.
    await b.ok('members.getCardCode', { memberId });
    expect(b.store.db.prepare("SELECT count(*) FROM outbox WHERE kind = 'member.card_issued'").pluck().get()).toBe(0);
    await b.sync();
    const atB = (await hq.repo.listEvents({ memberId, storeId: 'store-b' })).map((e) => e.kind);
    expect(atB).toContain('checkin.recorded');

    // A replaces the lost card: at B the old code finds nobody, the new one finds the member.
    const { code: newCardA } = (await a.ok('members.revokeCardCode', { memberId })) as { code: string };
    await a.sync();
    const old = await b.call('members.resolveCode', { code: cardA });
    expect(old.ok ? null : old.error.code).toBe('MEMBER_CODE_INVALID');
    expect((await b.ok('members.resolveCode', { code: newCardA })).memberId).toBe(memberId);

    // HQ audited every lookup B made (found or not), and so did B.
    const hqAudit = await hq.db.query<{ n: number }>("SELECT count(*) AS n FROM hq_audit_log WHERE action = 'member.looked_up' AND store_id = 'store-b'");
    expect(Number(hqAudit[0]?.n)).toBe(5);
    expect(b.store.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'member.remote_lookup'").pluck().get()).toBe(5);
  });
});
