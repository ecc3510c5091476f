import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Handlers } from '../../electron/contract/handlers.js';
import { createDispatcher, type Dispatcher } from '../../electron/core/dispatcher.js';
import { createLogger } from '../../electron/core/logger.js';
import { serviceContextOf } from '../support/service-context.js';
import { createMembershipHandlers } from '../../electron/services/membership/membership-handlers.js';
import { createMembershipApi } from '../../electron/services/membership/membership-api.js';
import { recordPurchase } from '../../electron/services/purchases/purchase-service.js';
import { membershipFixture, type MembershipFixture } from './membership-fixture.js';

/**
 * Issue 14, P5 (what an unattended kiosk reveals), through the real contract boundary:
 * four digits never show a name, points or habits before the member confirms (masked name, then two
 * more digits); attempts are rate-limited per kiosk client with a cool-down; ambiguous answers carry
 * opaque, short-lived choice tokens instead of member ids; the self-enrolment right belongs to the
 * kiosk client that created the member.
 */
let f: MembershipFixture;
let d: Dispatcher;
const kioskA = { clientId: 'kiosk-a', transport: 'in-process' as const };
const kioskB = { clientId: 'kiosk-b', transport: 'in-process' as const };
type Envelope = { ok: true; value: Record<string, unknown> } | { ok: false; error: { code: string; details?: Record<string, unknown> } };
const call = async (method: string, args: unknown, origin = kioskA) => (await d.invoke(method, args, origin)) as Envelope;
const errorOf = (e: Envelope) => (e.ok ? null : e.error.code);
/** The choices of a successful checkin.phoneChoices answer (fails the test otherwise). */
function choicesOf(e: Envelope): Array<{ token: string; maskedName: string }> {
  if (!e.ok) throw new Error(`expected choices, got ${e.error.code}`);
  return e.value.choices as Array<{ token: string; maskedName: string }>;
}

const LIMIT = 5;
const COOLDOWN_S = 30;

beforeEach(async () => {
  f = membershipFixture({ start: '2026-03-04T02:00:00Z' });
  f.config.kioskPhone = { attempts: LIMIT, windowSeconds: 600, cooldownSeconds: COOLDOWN_S, choiceSeconds: 60 };
  const ctx = serviceContextOf(f);
  const handlers = createMembershipHandlers(ctx, { eraseFaceData: () => 0 }) as unknown as Handlers;
  d = createDispatcher(handlers, ctx.log, { validateResults: true });
});
afterEach(() => f.close());

async function join(name: string, phone: string, origin = kioskA): Promise<string> {
  const r = await call('members.create', { opId: `join-${phone}`, name, phone }, origin);
  if (!r.ok) throw new Error(`join failed: ${r.error.code}`);
  return r.value.memberId as string;
}

