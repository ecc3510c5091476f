import { useMemo } from 'react';
import type { CameraFrame } from '../../camera/capture-frame.js';
import type { Envelope, ResultOf } from '../../../../electron/contract/index.js';
import type { KioskClient } from '../../../../electron/contract/client.js';
import type { CameraState } from '../../camera/use-camera.js';
import { useClient } from '../../hooks/client-context.js';
import { safeInvoke } from '../../hooks/use-call.js';
import type { Locale } from '../../i18n/locales.js';
import type { CheckinSummary, FrameOutcome, KioskMember, PhoneCandidate, ScanResult, TicketStatus, Via } from '../../components/kiosk/kiosk-types.js';
import { ticketFromPrintResult } from './kiosk-ticket.js';

export type CodeCheckinOutcome = { kind: 'checked-in'; member: KioskMember; summary: CheckinSummary } | { kind: 'refused'; result: ScanResult };

export type PhoneCheckinOutcome =
  | { kind: 'checked-in'; member: KioskMember; summary: CheckinSummary }
  | { kind: 'not-found' }
  | { kind: 'choices'; candidates: PhoneCandidate[] }
  /** The confirmation digits were wrong, or the choice expired: the member starts again. */
  | { kind: 'rejected'; problem: 'mismatch' | 'expired' }
  /** Too many attempts from this kiosk: wait this many seconds. */
  | { kind: 'cooldown'; seconds: number };

/**
 * Everything the kiosk asks of the services, in the kiosk's own terms. This file is the only
 * place that knows the contract calls behind them (face.*, members.*, checkin.*, ops.*),
 * so the screen and its state machine stay testable with a fake.
 */
export interface KioskServices {
  /** null: the frame changed nothing (dropped by the engine, or answered for an ended session). */
  analyzeFrame(frame: CameraFrame): Promise<Envelope<FrameOutcome | null>>;
  /** The greeting for the member the current face session confirmed; null when that member is gone. */
  loadMember(memberId: string): Promise<Envelope<KioskMember | null>>;
  checkIn(memberId: string, via: Via): Promise<Envelope<CheckinSummary>>;
  /** The whole number checks in at once; four digits give masked names to choose from (issue 14, P5). */
  checkInByPhone(phone: string): Promise<Envelope<PhoneCheckinOutcome>>;
  /** The chosen masked name's token plus the two digits before the last four. */
  confirmPhoneChoice(token: string, confirmDigits: string): Promise<Envelope<PhoneCheckinOutcome>>;
  /** A member QR code read by a keyboard-wedge scanner: checks in, or says why not. */
  checkInByCode(code: string): Promise<Envelope<CodeCheckinOutcome>>;
  /** The member's ticket for this check-in (queue number); never throws, says why not instead. */
  printTicket(checkinId: string): Promise<TicketStatus>;
  /**
   * "Not me": tells the face engine this session's match was wrong (so it is counted against that
   * member's templates), then the kiosk forgets the session. Allowed without staff only for the
   * member this kiosk's confirmed session is showing. It does not undo a check-in already recorded:
   * "Not me" is offered only before the member checks in, and a wrong check-in is the staff's to reverse.
   */
  rejectMatch(memberId: string): Promise<Envelope<unknown>>;
  reportCamera(state: CameraState): void;
}

type Greeting = ResultOf<'members.getGreeting'>;
type CheckinResult = ResultOf<'checkin.byFace'>;

export function memberFromGreeting(greeting: Greeting, locale: Locale): KioskMember {
  return {
    id: greeting.memberId,
    displayName: greeting.name,
    tierName: greeting.tierName[locale],
    points: greeting.points,
    isBirthdayMonth: greeting.isBirthdayMonth,
    showBirthdayGreeting: greeting.showBirthdayGreeting,
    isFirstVisit: greeting.isFirstVisit,
    benefits: greeting.benefitsToday.map((b) => b.name[locale]),
    // Structured habits: worded on screen in the current language (the service's own text has no zh-TW).
    suggestions: greeting.suggestions,
  };
}

export function summaryFromCheckin(result: CheckinResult): CheckinSummary {
  return {
    checkinId: result.checkinId,
    isAlreadyCheckedIn: result.alreadyCheckedIn,
    streakDays: result.streakDays,
    pointsEarned: result.pointsAwarded + result.birthdayBonusPoints,
    pointsBalance: result.balanceAfter,
  };
}

/** The phone answers that are the member's to act on (not found, wrong digits, wait), not failures. */
function phoneRefusal(error: { code: string; details?: Record<string, unknown> | undefined }): PhoneCheckinOutcome | null {
  if (error.code === 'MEMBER_NOT_FOUND' || error.code === 'PHONE_INVALID') return { kind: 'not-found' };
  if (error.code === 'PHONE_CONFIRM_MISMATCH') return { kind: 'rejected', problem: 'mismatch' };
  if (error.code === 'CHOICE_EXPIRED') return { kind: 'rejected', problem: 'expired' };
  if (error.code === 'KIOSK_COOLDOWN') {
    const seconds = error.details?.retryAfterSeconds;
    return { kind: 'cooldown', seconds: typeof seconds === 'number' && seconds > 0 ? seconds : 60 };
  }
  return null;
}

