import { afterEach, describe, expect, it } from 'vitest';
import type { Handlers } from '../../electron/contract/handlers.js';
import { createDispatcher } from '../../electron/core/dispatcher.js';
import { serviceContextOf } from '../support/service-context.js';
import { createRulesEditorHandlers } from '../../electron/services/loyalty/rules-editor-handlers.js';
import { createMembershipHandlers } from '../../electron/services/membership/membership-handlers.js';
import type { StaffSession } from '../../electron/contract/handlers.js';
import { loyaltyPresets, type LoyaltyRules } from '../../electron/contract/loyalty-rules.js';
import { AppError } from '../../electron/contract/result.js';
import { applyLocalRules, checkRules, previewRules } from '../../electron/services/loyalty/rules-editor.js';
import { startOfLocalDay } from '../../electron/services/loyalty/store-day.js';
import { previewMembers } from '../../electron/services/loyalty/rules-preview-repository.js';
import { tierFacts } from '../../electron/services/loyalty/tier-service.js';
import { addMonths, localParts } from '../../electron/services/membership-kernel/local-time.js';
import { applyHqRulesVersion } from '../../electron/services/membership/hq-publications.js';
import { createMember } from '../../electron/services/members/member-service.js';
import { isHqManaged, localRulesVersions, versionedRulesInForce } from '../../electron/services/membership-kernel/local-rules-versions.js';
import { checkLoyaltyRules } from '../../electron/services/ops/doctor-rules-check.js';
import { recordPurchase, refundPurchase } from '../../electron/services/purchases/purchase-service.js';
import { checkinByPhone } from '../../electron/services/checkin/checkin-service.js';
import { bootstrapManager } from '../../electron/services/staff/staff-service.js';
import { membershipFixture, nextPhone, snapshot, type MembershipFixture } from './membership-fixture.js';

/**
 * Issue 15: a manager edits the loyalty rules at a store no HQ manages. Validation with HQ's schema,
 * a preview counted from this store's members, a new local version applied whole with its audit row,
 * and the refusal (and HQ's precedence) once HQ manages the rules. Every clock is injected.
 */
let f: MembershipFixture;
let manager: StaffSession;
afterEach(() => f?.close());

const DAY = 86_400_000;
const restaurant = loyaltyPresets.restaurant;
const clone = (): LoyaltyRules => structuredClone(restaurant);
const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.code : String(e);
  }
  return 'no error';
};

function setup(): void {
  f = membershipFixture({ start: '2026-03-04T02:00:00Z' }); // 10:00 in Shanghai, store date 2026-03-04
  const boss = bootstrapManager(f.env, { name: '王店长', pin: '1234' });
  manager = { staffId: boss.staffId, role: 'manager', displayName: boss.name };
}

/** Members with known 12-month spend (restaurant preset: silver > ¥500, gold > ¥2,000, or 12/36 visit days). */
function seedMembers(): Record<string, string> {
  const ids: Record<string, string> = {};
  const spend: Array<[string, number]> = [['low', 10_000], ['lower', 20_000], ['silver', 60_000], ['gold', 250_000], ['none', 0]];
  for (const [name, fen] of spend) {
    const id = createMember(f.env, { opId: `join-${name}`, name, phone: nextPhone() }, null).memberId;
    if (fen > 0) recordPurchase(f.env, { opId: `buy-${name}`, memberId: id, items: [{ sku: 'X', name: 'x', qty: 1, unitPriceFen: fen }] }, null);
    ids[name] = id;
  }
  // A check-in (a visit day) and a refund (spend net of refunds) feed the same figures.
  checkinByPhone(f.env, { opId: 'visit-none', phone: f.db.prepare('SELECT phone FROM members WHERE id = ?').pluck().get(ids.none) as string });
  const sale = f.db.prepare('SELECT id FROM purchases WHERE member_id = ?').pluck().get(ids.silver) as string;
  refundPurchase(f.env, { opId: 'refund-silver', purchaseId: sale, amountFen: 5_000, reason: '退一杯' }, manager);
  return ids;
}
const tierOf = (id: string) => f.db.prepare('SELECT tier FROM members WHERE id = ?').pluck().get(id);

