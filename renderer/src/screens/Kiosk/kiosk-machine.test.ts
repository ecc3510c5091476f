import { describe, expect, it } from 'vitest';
import { initialKioskState, kioskReducer, NO_FACE_FRAMES_TO_IDLE, type KioskEvent } from './kiosk-machine.js';
import type { KioskMember, KioskState } from '../../components/kiosk/kiosk-types.js';

const alice: KioskMember = { id: 'm-alice', displayName: 'Alice', tierName: 'Gold', points: 1200, isBirthdayMonth: false, showBirthdayGreeting: false, isFirstVisit: false, benefits: [], suggestions: [] };
const bob: KioskMember = { ...alice, id: 'm-bob', displayName: 'Bob' };
const run = (events: KioskEvent[], from: KioskState = initialKioskState) => events.reduce(kioskReducer, from);
const frame = (outcome: Extract<KioskEvent, { type: 'frame' }>['outcome']): KioskEvent => ({ type: 'frame', outcome });

describe('kiosk machine', () => {
  it('greets a matched member only after their record loads', () => {
    const identifying = run([frame({ kind: 'pending' }), frame({ kind: 'match', memberId: 'm-alice', confidence: 0.93 })]);
    expect(identifying).toMatchObject({ kind: 'identifying', memberId: 'm-alice', via: 'face' });
    const greeted = kioskReducer(identifying, { type: 'member-loaded', member: alice });
    expect(greeted).toMatchObject({ kind: 'member', member: { displayName: 'Alice' }, confidence: 0.93 });
  });

  it('never shows a record that is not the one matched', () => {
    const identifying = run([frame({ kind: 'match', memberId: 'm-alice', confidence: 0.9 })]);
    expect(kioskReducer(identifying, { type: 'member-loaded', member: bob }).kind).toBe('identifying');
  });

  it('an unknown face gets the invitation, and a later frame cannot swap in a name while a member is shown', () => {
    expect(run([frame({ kind: 'unknown' })]).kind).toBe('unknown');
    const greeted = run([frame({ kind: 'match', memberId: 'm-alice', confidence: 0.9 }), { type: 'member-loaded', member: alice }]);
    const after = run([frame({ kind: 'match', memberId: 'm-bob', confidence: 0.99 }), frame({ kind: 'unknown' }), frame({ kind: 'no-face' })], greeted);
    expect(after).toMatchObject({ kind: 'member', member: { id: 'm-alice' } });
  });

  it('a matched face whose record is gone becomes unknown, not someone else', () => {
    const s = run([frame({ kind: 'match', memberId: 'm-ghost', confidence: 0.9 }), { type: 'lookup-not-found' }]);
    expect(s.kind).toBe('unknown');
  });

  it('refuses spoofs and stays refused while the photo is held up', () => {
    const s = run([frame({ kind: 'spoof' }), frame({ kind: 'pending' }), frame({ kind: 'adjust', issue: 'BLURRED' })]);
    expect(s.kind).toBe('guiding');
    expect(run([frame({ kind: 'spoof' }), frame({ kind: 'pending' })]).kind).toBe('spoof');
  });

  it('returns to the attract state only after several face-less frames', () => {
    let s: KioskState = run([frame({ kind: 'unknown' })]);
    for (let i = 1; i < NO_FACE_FRAMES_TO_IDLE; i += 1) s = kioskReducer(s, frame({ kind: 'no-face' }));
    expect(s.kind).toBe('unknown');
    s = kioskReducer(s, frame({ kind: 'no-face' }));
    expect(s.kind).toBe('attract');
  });

  it('last four digits: masked names with tokens; the chosen one is confirmed with two more digits, and a wrong answer starts again', () => {
    const candidates = [
      { token: 'tok-a', maskedName: 'A*' },
      { token: 'tok-b', maskedName: 'B*' },
    ];
    let s = run([{ type: 'open-phone' }, ...'8000'.split('').map((digit): KioskEvent => ({ type: 'phone-digit', digit })), { type: 'phone-submit' }]);
    expect(s).toMatchObject({ isSearching: true });
    s = kioskReducer(s, { type: 'phone-choices', candidates });
    expect(s).toMatchObject({ isSearching: false, candidates });
    expect(kioskReducer(s, { type: 'phone-choose', token: 'tok-mallory' })).toBe(s);
    s = kioskReducer(s, { type: 'phone-choose', token: 'tok-b' });
    expect(s).toMatchObject({ isSearching: false, chosenToken: 'tok-b', confirmDigits: '' });
    // One digit is not enough; the third is ignored.
    s = run([{ type: 'phone-digit', digit: '1' }, { type: 'phone-submit' }], s);
    expect(s).toMatchObject({ problem: 'invalid', isSearching: false });
    s = run([{ type: 'phone-digit', digit: '3' }, { type: 'phone-digit', digit: '9' }, { type: 'phone-submit' }], s);
    expect(s).toMatchObject({ confirmDigits: '13', isSearching: true, digits: '8000' });
    s = kioskReducer(s, { type: 'phone-rejected', problem: 'mismatch' });
    expect(s).toMatchObject({ kind: 'phone', digits: '', candidates: null, chosenToken: null, confirmDigits: '', problem: 'mismatch' });
  });

  it('a cool-down locks the keypad and counts down to zero', () => {
    let s = run([{ type: 'open-phone' }, { type: 'phone-cooldown', seconds: 2 }]);
    expect(s).toMatchObject({ cooldownSeconds: 2 });
    expect(kioskReducer(s, { type: 'phone-digit', digit: '1' })).toBe(s);
    expect(kioskReducer(s, { type: 'phone-submit' })).toBe(s);
    s = run([{ type: 'phone-cooldown-tick' }], s);
    expect(s).toMatchObject({ cooldownSeconds: 1 });
    s = run([{ type: 'phone-cooldown-tick' }, { type: 'phone-digit', digit: '1' }], s);
    expect(s).toMatchObject({ cooldownSeconds: null, digits: '1' });
  });

  it('phone keypad: 11 digits, validates before searching, reports not found', () => {
    let s = run([{ type: 'open-phone' }, ...'1380013800099'.split('').map((digit): KioskEvent => ({ type: 'phone-digit', digit }))]);
    expect(s).toMatchObject({ kind: 'phone', digits: '13800138000' });
    s = run([{ type: 'phone-delete' }, { type: 'phone-submit' }], s);
    expect(s).toMatchObject({ problem: 'invalid', isSearching: false });
    s = run([{ type: 'phone-digit', digit: '1' }, { type: 'phone-submit' }], s);
    expect(s).toMatchObject({ isSearching: true });
    expect(kioskReducer(s, { type: 'phone-digit', digit: '2' })).toBe(s);
    expect(run([{ type: 'lookup-not-found' }], s)).toMatchObject({ problem: 'not-found', isSearching: false });
    const found = run([{ type: 'identify', memberId: 'm-alice', via: 'phone', confidence: null }, { type: 'member-loaded', member: alice }], s);
    expect(found).toMatchObject({ kind: 'member', via: 'phone' });
  });

  it('camera frames do not interrupt someone typing their phone number', () => {
    const s = run([{ type: 'open-phone' }, frame({ kind: 'match', memberId: 'm-bob', confidence: 0.99 })]);
    expect(s.kind).toBe('phone');
  });

  it('check-in: one at a time, balance updated from the result', () => {
    let s = run([{ type: 'identify', memberId: 'm-alice', via: 'qr', confidence: null }, { type: 'member-loaded', member: alice }, { type: 'checkin-started' }]);
    expect(kioskReducer(s, { type: 'checkin-started' })).toBe(s);
    s = kioskReducer(s, { type: 'checkin-done', summary: { checkinId: 'c-1', isAlreadyCheckedIn: false, streakDays: 3, pointsEarned: 20, pointsBalance: 1220 } });
    expect(s).toMatchObject({ kind: 'member', checkin: { status: 'done' }, member: { points: 1220 } });
    expect(kioskReducer(s, { type: 'reset' })).toEqual(initialKioskState);
  });

  it('a scanned member code shows its result, but never interrupts a check-in in progress', () => {
    const result = { isCheckedIn: true, displayName: 'Alice', code: null };
    expect(run([{ type: 'open-qr' }, { type: 'scanned', result }])).toMatchObject({ kind: 'scanned', result });
    const working = run([{ type: 'identify', memberId: 'm-alice', via: 'face', confidence: 0.9 }, { type: 'member-loaded', member: alice }, { type: 'checkin-started' }]);
    expect(kioskReducer(working, { type: 'scanned', result })).toBe(working);
  });

  it('a phone check-in lands straight on the confirmation, and only from the keypad', () => {
    const summary = { checkinId: 'c-1', isAlreadyCheckedIn: false, streakDays: 1, pointsEarned: 10, pointsBalance: 1210 };
    const keypad = run([{ type: 'open-phone' }, ...'13800138000'.split('').map((digit): KioskEvent => ({ type: 'phone-digit', digit })), { type: 'phone-submit' }]);
    const done = kioskReducer(keypad, { type: 'checked-in-directly', member: alice, via: 'phone', summary });
    expect(done).toMatchObject({ kind: 'member', via: 'phone', checkin: { status: 'done', summary } });
    expect(kioskReducer(initialKioskState, { type: 'checked-in-directly', member: alice, via: 'phone', summary }).kind).toBe('attract');
  });

  it('a scanned member code checks in from any state, but not over a check-in in progress', () => {
    const summary = { checkinId: 'c-1', isAlreadyCheckedIn: false, streakDays: 1, pointsEarned: 10, pointsBalance: 1210 };
    expect(kioskReducer(initialKioskState, { type: 'checked-in-directly', member: alice, via: 'qr', summary })).toMatchObject({ kind: 'member', via: 'qr' });
    const working = run([{ type: 'identify', memberId: 'm-bob', via: 'face', confidence: 0.9 }, { type: 'member-loaded', member: bob }, { type: 'checkin-started' }]);
    expect(kioskReducer(working, { type: 'checked-in-directly', member: alice, via: 'qr', summary })).toBe(working);
  });

  describe('ticket after a check-in', () => {
    const summary = { checkinId: 'c-7', isAlreadyCheckedIn: false, streakDays: 1, pointsEarned: 10, pointsBalance: 1210 };
    const checkedIn = kioskReducer(initialKioskState, { type: 'checked-in-directly', member: alice, via: 'qr', summary });
    const queued = { status: 'queued' as const, jobId: 'job-1', queueNumber: 'A007', isPrinting: false };
    const job = (id: string, state: 'queued' | 'printing' | 'printed' | 'failed', errorCode: string | null = null): KioskEvent => ({ type: 'print-job', job: { id, state, errorCode } });

    it('is asked for only after checking in, and not twice at once', () => {
      const notYet = run([{ type: 'identify', memberId: 'm-alice', via: 'face', confidence: 0.9 }, { type: 'member-loaded', member: alice }]);
      expect(kioskReducer(notYet, { type: 'ticket-requested' })).toBe(notYet);
      const requesting = kioskReducer(checkedIn, { type: 'ticket-requested' });
      expect(requesting).toMatchObject({ ticket: { status: 'requesting' } });
      expect(kioskReducer(requesting, { type: 'ticket-requested' })).toBe(requesting);
    });

    it('shows the queue number, then follows only its own job to printed', () => {
      let s = run([{ type: 'ticket-requested' }, { type: 'ticket', status: queued }], checkedIn);
      expect(s).toMatchObject({ ticket: { status: 'queued', queueNumber: 'A007' } });
      // Another terminal's job (a receipt at the till) changes nothing here.
      expect(kioskReducer(s, job('job-other', 'printed'))).toBe(s);
      s = run([job('job-1', 'printing')], s);
      expect(s).toMatchObject({ ticket: { status: 'queued', isPrinting: true } });
      s = run([job('job-1', 'printed')], s);
      expect(s).toMatchObject({ ticket: { status: 'printed', queueNumber: 'A007' } });
      // A late, stale update never turns a printed ticket back.
      expect(kioskReducer(s, job('job-1', 'queued'))).toBe(s);
    });

    it('a failed job keeps the number for the staff and may be asked for again', () => {
      const failed = run([{ type: 'ticket-requested' }, { type: 'ticket', status: queued }, job('job-1', 'failed', 'PRINTER_PAPER_OUT')], checkedIn);
      expect(failed).toMatchObject({ ticket: { status: 'failed', queueNumber: 'A007', code: 'PRINTER_PAPER_OUT' } });
      expect(kioskReducer(failed, { type: 'ticket-requested' })).toMatchObject({ ticket: { status: 'requesting' } });
    });

    it('an answer nobody is waiting for (the member left) is ignored', () => {
      expect(kioskReducer(checkedIn, { type: 'ticket', status: queued })).toBe(checkedIn);
      expect(kioskReducer(initialKioskState, { type: 'ticket', status: queued })).toBe(initialKioskState);
    });
  });
});
