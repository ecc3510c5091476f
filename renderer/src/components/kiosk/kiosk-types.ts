import type { ErrorInfo, EventPayload } from '../../../../electron/contract/index.js';
import type { HabitSuggestion } from '../../i18n/habit-suggestions.js';

/** What the kiosk shows about a member: mapped from the membership calls, never from face data. */
export interface KioskMember {
  id: string;
  displayName: string;
  tierName: string;
  points: number;
  isBirthdayMonth: boolean;
  /** The birthday greeting, on the first check-in day of the birthday month only (decided by the service). */
  showBirthdayGreeting: boolean;
  /** Joined today: welcomed, not welcomed back. */
  isFirstVisit: boolean;
  /** Today's benefits, already worded by the membership service. */
  benefits: string[];
  /** The member's regular habits, worded on screen in the current language (never the service's own text). */
  suggestions: HabitSuggestion[];
}

export interface CheckinSummary {
  /** The check-in a ticket is printed for. */
  checkinId: string;
  isAlreadyCheckedIn: boolean;
  streakDays: number;
  pointsEarned: number;
  pointsBalance: number;
}

/** The face engine's verdict on one camera frame, reduced to what the kiosk acts on. */
export type FrameOutcome =
  | { kind: 'no-face' }
  /** A face, but the member should adjust (issue code from the quality gates). */
  | { kind: 'adjust'; issue: string }
  /** A usable face, not yet decided (the engine wants more frames). */
  | { kind: 'pending' }
  /** Liveness refused: a photo or a screen. */
  | { kind: 'spoof' }
  | { kind: 'match'; memberId: string; confidence: number }
  | { kind: 'unknown' };

export type CheckinStatus =
  | { status: 'idle' }
  | { status: 'working' }
  | { status: 'done'; summary: CheckinSummary }
  | { status: 'error'; error: ErrorInfo };

/**
 * The member's own ticket: asked for → queued with a queue number (the print queue works on its
 * own; the job's progress arrives as printing.jobUpdated events) → printed or failed. No printer,
 * or a check-in from another day, is said plainly; the check-in itself is recorded either way.
 */
export type TicketStatus =
  | { status: 'idle' }
  | { status: 'requesting' }
  | { status: 'queued'; jobId: string; queueNumber: string; isPrinting: boolean }
  | { status: 'printed'; jobId: string; queueNumber: string }
  | { status: 'failed'; queueNumber: string | null; code: string }
  | { status: 'no-printer' }
  | { status: 'not-today' };

export type Via = 'face' | 'phone' | 'qr';

export type PhoneProblem = 'invalid' | 'not-found' | 'mismatch' | 'expired';

/** A masked name offered after four digits; the token is opaque and short-lived (never a member id). */
export interface PhoneCandidate {
  token: string;
  maskedName: string;
}

/** What a member-code scan did (the scan path checks in by itself, on the service side). */
export interface ScanResult {
  isCheckedIn: boolean;
  displayName: string | null;
  /** Why a scan was refused (MEMBER_CODE_EXPIRED, MEMBER_CODE_INVALID …); null when checked in. */
  code: string | null;
}

export type KioskState =
  | { kind: 'attract'; noFaceFrames: number }
  | { kind: 'guiding'; hint: string; noFaceFrames: number }
  | { kind: 'spoof'; noFaceFrames: number }
  | { kind: 'unknown'; noFaceFrames: number }
  | { kind: 'identifying'; memberId: string; via: Via; confidence: number | null }
  | {
      kind: 'phone';
      digits: string;
      problem: PhoneProblem | null;
      isSearching: boolean;
      /** Members whose number ends in the four digits: the member picks their own (masked) entry. */
      candidates: PhoneCandidate[] | null;
      /** The chosen entry's token; the member then confirms with the two digits before the last four. */
      chosenToken: string | null;
      confirmDigits: string;
      /** Too many attempts: the keypad waits this many seconds (counted down on screen). */
      cooldownSeconds: number | null;
    }
  | { kind: 'qr'; problem: 'not-found' | null }
  | { kind: 'scanned'; result: ScanResult }
  | { kind: 'member'; member: KioskMember; via: Via; confidence: number | null; checkin: CheckinStatus; ticket: TicketStatus }
  | { kind: 'error'; error: ErrorInfo };

type PrinterState = EventPayload<'printing.status'>['printer']['state'];

/** What printing.getStatus / printing.status says about offering a ticket at all. */
export type TicketOffer =
  /** Printer state not known yet: no button rather than one that may not work. */
  | { kind: 'unknown' }
  /** No printer configured on this kiosk: no button, and the member is told why. */
  | { kind: 'none' }
  | { kind: 'available' }
  /** Configured but not printing now (paper out, cover open, offline …): the member is told, no button. */
  | { kind: 'blocked'; state: PrinterState };