describe('validation with the schema HQ publishes with', () => {
  it('names each problem at its field as a code the UI words, and passes a valid draft', () => {
    setup();
    expect(checkRules(clone()).issues).toEqual([]);
    const bad = clone();
    bad.tiers[2]!.spendAboveFen = 10_000; // below silver's ¥500
    bad.tiers[1]!.earnPercent = -5;
    bad.tiers[3]!.name.en = '';
    bad.points.pointsPerYuan = 5000;
    const issues = checkRules(bad).issues;
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: ['tiers', 1, 'earnPercent'], problem: 'too_small', limit: 0 },
        { path: ['tiers', 3, 'name', 'en'], problem: 'required', limit: null },
        { path: ['points', 'pointsPerYuan'], problem: 'too_big', limit: 1000 },
      ]),
    );
    // The cross-field rules run once the fields parse: thresholds must increase.
    const order = clone();
    order.tiers[2]!.spendAboveFen = 10_000;
    expect(checkRules(order).issues).toEqual([{ path: ['tiers', 2, 'spendAboveFen'], problem: 'spend_increase', limit: null }]);
    expect(previewRules(f.env, order)).toEqual({ issues: [{ path: ['tiers', 2, 'spendAboveFen'], problem: 'spend_increase', limit: null }], preview: null });
  });
});

describe('the preview counts tier moves from this store’s members', () => {
  it('unchanged rules move nobody; a lower Silver threshold and a higher Gold one move members up and down', () => {
    setup();
    const ids = seedMembers();
    expect([tierOf(ids.low!), tierOf(ids.silver!), tierOf(ids.gold!)]).toEqual(['basic', 'silver', 'gold']);
    expect(previewRules(f.env, clone())).toEqual({ issues: [], preview: { membersConsidered: 5, moves: [], up: 0, down: 0 } });

    const draft = clone();
    draft.tiers[1]!.spendAboveFen = 5_000; // ¥50: the ¥100 and ¥200 spenders qualify for Silver
    draft.tiers[2]!.spendAboveFen = 300_000; // ¥3,000: the ¥2,500 spender falls back to Silver
    const { preview } = previewRules(f.env, draft);
    expect(preview).toMatchObject({ membersConsidered: 5, up: 2, down: 1 });
    // The preview's grouped reads give each member the very figures the tier service decides on.
    const now = f.clock.now();
    const since = addMonths(now, -12);
    for (const m of previewMembers(f.db, since.toISOString(), now.toISOString(), localParts(since, f.env.timeZone).date)) {
      expect({ spend12mFen: m.spendFen, visits12m: m.visitDays }, m.id).toEqual(tierFacts(f.env, m.id, now));
    }
    expect(preview!.moves).toEqual([
      { fromTierId: 'basic', fromName: restaurant.tiers[0]!.name, toTierId: 'silver', toName: draft.tiers[1]!.name, direction: 'up', members: 2 },
      { fromTierId: 'gold', fromName: restaurant.tiers[2]!.name, toTierId: 'silver', toName: draft.tiers[1]!.name, direction: 'down', members: 1 },
    ]);
  });
});

