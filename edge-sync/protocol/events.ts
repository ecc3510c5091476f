import { z } from 'zod';

/**
 * The non-biometric events a store sends to head office, one strict schema per kind.
 * By construction there is no field that can carry an image or a template: every object is
 * strict (unknown keys rejected), strings are bounded, and no kind has a numeric array.
 * Bump EVENT_SCHEMA_VERSION when a kind changes shape; HQ accepts every version it knows.
 */
export const EVENT_SCHEMA_VERSION = 1;

const id = z.string().min(1).max(64);
const fen = z.number().int();
const isoTime = z.iso.datetime({ offset: true });
const shortText = z.string().max(200);

export const eventPayloadSchemas = {
  /** A member checked in (face, phone or QR: identical benefits). */
  'checkin.recorded': z
    .object({
      checkinId: id,
      memberId: id,
      method: z.enum(['face', 'phone', 'qr', 'staff']),
      at: isoTime,
      localDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      streakDays: z.number().int().min(0),
      pointsAwarded: z.number().int().min(0),
    })
    .strict(),
} as const;

export type EventKind = keyof typeof eventPayloadSchemas;
export type EventPayload<K extends EventKind> = z.output<(typeof eventPayloadSchemas)[K]>;

export function isEventKind(kind: unknown): kind is EventKind {
  return typeof kind === 'string' && Object.prototype.hasOwnProperty.call(eventPayloadSchemas, kind);
}
