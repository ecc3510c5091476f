import type { WireEvent } from '../protocol/wire.js';
import { pointsDeltaOf as payloadPointsDelta } from '../protocol/points.js';

/**
 * What an event does to HQ's own state beyond being stored. Kept as plain functions over the
 * payload so new kinds (added in protocol/events.ts) only need a line here.
 */

/** Points change carried by an event, for the chain's points ledger (the "member bank"). */
export function pointsDeltaOf(event: WireEvent): number {
  return payloadPointsDelta(event.kind, event.payload);
}

/** The member whose data must be erased chain-wide, when the event is an erasure. */
export function erasedMemberOf(event: WireEvent): string | null {
  const kind: string = event.kind;
  if (kind === 'member.erased') return event.memberId;
  return null;
}

export interface VoidedCheckin {
  checkinId: string;
  memberId: string;
  localDate: string;
}

/** The check-in a store removed, which HQ must stop counting as a visit. */
export function voidedCheckinOf(event: WireEvent): VoidedCheckin | null {
  if (event.kind !== 'checkin.voided') return null;
  return { checkinId: event.payload.checkinId, memberId: event.payload.memberId, localDate: event.payload.localDate };
}

export interface ProfilePatch {
  memberId: string;
  displayName?: string;
  phoneMasked?: string;
  tierId?: string | null;
  homeStoreId?: string | null;
  updatedAt: string;
}

/**
 * The non-biometric profile fields an event changes, for the copy HQ sends to the chain's other
 * stores. The phone goes out masked only.
 */
export function profilePatchOf(event: WireEvent, storeId: string): ProfilePatch | null {
  switch (event.kind) {
    case 'member.created':
      return { memberId: event.payload.memberId, displayName: event.payload.name, phoneMasked: maskPhone(event.payload.phone), tierId: event.payload.tier, homeStoreId: storeId, updatedAt: event.payload.at };
    case 'member.updated': {
      const c = event.payload.changed;
      if (c.name === undefined && c.phone === undefined) return null;
      return {
        memberId: event.payload.memberId,
        ...(c.name !== undefined ? { displayName: c.name } : {}),
        ...(c.phone !== undefined ? { phoneMasked: maskPhone(c.phone) } : {}),
        updatedAt: event.payload.at,
      };
    }
    case 'tier.changed':
      return { memberId: event.payload.memberId, tierId: event.payload.toTier, updatedAt: event.payload.at };
    default:
      return null;
  }
}

function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '***';
}