const opId = () => crypto.randomUUID();

type ScanOutcome = ResultOf<'devices.submitScan'>;

/** A scan outcome for the screen; null for a double read the scanner service ignored. */
export function scanResultOf(scan: ScanOutcome): ScanResult | null {
  if (scan.outcome === 'ignored') return null;
  return { isCheckedIn: scan.outcome === 'checked-in', displayName: scan.memberDisplayName, code: scan.code };
}

export function createKioskServices(client: KioskClient, locale: Locale, face: FaceSessionPort): KioskServices {
  const invoke: KioskClient['invoke'] = (method, args) => safeInvoke((m, a) => client.invoke(m, a), method, args);
  return {
    analyzeFrame: (frame) => face.analyzeFrame(frame),
    async loadMember(memberId) {
      const faceSessionId = face.sessionId();
      if (!faceSessionId) return { ok: true, value: null };
      const envelope = await invoke('members.getGreeting', { faceSessionId });
      if (!envelope.ok) return envelope.error.code === 'MEMBER_NOT_FOUND' ? { ok: true, value: null } : envelope;
      // The greeting must be for the member the engine named, or nobody is greeted at all.
      return { ok: true, value: envelope.value.memberId === memberId ? memberFromGreeting(envelope.value, locale) : null };
    },
    async checkIn(memberId, via) {
      const faceSessionId = face.sessionId();
      if (via !== 'face' || !faceSessionId) {
        return { ok: false, error: { code: 'FACE_SESSION_INVALID', message: 'no confirmed face session', retryable: false } };
      }
      const envelope = await invoke('checkin.byFace', { opId: opId(), memberId, faceSessionId });
      return envelope.ok ? { ok: true, value: summaryFromCheckin(envelope.value) } : envelope;
    },
    async checkInByPhone(phone) {
      if (/^\d{4}$/.test(phone)) {
        const choices = await invoke('checkin.phoneChoices', { digits: phone });
        if (choices.ok) return { ok: true, value: { kind: 'choices', candidates: choices.value.choices } };
        const refusal = phoneRefusal(choices.error);
        return refusal ? { ok: true, value: refusal } : choices;
      }
      const envelope = await invoke('checkin.byPhone', { opId: opId(), phone });
      if (envelope.ok) return { ok: true, value: { kind: 'checked-in', member: memberFromGreeting(envelope.value.greeting, locale), summary: summaryFromCheckin(envelope.value) } };
      const refusal = phoneRefusal(envelope.error);
      return refusal ? { ok: true, value: refusal } : envelope;
    },
    async confirmPhoneChoice(token, confirmDigits) {
      const envelope = await invoke('checkin.byPhoneChoice', { opId: opId(), token, confirmDigits });
      if (envelope.ok) return { ok: true, value: { kind: 'checked-in', member: memberFromGreeting(envelope.value.greeting, locale), summary: summaryFromCheckin(envelope.value) } };
      const refusal = phoneRefusal(envelope.error);
      return refusal ? { ok: true, value: refusal } : envelope;
    },
    async checkInByCode(code) {
      const envelope = await invoke('checkin.byCode', { opId: opId(), code });
      if (envelope.ok) return { ok: true, value: { kind: 'checked-in', member: memberFromGreeting(envelope.value.greeting, locale), summary: summaryFromCheckin(envelope.value) } };
      if (envelope.error.retryable) return envelope;
      // Expired, foreign or unknown codes: the member is told what to do instead.
      return { ok: true, value: { kind: 'refused', result: { isCheckedIn: false, displayName: null, code: envelope.error.code } } };
    },
    async printTicket(checkinId) {
      return ticketFromPrintResult(await invoke('receipts.printCheckinTicket', { checkinId }));
    },
    async rejectMatch(memberId) {
      const sessionId = face.sessionId();
      if (!sessionId) return { ok: false, error: { code: 'FACE_SESSION_INVALID', message: 'no confirmed face session', retryable: false } };
      return invoke('face.rejectMatch', { sessionId, memberId });
    },
    reportCamera(state) {
      const report =
        state.status === 'live'
          ? { state: 'ok' as const, ...(state.label ? { label: state.label.slice(0, 200) } : {}) }
          : state.status === 'unavailable'
            ? {
                state: state.reason === 'no-camera' || state.reason === 'unplugged' ? ('no-camera' as const) : state.reason === 'denied' ? ('denied' as const) : ('error' as const),
                detail: `${state.reason}${state.detail ? `: ${state.detail}` : ''}`.slice(0, 500),
              }
            : null;
      if (report) void invoke('ops.reportCamera', report);
    },
  };
}

/** The face engine's side of the kiosk: analyses frames and remembers the session a match belongs to. */
export interface FaceSessionPort {
  analyzeFrame(frame: CameraFrame): Promise<Envelope<FrameOutcome | null>>;
  sessionId(): string | null;
  reset(): void;
}

export function useKioskServices(locale: Locale, face: FaceSessionPort): KioskServices {
  const client = useClient();
  return useMemo(() => createKioskServices(client, locale, face), [client, locale, face]);
}
