import type { ErrorInfo } from '../../../../electron/contract/index.js';
import type { CheckinSummary, FrameOutcome, KioskMember, KioskState, PhoneCandidate, ScanResult, TicketStatus, Via } from '../../components/kiosk/kiosk-types.js';
import { ticketAfterJobUpdate } from './kiosk-ticket.js';

/**
 * The kiosk's behaviour as a pure reducer (unit-tested without a browser). Rules that matter:
 * - a name is shown only for an engine 'match' (and after the member record loaded); 'unknown' never shows one;
 * - once a member is on screen, camera frames cannot swap them for someone else;
 * - the screen returns to the attract state only after several frames without a face (no flicker).
 */
export type KioskEvent =
  | { type: 'frame'; outcome: FrameOutcome }
  | { type: 'open-phone' }
  | { type: 'open-qr' }
  | { type: 'phone-digit'; digit: string }
  | { type: 'phone-delete' }
  | { type: 'phone-clear' }
  | { type: 'phone-submit' }
  | { type: 'lookup-not-found' }
  /** Four digits matched: masked names to choose from (nothing else about anyone). */
  | { type: 'phone-choices'; candidates: PhoneCandidate[] }
  | { type: 'phone-choose'; token: string }
  /** The two confirmation digits were wrong, or the choice expired: start again. */
  | { type: 'phone-rejected'; problem: 'mismatch' | 'expired' }
  /** Too many attempts from this kiosk: wait (the keypad counts down). */
  | { type: 'phone-cooldown'; seconds: number }
  | { type: 'phone-cooldown-tick' }
  | { type: 'identify'; memberId: string; via: Via; confidence: number | null }
  | { type: 'member-loaded'; member: KioskMember }
  /** Phone and code check-ins identify and check in with one call; the result carries the greeting. */
  | { type: 'checked-in-directly'; member: KioskMember; via: Via; summary: CheckinSummary }
  | { type: 'checkin-started' }
  | { type: 'checkin-done'; summary: CheckinSummary }
  | { type: 'checkin-failed'; error: ErrorInfo }
  /** The member asked for a ticket (only after a completed check-in, and not twice at once). */
  | { type: 'ticket-requested' }
  /** receipts.printCheckinTicket answered (queued with a number, or why not). */
  | { type: 'ticket'; status: TicketStatus }
  /** A print job changed (printing.jobUpdated): moves this member's ticket on when it is theirs. */
  | { type: 'print-job'; job: { id: string; state: 'queued' | 'printing' | 'printed' | 'failed'; errorCode: string | null } }
  /** A member code was scanned (wedge or HID): shown whatever the kiosk was doing, except mid-check-in. */
  | { type: 'scanned'; result: ScanResult }
  | { type: 'failed'; error: ErrorInfo }
  | { type: 'reset' };

/** Consecutive face-less frames before the kiosk gives up on the person in front of it. */
export const NO_FACE_FRAMES_TO_IDLE = 6;
export const PHONE_DIGITS = 11;
/** The two digits before the last four confirm the chosen masked name. */
export const CONFIRM_DIGITS = 2;

export const initialKioskState: KioskState = { kind: 'attract', noFaceFrames: 0 };

/** A whole mainland mobile number, or its last four digits (the service resolves both). */
export function isValidPhone(digits: string): boolean {
  return /^1[3-9]\d{9}$/.test(digits) || /^\d{4}$/.test(digits);
}

function onFrame(state: KioskState, outcome: FrameOutcome): KioskState {
  // Only the camera-driven states react to frames; a member, a keypad or a lookup in progress is never interrupted.
  if (state.kind !== 'attract' && state.kind !== 'guiding' && state.kind !== 'spoof' && state.kind !== 'unknown') return state;
  switch (outcome.kind) {
    case 'no-face': {
      const noFaceFrames = state.noFaceFrames + 1;
      if (state.kind === 'attract' || noFaceFrames >= NO_FACE_FRAMES_TO_IDLE) return { kind: 'attract', noFaceFrames: 0 };
      return { ...state, noFaceFrames };
    }
    case 'adjust':
      // The invitation to join stays up while the visitor shuffles; guidance only while we are still looking.
      if (state.kind === 'unknown') return { ...state, noFaceFrames: 0 };
      return { kind: 'guiding', hint: outcome.issue, noFaceFrames: 0 };
    case 'pending':
      if (state.kind === 'unknown' || state.kind === 'spoof') return { ...state, noFaceFrames: 0 };
      return { kind: 'guiding', hint: 'looking', noFaceFrames: 0 };
    case 'spoof':
      return { kind: 'spoof', noFaceFrames: 0 };
    case 'unknown':
      return { kind: 'unknown', noFaceFrames: 0 };
    case 'match':
      return { kind: 'identifying', memberId: outcome.memberId, via: 'face', confidence: outcome.confidence };
  }
}

