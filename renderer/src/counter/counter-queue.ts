/**
 * Who is at the till and who is waiting. An identification that arrives by itself (a face confirmed
 * at the customer display, a kiosk check-in, a HID scan) never replaces the member of an order in
 * progress: it waits as "next". The cashier's own actions (lookup, scan, "serve next") open a member
 * at once, and an unfinished order of the member they leave is held, never dropped.
 * Pure: the console keeps this in a reducer; unit tests drive it directly.
 */
export type IdentifiedVia = 'face' | 'phone' | 'qr' | 'staff';

export interface Identified {
  memberId: string;
  via: IdentifiedVia;
  /** The face match's similarity, for a face identification only. */
  confidence: number | null;
  /** The face session that matched (for "not this member" → face.rejectMatch). */
  sessionId?: string | null;
  /** The check-in this identification awarded (for "not this member" → checkin.void). */
  checkinId?: string | null;
}

export interface AtTill extends Identified {
  /** Changes on every opening, so the same member identified again reloads the card. */
  seq: number;
}

export interface Waiting extends Identified {
  /** True for a member whose order was put on hold when the cashier turned to someone else. */
  isHeld: boolean;
}

export interface CounterState {
  current: AtTill | null;
  next: Waiting[];
  seq: number;
}

export type CounterAction =
  /** From the face engine, a kiosk check-in or a HID scan: `isOrderOpen` says whether the current member's order has anything in it. */
  | { type: 'arrived'; who: Identified; isOrderOpen: boolean }
  /** The cashier looked up or scanned this member. */
  | { type: 'open'; who: Identified; isOrderOpen: boolean }
  /** The cashier serves the first waiting member (or `memberId`). */
  | { type: 'serve'; memberId?: string; isOrderOpen: boolean }
  | { type: 'dismiss'; memberId: string }
  /** "Not this member", a finished sale or an explicit close: nobody at the till. */
  | { type: 'clear' };

export const emptyCounter: CounterState = { current: null, next: [], seq: 0 };

const without = (list: Waiting[], memberId: string) => list.filter((w) => w.memberId !== memberId);

function openAt(state: CounterState, who: Identified, isOrderOpen: boolean, rest: Waiting[]): CounterState {
  const seq = state.seq + 1;
  const leaving = state.current;
  // The member the cashier leaves keeps their place (first in line) when their order is unfinished.
  const held: Waiting[] = leaving && isOrderOpen && leaving.memberId !== who.memberId ? [{ ...pick(leaving), isHeld: true }] : [];
  return { current: { ...pick(who), seq }, next: [...held, ...without(without(rest, who.memberId), held[0]?.memberId ?? '')], seq };
}

function pick(who: Identified): Identified {
  return { memberId: who.memberId, via: who.via, confidence: who.confidence, sessionId: who.sessionId ?? null, checkinId: who.checkinId ?? null };
}

/** A second identification of the same person adds what it knows (the check-in after the face match). */
function merge<T extends Identified>(known: T, who: Identified): T {
  return {
    ...known,
    // A face match stays "face" (its confidence is what the cashier checks) when the member then taps 签到.
    via: known.via === 'face' ? 'face' : who.via,
    confidence: who.confidence ?? known.confidence,
    sessionId: who.sessionId ?? known.sessionId ?? null,
    checkinId: who.checkinId ?? known.checkinId ?? null,
  };
}

export function counterReducer(state: CounterState, action: CounterAction): CounterState {
  switch (action.type) {
    case 'arrived': {
      const { who } = action;
      if (state.current?.memberId === who.memberId) {
        // The same person confirmed again (e.g. tapped 签到 after the face match): keep the order, refresh the card.
        const seq = state.seq + 1;
        return { ...state, current: { ...merge(state.current, who), seq }, seq };
      }
      if (state.current === null || !action.isOrderOpen) return openAt(state, who, false, state.next);
      const queued = state.next.find((w) => w.memberId === who.memberId);
      if (queued) return { ...state, next: state.next.map((w) => (w.memberId === who.memberId ? merge(w, who) : w)) };
      return { ...state, next: [...state.next, { ...pick(who), isHeld: false }] };
    }
    case 'open':
      return openAt(state, action.who, action.isOrderOpen, state.next);
    case 'serve': {
      const target = action.memberId ? state.next.find((w) => w.memberId === action.memberId) : state.next[0];
      if (!target) return state;
      return openAt(state, target, action.isOrderOpen, state.next);
    }
    case 'dismiss':
      return { ...state, next: without(state.next, action.memberId) };
    case 'clear':
      return { ...state, current: null };
  }
}
