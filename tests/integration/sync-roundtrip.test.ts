import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable, startTestHq, type TestHq } from '../fault/support/hq-fixture.js';
import { appendCheckin, appendPoints, assertPerMemberOrder, makeStore, type TestStore } from '../fault/support/store-fixture.js';

const engines = (await postgresAvailable()) ? (['auto', 'sqlite'] as const) : (['sqlite'] as const);

describe.each(engines)('store → HQ round trip (engine: %s)', (engine) => {
  let hq: TestHq;
  let store: TestStore;

  beforeAll(async () => {
    hq = await startTestHq({ engine });
    store = await makeStore({ repo: hq.repo, hqUrl: hq.hq.url });
  });
  afterAll(async () => {
    await store?.close();
    await hq?.close();
  });

  it('uploads every outbox event once, in per-member order, and empties the outbox only on ack', async () => {
    const t0 = new Date('2026-11-20T08:00:00Z');
    const ids: string[] = [];
    let entry = 0;
    const balance = new Map<string, number>();
    for (let i = 0; i < 250; i++) {
      const member = `m${i % 7}`;
      const at = new Date(t0.getTime() + i * 1000);
      ids.push(appendCheckin(store.db, member, i, at));
      if (i % 2 === 0) {
        const b = (balance.get(member) ?? 0) + 10;
        balance.set(member, b);
        ids.push(appendPoints(store.db, member, ++entry, 10, b, at));
      }
    }
    expect(store.store.counts().pending).toBe(375);

    const outcome = await store.uploader.drain();
    expect(outcome).toBe('nothing');
    expect(store.store.counts()).toMatchObject({ pending: 0, parked: 0 });

    const atHq = await hq.repo.listEvents({ storeId: 'store-a' });
    expect(atHq.map((e) => e.eventId).sort()).toEqual([...ids].sort());
    expect(assertPerMemberOrder(atHq)).toEqual([]);
    // Member bank: HQ's ledger adds up the points.changed entries (check-ins' own fields are not counted twice).
    for (const [member, b] of balance) expect(await hq.repo.memberBalance('chain-1', member)).toBe(b);
    const status = store.uploader.status();
    expect(status.pending).toBe(0);
    expect(status.lastSuccessAt).not.toBeNull();
  });
});