describe('applying a local version', () => {
  it('stores it whole with an audit row naming who and from which rules to which version; it is in force at once', () => {
    setup();
    const draft = clone();
    draft.tiers[1]!.spendAboveFen = 40_000;
    const result = applyLocalRules(f.env, f.config.loyalty, { opId: 'r1', rules: draft, startsOn: '2026-03-04' }, manager);
    expect(result).toEqual({ version: 1, startsAt: '2026-03-04T02:00:00.000Z', from: { source: 'preset', version: null, preset: 'restaurant', startsAt: null } });
    expect(f.env.rules.tiers[1]!.spendAboveFen).toBe(40_000);
    expect(versionedRulesInForce(f.db, f.clock.now())).toMatchObject({ source: 'local', version: 1 });
    const audited = f.db.prepare("SELECT staff_id, role, detail FROM audit_log WHERE action = 'rules.local_applied'").all() as Array<{ staff_id: string; role: string; detail: string }>;
    expect(audited).toHaveLength(1);
    expect(audited[0]!.staff_id).toBe(manager.staffId);
    expect(audited[0]!.role).toBe('manager');
    expect(JSON.parse(audited[0]!.detail)).toMatchObject({ from: 'preset:restaurant', to: 'local:1', version: 1 });
    // A replay of the same operation returns the first result and stores nothing more.
    expect(applyLocalRules(f.env, f.config.loyalty, { opId: 'r1', rules: draft, startsOn: '2026-03-04' }, manager)).toEqual(result);
    expect(localRulesVersions(f.db)).toHaveLength(1);

    // The next version names the local one it replaces, and may start on a later store day.
    draft.tiers[1]!.spendAboveFen = 30_000;
    const later = applyLocalRules(f.env, f.config.loyalty, { opId: 'r2', rules: draft, startsOn: '2026-03-10' }, manager);
    expect(later).toMatchObject({ version: 2, startsAt: '2026-03-09T16:00:00.000Z', from: { source: 'local', version: 1 } });
    expect(f.env.rules.tiers[1]!.spendAboveFen).toBe(40_000); // version 1 until the 10th
    f.clock.set('2026-03-09T16:00:00Z');
    expect(f.env.rules.tiers[1]!.spendAboveFen).toBe(30_000);
    const doctor = checkLoyaltyRules({ db: f.db, now: () => f.clock.now(), config: f.config } as Parameters<typeof checkLoyaltyRules>[0]);
    expect(doctor).toMatchObject({ status: 'ok', summaryCode: 'rules.localVersion', params: { version: 2 } });
  });

  it('refuses an invalid draft or a past start date and changes nothing', () => {
    setup();
    const before = snapshot(f.db);
    const bad = clone();
    bad.tiers[0]!.spendAboveFen = 100;
    let refusal: unknown;
    try {
      applyLocalRules(f.env, f.config.loyalty, { opId: 'bad', rules: bad, startsOn: '2026-03-04' }, manager);
    } catch (e) {
      refusal = e;
    }
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).code).toBe('RULES_INVALID');
    expect((refusal as AppError).details).toEqual({ issues: [{ path: ['tiers', 0], problem: 'entry_no_threshold', limit: null }], count: 1 });
    expect(codeOf(() => applyLocalRules(f.env, f.config.loyalty, { opId: 'past', rules: clone(), startsOn: '2026-03-03' }, manager))).toBe('RULES_START_INVALID');
    expect(codeOf(() => applyLocalRules(f.env, f.config.loyalty, { opId: 'junk', rules: clone(), startsOn: '3 March' }, manager))).toBe('RULES_START_INVALID');
    expect(snapshot(f.db)).toEqual(before);
  });

  it('is whole or nothing: a failure after the version row rolls the version back with it', () => {
    setup();
    f.db.exec("CREATE TEMP TRIGGER fail_rules_audit BEFORE INSERT ON audit_log WHEN NEW.action = 'rules.local_applied' BEGIN SELECT RAISE(ABORT, 'disk gone'); END");
    const before = snapshot(f.db);
    expect(codeOf(() => applyLocalRules(f.env, f.config.loyalty, { opId: 'r1', rules: clone(), startsOn: '2026-03-04' }, manager))).toMatch(/disk gone/);
    expect(snapshot(f.db)).toEqual(before);
    expect(localRulesVersions(f.db)).toEqual([]);
    expect(versionedRulesInForce(f.db, f.clock.now())).toBeNull();
    f.db.exec('DROP TRIGGER fail_rules_audit');
    expect(applyLocalRules(f.env, f.config.loyalty, { opId: 'r1', rules: clone(), startsOn: '2026-03-04' }, manager).version).toBe(1);
  });
});