describe('phone check-in at the kiosk without staff', () => {
  it('four digits give masked names with opaque tokens, nothing else; two more digits confirm and check in', async () => {
    const wang = await join('王芳芳', '13812345678');
    const zhao = await join('赵敏', '13900005678');
    recordPurchase(f.env, { opId: 'p', memberId: wang, items: [{ sku: 'LATTE', name: '拿铁', qty: 5, unitPriceFen: 2800 }] }, null);
    const choices = await call('checkin.phoneChoices', { digits: '5678' });
    expect(choices.ok).toBe(true);
    if (!choices.ok) return;
    const text = JSON.stringify(choices.value);
    for (const secret of [wang, zhao, '王芳芳', '赵敏', '13812345678', '拿铁', 'points', 'tier']) expect(text).not.toContain(secret);
    const list = choices.value.choices as Array<{ token: string; maskedName: string }>;
    expect(list.map((c) => c.maskedName).sort()).toEqual(['王**', '赵*'].sort());
    // Still nothing checked in, nothing shown.
    expect(f.db.prepare('SELECT count(*) FROM checkins').pluck().get()).toBe(0);
    const mine = list.find((c) => c.maskedName === '王**')!;
    const wrong = await call('checkin.byPhoneChoice', { opId: 'c0', token: mine.token, confirmDigits: '99' });
    expect(errorOf(wrong)).toBe('PHONE_CONFIRM_MISMATCH');
    expect(JSON.stringify(wrong)).not.toContain('王芳芳');
    // The token was spent by the wrong answer: a second guess needs a new lookup.
    expect(errorOf(await call('checkin.byPhoneChoice', { opId: 'c1', token: mine.token, confirmDigits: '34' }))).toBe('CHOICE_EXPIRED');
    const again = await call('checkin.phoneChoices', { digits: '5678' });
    const token = choicesOf(again).find((c) => c.maskedName === '王**')!.token;
    const ok = await call('checkin.byPhoneChoice', { opId: 'c2', token, confirmDigits: '34' });
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(ok.value).toMatchObject({ memberId: wang, method: 'phone', greeting: { name: '王芳芳' } });
  });

  it('a choice token works only for the kiosk client that asked, and only for a short while', async () => {
    await join('王芳', '13812345678');
    const a = await call('checkin.phoneChoices', { digits: '5678' });
    const token = choicesOf(a)[0]!.token;
    expect(errorOf(await call('checkin.byPhoneChoice', { opId: 'b1', token, confirmDigits: '34' }, kioskB))).toBe('CHOICE_EXPIRED');
    const a2 = await call('checkin.phoneChoices', { digits: '5678' });
    const token2 = choicesOf(a2)[0]!.token;
    f.clock.advance(61_000);
    expect(errorOf(await call('checkin.byPhoneChoice', { opId: 'a1', token: token2, confirmDigits: '34' }))).toBe('CHOICE_EXPIRED');
    expect(f.db.prepare('SELECT count(*) FROM checkins').pluck().get()).toBe(0);
  });

  it('four digits on checkin.byPhone without staff reveal nothing; the whole number still works', async () => {
    const wang = await join('王芳', '13812345678');
    const r = await call('checkin.byPhone', { opId: 'x', phone: '5678' });
    expect(errorOf(r)).toBe('PHONE_CONFIRMATION_REQUIRED');
    expect(JSON.stringify(r)).not.toContain('王芳');
    expect(JSON.stringify(r)).not.toContain(wang);
    const full = await call('checkin.byPhone', { opId: 'y', phone: '13812345678' });
    expect(full.ok).toBe(true);
  });

  it('rate-limits lookups per kiosk client, says how long to wait, and opens again after the cool-down', async () => {
    await join('王芳', '13812345678');
    for (let i = 0; i < LIMIT; i++) {
      const r = await call('checkin.phoneChoices', { digits: String(1000 + i) });
      expect(errorOf(r)).toBe('MEMBER_NOT_FOUND');
    }
    const blocked = await call('checkin.phoneChoices', { digits: '5678' });
    expect(errorOf(blocked)).toBe('KIOSK_COOLDOWN');
    expect(blocked.ok ? null : blocked.error.details).toEqual({ retryAfterSeconds: COOLDOWN_S });
    // The whole-number path is held back as well.
    expect(errorOf(await call('checkin.byPhone', { opId: 'z', phone: '13812345678' }))).toBe('KIOSK_COOLDOWN');
    // Another kiosk client is not held back by this one.
    expect(errorOf(await call('checkin.phoneChoices', { digits: '5678' }, kioskB))).toBeNull();
    f.clock.advance(COOLDOWN_S * 1000 - 1000);
    expect(errorOf(await call('checkin.phoneChoices', { digits: '5678' }))).toBe('KIOSK_COOLDOWN');
    f.clock.advance(1000);
    expect(errorOf(await call('checkin.phoneChoices', { digits: '5678' }))).toBeNull();
  });

  it('a passer-by with 30 random four-digit numbers checks nobody in and sees no name', async () => {
    const names = ['王芳', '李娜', '张伟', '刘洋', '陈静', '赵敏', '周杰', '孙丽'];
    for (let i = 0; i < names.length; i++) await join(names[i]!, `1380000${String(1000 + i * 7).padStart(4, '0')}`);
    let seed = 1414;
    const random4 = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return String(seed % 10_000).padStart(4, '0');
    };
    const seen: string[] = [];
    for (let i = 0; i < 30; i++) {
      const digits = i % 3 === 0 ? `${1000 + ((i * 7) % 56)}` : random4();
      const r = await call('checkin.phoneChoices', { digits });
      seen.push(JSON.stringify(r));
      if (r.ok) {
        const choice = (r.value.choices as Array<{ token: string }>)[0]!;
        seen.push(JSON.stringify(await call('checkin.byPhoneChoice', { opId: `guess-${i}`, token: choice.token, confirmDigits: '99' })));
      }
      f.clock.advance(COOLDOWN_S * 1000); // the passer-by waits out every cool-down
    }
    const all = seen.join('\n');
    for (const n of names) expect(all).not.toContain(n);
    expect(f.db.prepare('SELECT count(*) FROM checkins').pluck().get()).toBe(0);
  });
});

describe('the self-enrolment right belongs to the creating kiosk client', () => {
  it('another kiosk client cannot give face consent for a member it did not create, even a minute later', async () => {
    const id = await join('林晓', '13700001234', kioskA);
    f.clock.advance(60_000);
    const fromB = await call('consent.grant', { opId: 'g-b', memberId: id, kind: 'face', textVersion: 'face-v1', adultAttested: true }, kioskB);
    expect(errorOf(fromB)).toBe('FORBIDDEN');
    const fromA = await call('consent.grant', { opId: 'g-a', memberId: id, kind: 'face', textVersion: 'face-v1', adultAttested: true }, kioskA);
    expect(fromA.ok).toBe(true);
    // The API the face engine asks before a kiosk self-enrolment says the same.
    const api = createMembershipApi({ db: f.db, config: f.config, clock: f.clock, log: createLogger({ level: 'error', sink: () => {} }) });
    expect(api.isJustJoined(id, 'kiosk-a')).toBe(true);
    expect(api.isJustJoined(id, 'kiosk-b')).toBe(false);
    f.clock.advance(15 * 60_000);
    expect(api.isJustJoined(id, 'kiosk-a')).toBe(false);
  });
});