export function kioskReducer(state: KioskState, event: KioskEvent): KioskState {
  switch (event.type) {
    case 'frame':
      return onFrame(state, event.outcome);
    case 'open-phone':
      return { kind: 'phone', digits: '', problem: null, isSearching: false, candidates: null, chosenToken: null, confirmDigits: '', cooldownSeconds: null };
    case 'open-qr':
      return { kind: 'qr', problem: null };
    case 'phone-digit':
      if (state.kind !== 'phone' || state.isSearching || state.cooldownSeconds !== null || !/^\d$/.test(event.digit)) return state;
      if (state.chosenToken !== null) {
        if (state.confirmDigits.length >= CONFIRM_DIGITS) return state;
        return { ...state, confirmDigits: state.confirmDigits + event.digit, problem: null };
      }
      if (state.digits.length >= PHONE_DIGITS) return state;
      return { ...state, digits: state.digits + event.digit, problem: null, candidates: null };
    case 'phone-delete':
      if (state.kind !== 'phone' || state.isSearching) return state;
      if (state.chosenToken !== null) return { ...state, confirmDigits: state.confirmDigits.slice(0, -1), problem: null };
      return { ...state, digits: state.digits.slice(0, -1), problem: null, candidates: null };
    case 'phone-clear':
      if (state.kind !== 'phone' || state.isSearching) return state;
      return { ...state, digits: '', problem: null, candidates: null, chosenToken: null, confirmDigits: '' };
    case 'phone-submit':
      if (state.kind !== 'phone' || state.isSearching || state.cooldownSeconds !== null) return state;
      if (state.chosenToken !== null) {
        if (state.confirmDigits.length !== CONFIRM_DIGITS) return { ...state, problem: 'invalid' };
        return { ...state, isSearching: true, problem: null };
      }
      if (!isValidPhone(state.digits)) return { ...state, problem: 'invalid' };
      return { ...state, isSearching: true, problem: null, candidates: null };
    case 'phone-choices':
      if (state.kind !== 'phone') return state;
      return { ...state, isSearching: false, candidates: event.candidates };
    case 'phone-choose':
      if (state.kind !== 'phone' || state.isSearching || !state.candidates?.some((c) => c.token === event.token)) return state;
      return { ...state, chosenToken: event.token, confirmDigits: '', problem: null };
    case 'phone-rejected':
      // Back to the start: a wrong answer never narrows anything down for the next guess.
      if (state.kind !== 'phone') return state;
      return { ...state, digits: '', isSearching: false, problem: event.problem, candidates: null, chosenToken: null, confirmDigits: '' };
    case 'phone-cooldown':
      if (state.kind !== 'phone') return state;
      return { ...state, digits: '', isSearching: false, problem: null, candidates: null, chosenToken: null, confirmDigits: '', cooldownSeconds: Math.max(1, event.seconds) };
    case 'phone-cooldown-tick':
      if (state.kind !== 'phone' || state.cooldownSeconds === null) return state;
      return { ...state, cooldownSeconds: state.cooldownSeconds <= 1 ? null : state.cooldownSeconds - 1 };
    case 'lookup-not-found':
      if (state.kind === 'phone') return { ...state, isSearching: false, problem: 'not-found', candidates: null, chosenToken: null, confirmDigits: '' };
      if (state.kind === 'qr') return { ...state, problem: 'not-found' };
      // A face match whose member record vanished (erased meanwhile) is treated as unknown, never as someone else.
      if (state.kind === 'identifying') return { kind: 'unknown', noFaceFrames: 0 };
      return state;
    case 'identify':
      if (state.kind === 'member' || state.kind === 'identifying') return state;
      return { kind: 'identifying', memberId: event.memberId, via: event.via, confidence: event.confidence };
    case 'member-loaded':
      if (state.kind !== 'identifying' || state.memberId !== event.member.id) return state;
      return { kind: 'member', member: event.member, via: state.via, confidence: state.confidence, checkin: { status: 'idle' }, ticket: { status: 'idle' } };
    case 'checked-in-directly':
      // A keypad result only lands on the keypad; a scanned code may arrive at any moment but mid-check-in.
      if (event.via === 'phone' ? state.kind !== 'phone' : state.kind === 'member' && state.checkin.status === 'working') return state;
      return { kind: 'member', member: event.member, via: event.via, confidence: null, checkin: { status: 'done', summary: event.summary }, ticket: { status: 'idle' } };
    case 'checkin-started':
      if (state.kind !== 'member' || state.checkin.status === 'working' || state.checkin.status === 'done') return state;
      return { ...state, checkin: { status: 'working' } };
    case 'checkin-done':
      if (state.kind !== 'member') return state;
      return { ...state, checkin: { status: 'done', summary: event.summary }, member: { ...state.member, points: event.summary.pointsBalance } };
    case 'checkin-failed':
      if (state.kind !== 'member') return state;
      return { ...state, checkin: { status: 'error', error: event.error } };
    case 'ticket-requested':
      if (state.kind !== 'member' || state.checkin.status !== 'done') return state;
      if (state.ticket.status !== 'idle' && state.ticket.status !== 'failed') return state;
      return { ...state, ticket: { status: 'requesting' } };
    case 'ticket':
      // An answer that arrives after the member left (or for a request never made) changes nothing.
      if (state.kind !== 'member' || state.ticket.status !== 'requesting') return state;
      return { ...state, ticket: event.status };
    case 'print-job': {
      if (state.kind !== 'member') return state;
      const ticket = ticketAfterJobUpdate(state.ticket, event.job);
      return ticket === state.ticket ? state : { ...state, ticket };
    }
    case 'scanned':
      if (state.kind === 'member' && state.checkin.status === 'working') return state;
      return { kind: 'scanned', result: event.result };
    case 'failed':
      return { kind: 'error', error: event.error };
    case 'reset':
      return initialKioskState;
  }
}