describe('once HQ manages the rules', () => {
  it('refuses local edits; HQ’s version wins from its start date and the local history stays', () => {
    setup();
    const mine = clone();
    mine.tiers[1]!.spendAboveFen = 40_000;
    applyLocalRules(f.env, f.config.loyalty, { opId: 'r1', rules: mine, startsOn: '2026-03-04' }, manager);
    const hqRules = clone();
    hqRules.tiers[1]!.spendAboveFen = 70_000;
    const start = new Date(f.clock.now().getTime() + 2 * DAY).toISOString();
    expect(f.db.transaction(() => applyHqRulesVersion(f.env, { version: 1, startsAt: start, publishedAt: f.clock.now().toISOString(), rules: hqRules }))()).toBe('applied');
    expect(isHqManaged(f.db)).toBe(true);
    expect(codeOf(() => applyLocalRules(f.env, f.config.loyalty, { opId: 'r2', rules: mine, startsOn: '2026-03-05' }, manager))).toBe('RULES_MANAGED_BY_HQ');
    expect(f.env.rules.tiers[1]!.spendAboveFen).toBe(40_000); // the local version until HQ's starts
    f.clock.set(start);
    expect(f.env.rules.tiers[1]!.spendAboveFen).toBe(70_000);
    expect(versionedRulesInForce(f.db, f.clock.now())).toMatchObject({ source: 'hq', version: 1 });
    expect(localRulesVersions(f.db).map((v) => v.version)).toEqual([1]);
    expect(f.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'rules.local_applied'").pluck().get()).toBe(1);
    expect(codeOf(() => f.db.prepare('DELETE FROM loyalty_rules_local_versions').run())).toMatch(/append-only/);
  });
});

describe('a version HQ pushed and the store refused', () => {
  it('still makes HQ the owner of the rules: local edits are refused, the preset stays in force', () => {
    setup();
    const broken = { ...clone(), tiers: [] };
    expect(f.db.transaction(() => applyHqRulesVersion(f.env, { version: 4, startsAt: f.clock.now().toISOString(), publishedAt: f.clock.now().toISOString(), rules: broken }))()).toBe('refused');
    expect(isHqManaged(f.db)).toBe(true);
    expect(codeOf(() => applyLocalRules(f.env, f.config.loyalty, { opId: 'r1', rules: clone(), startsOn: '2026-03-04' }, manager))).toBe('RULES_MANAGED_BY_HQ');
    expect(versionedRulesInForce(f.db, f.clock.now())).toBeNull();
  });
});

describe('store days', () => {
  it('a version “from” a date starts at the store’s midnight, not UTC’s', () => {
    expect(startOfLocalDay('2026-12-05', 'Asia/Shanghai').toISOString()).toBe('2026-12-04T16:00:00.000Z');
    expect(startOfLocalDay('2026-03-29', 'Europe/Berlin').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfLocalDay('2026-03-30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(startOfLocalDay('2026-01-01', 'Asia/Kolkata').toISOString()).toBe('2025-12-31T18:30:00.000Z');
  });
});

describe('through the contract boundary', () => {
  it('results match the contract; a cashier is refused; an invalid draft comes back with its issues', async () => {
    setup();
    const ctx = serviceContextOf(f);
    const handlers = { ...createMembershipHandlers(ctx, {}), ...createRulesEditorHandlers(ctx) };
    const d = createDispatcher(handlers as unknown as Handlers, ctx.log, { validateResults: true });
    const boss = { clientId: 'manager-pc', transport: 'in-process' as const };
    const till = { clientId: 'till', transport: 'in-process' as const };
    expect(await d.invoke('staff.signIn', { staffId: manager.staffId, pin: '1234' }, boss)).toMatchObject({ ok: true });
    const cashier = await d.invoke('staff.create', { name: '收银员', role: 'cashier', pin: '0000' }, boss);
    expect(cashier.ok).toBe(true);
    expect(await d.invoke('staff.signIn', { staffId: (cashier as { value: { staffId: string } }).value.staffId, pin: '0000' }, till)).toMatchObject({ ok: true });

    const editor = await d.invoke('loyalty.getRulesEditor', {}, boss);
    expect(editor).toMatchObject({ ok: true, value: { canEdit: true, hqConfigured: false, hqVersion: null, inForce: { source: 'preset', preset: 'restaurant' }, today: '2026-03-04', localVersions: [] } });
    expect(await d.invoke('loyalty.previewRules', { rules: clone() }, boss)).toMatchObject({ ok: true, value: { issues: [], preview: { moves: [] } } });
    expect(await d.invoke('loyalty.applyRules', { opId: 'till-1', rules: clone(), startsOn: '2026-03-04' }, till)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const bad = clone();
    bad.points.minRedeemPoints = 0;
    expect(await d.invoke('loyalty.applyRules', { opId: 'bad', rules: bad, startsOn: '2026-03-04' }, boss)).toMatchObject({
      ok: false,
      error: { code: 'RULES_INVALID', details: { count: 1, issues: [{ path: ['points', 'minRedeemPoints'], problem: 'too_small', limit: 1 }] } },
    });
    expect(await d.invoke('loyalty.applyRules', { opId: 'ok', rules: clone(), startsOn: '2026-03-04' }, boss)).toMatchObject({ ok: true, value: { version: 1 } });
    const rules = await d.invoke('loyalty.getRules', {}, till);
    expect(rules).toMatchObject({ ok: true, value: { localVersion: { version: 1 }, isHqManaged: false, hqVersion: null } });
    const after = await d.invoke('loyalty.getRulesEditor', {}, boss);
    expect(after).toMatchObject({ ok: true, value: { inForce: { source: 'local', version: 1 }, localVersions: [{ version: 1, createdByName: '王店长', status: 'in_force', basedOn: { source: 'preset' } }] } });
  });
});
