import { z } from 'zod';
import { posInt32, uint32, wireTime } from './bounds.js';
import { MAX_CATALOGUE_JSON_CHARS } from './catalogue-wire.js';
import { checkWireCouponTerms, wireCouponTermsShape } from './coupon-terms.js';
import { eventPayloadSchemas, payloadMemberOf, type EventKind, type EventPayload } from './events.js';

/**
 * The wire protocol between a store (edge-sync/client) and head office (edge-sync/hq), shared by both
 * ends. Versioned by WIRE_VERSION (in every body and in the URL prefix /v1).
 *
 * No biometrics by construction: every object is strict (unknown keys are rejected), every string is
 * bounded, there is no free-form JSON field and no numeric array anywhere; event payloads are the
 * strict per-kind schemas of events.ts. HQ also runs the template-like-data scan (biometric-scan.ts)
 * over every payload it receives, as a second line of defence. The one body read without its schema
 * is a downlink change of a type the reader does not know yet: kept as sent, never applied (see
 * "downlink", below).
 */
export const WIRE_VERSION = 1;
export const MAX_BATCH_EVENTS = 500;
/** Largest request body HQ reads; larger requests get 413 before any parsing. */
export const MAX_REQUEST_BYTES = 1024 * 1024;
/** How far a signed timestamp may be from HQ's clock (after the client's offset correction). */
export const SIGNATURE_WINDOW_MS = 5 * 60_000;

export const HEADER = {
  device: 'x-mk-device',
  timestamp: 'x-mk-timestamp',
  nonce: 'x-mk-nonce',
  signature: 'x-mk-signature',
  hqTime: 'x-mk-hq-time',
} as const;

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/, 'id characters');
const storeId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);
const isoTime = wireTime();
const reason = z.string().max(300);

const eventEnvelope = {
  eventId: id,
  memberId: id.nullable(),
  memberSeq: posInt32().nullable(),
  schemaVersion: z.number().int().min(1).max(1000),
  occurredAt: isoTime,
};

type Variant = z.ZodObject;
const variants = (Object.keys(eventPayloadSchemas) as EventKind[]).map((kind) =>
  z.object({ ...eventEnvelope, kind: z.literal(kind), payload: eventPayloadSchemas[kind] }).strict(),
) as unknown as [Variant, ...Variant[]];

export type WireEvent = {
  [K in EventKind]: {
    eventId: string;
    kind: K;
    memberId: string | null;
    memberSeq: number | null;
    schemaVersion: number;
    occurredAt: string;
    payload: EventPayload<K>;
  };
}[EventKind];

export const wireEventSchema = z
  .discriminatedUnion('kind', variants)
  .refine((e) => (e['memberId'] === null) === (e['memberSeq'] === null), { message: 'memberId and memberSeq come together', path: ['memberSeq'] })
  .refine((e) => e['memberId'] === null || e['memberId'] === payloadMemberOf(String(e['kind']), e['payload']), {
    message: "the envelope's memberId differs from the payload's member",
    path: ['memberId'],
  }) as unknown as z.ZodType<WireEvent>;

/** An event the store could not send (parked locally): metadata only, so HQ can keep the member's sequence moving. */
export const skippedEventSchema = z
  .object({ eventId: id, memberId: id.nullable(), memberSeq: posInt32().nullable(), reason })
  .strict();
export type SkippedEvent = z.output<typeof skippedEventSchema>;

export const uploadBatchRequestSchema = z
  .object({
    v: z.literal(WIRE_VERSION),
    /** Stable id of the store database the events come from (per-member sequences are per origin). */
    originId: id,
    storeId,
    deviceId: id,
    events: z.array(wireEventSchema).max(MAX_BATCH_EVENTS),
    skipped: z.array(skippedEventSchema).max(MAX_BATCH_EVENTS).default([]),
  })
  .strict();
export type UploadBatchRequest = Omit<z.input<typeof uploadBatchRequestSchema>, 'events'> & { events: WireEvent[] };

export const rejectedEventSchema = z.object({ eventId: id, code: z.string().max(64), message: reason }).strict();

export const uploadBatchAckSchema = z
  .object({
    v: z.literal(WIRE_VERSION),
    /** Stored now. */
    accepted: z.array(id),
    /** Already held by HQ: acknowledged and ignored. */
    duplicates: z.array(id),
    /** Not stored yet because an earlier event of the same member is missing: send again later. */
    deferred: z.array(id),
    /** Refused for good (HQ recorded the refusal and moved the member's sequence on): park them. */
    rejected: z.array(rejectedEventSchema),
    hqTime: isoTime,
  })
  .strict();
export type UploadBatchAck = z.output<typeof uploadBatchAckSchema>;

export const provisionRequestSchema = z
  .object({
    v: z.literal(WIRE_VERSION),
    token: z.string().min(16).max(200),
    storeId,
    deviceName: z.string().min(1).max(100),
    appVersion: z.string().max(40),
    /** The store database this device sends from; bound to the device (else its first batch binds it). */
    originId: id.optional(),
  })
  .strict();
export type ProvisionRequest = z.output<typeof provisionRequestSchema>;

export const provisionResponseSchema = z
  .object({
    v: z.literal(WIRE_VERSION),
    deviceId: id,
    deviceSecret: z.string().min(32).max(200),
    storeId,
    chainId: id,
    hqTime: isoTime,
  })
  .strict();
export type ProvisionResponse = z.output<typeof provisionResponseSchema>;

export const healthResponseSchema = z
  .object({ v: z.literal(WIRE_VERSION), status: z.literal('ok'), hqTime: isoTime, database: z.enum(['postgres', 'sqlite']) })
  .strict();

/** POST /v1/deprovision: the device retired its own credentials. */
export const deprovisionResponseSchema = z.object({ v: z.literal(WIRE_VERSION), revoked: z.literal(true), hqTime: isoTime }).strict();

// ---- device status (issue 13) ------------------------------------------------------------------

/**
 * What a store device reports once per sync cycle for HQ's stores page: versions, its outbox, and
 * the number of people with face data at the store — a count only, never face data.
 */
export const deviceStatusRequestSchema = z
  .object({
    v: z.literal(WIRE_VERSION),
    appVersion: z.string().min(1).max(40),
    modelVersion: z.string().max(80).nullable(),
    pendingEvents: uint32(),
    parkedEvents: uint32(),
    oldestPendingSeconds: uint32().nullable(),
    faceDataPeople: uint32(),
    /** The loyalty rules version the store applies; null before it applied one from HQ. */
    rulesVersion: uint32().nullable(),
    /** The last rules version the store refused, and why. */
    rulesRefusal: z.object({ version: uint32(), message: z.string().max(300) }).strict().nullable().optional(),
  })
  .strict();
export type DeviceStatusRequest = z.output<typeof deviceStatusRequestSchema>;

export const deviceStatusResponseSchema = z.object({ v: z.literal(WIRE_VERSION), recorded: z.literal(true), hqTime: isoTime }).strict();
export type DeviceStatusResponse = z.output<typeof deviceStatusResponseSchema>;

// ---- downlink ---------------------------------------------------------------------------------

const bounded = z.string().max(500);
const tierSchema = z
  .object({ tierId: id, name: bounded, rank: z.number().int().min(0).max(100), minAnnualSpendFen: uint32(), pointsMultiplierPct: z.number().int().min(0).max(10_000) })
  .strict();
const ruleSchema = z.object({ ruleId: id, name: bounded, valueText: bounded }).strict();
const campaignSchema = z
  .object({ campaignId: id, title: bounded, description: z.string().max(2000), startsAt: isoTime, endsAt: isoTime, tierIds: z.array(id).max(20) })
  .strict();
/** Non-biometric member profile: never a photo, template or full phone number (masked only). */
const memberProfileSchema = z
  .object({ memberId: id, displayName: z.string().max(100), phoneMasked: z.string().max(20).regex(/^[0-9*+ -]*$/), tierId: id.nullable(), homeStoreId: storeId.nullable(), updatedAt: isoTime })
  .strict();
const balanceSchema = z.object({ memberId: id, pointsBalance: z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER), asOfHqSeq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }).strict();
const erasureSchema = z.object({ memberId: id, erasedAt: isoTime, requestedAtStore: storeId.nullable() }).strict();
/** Largest rules document a version may carry (its JSON text). */
export const MAX_RULES_JSON_CHARS = 64_000;
/**
 * A loyalty rules version published by HQ (issue 13). `rules` is deliberately not the strict rules
 * schema here: a store whose schema refuses a version (an older app, a bad publish) must still receive
 * the page, refuse that version whole and report why (`rules.refused`), instead of failing every
 * later change of the feed. The store validates it with edge-sync/protocol/loyalty-rules.ts.
 */
const rulesVersionSchema = z
  .object({
    version: posInt32(),
    startsAt: isoTime,
    publishedAt: isoTime,
    rules: z.unknown().refine((r) => r !== undefined && JSON.stringify(r).length <= MAX_RULES_JSON_CHARS, `at most ${MAX_RULES_JSON_CHARS} characters of JSON`),
  })
  .strict();
/**
 * An item catalogue version published by HQ (issue 15). Like a rules version, `items` is checked by the
 * store with edge-sync/protocol/catalogue-wire.ts, so a store that refuses it still receives the page
 * and reports `catalogue.refused` instead of failing every later change of the feed.
 */
const catalogueVersionSchema = z
  .object({
    version: posInt32(),
    startsAt: isoTime,
    publishedAt: isoTime,
    items: z.unknown().refine((r) => r !== undefined && JSON.stringify(r).length <= MAX_CATALOGUE_JSON_CHARS, `at most ${MAX_CATALOGUE_JSON_CHARS} characters of JSON`),
  })
  .strict();
/** A campaign's coupon for one member, sent to the member's home store (or every store of the chain). */
const couponSchema = z
  .object({
    couponId: id,
    campaignId: id,
    memberId: id,
    title: z.string().min(1).max(60),
    // amountOffFen (fixed) or percentOff (+ maxOffFen): coupon-terms.ts, the schema HQ's campaign form and the store share.
    ...wireCouponTermsShape,
    validFrom: isoTime,
    expiresAt: isoTime,
  })
  .strict()
  .superRefine(checkWireCouponTerms);

export const downlinkChangeSchema = z.discriminatedUnion('type', [
  z.object({ seq: z.number().int().positive(), type: z.literal('tier'), body: tierSchema }).strict(),
  z.object({ seq: z.number().int().positive(), type: z.literal('rule'), body: ruleSchema }).strict(),
  z.object({ seq: z.number().int().positive(), type: z.literal('campaign'), body: campaignSchema }).strict(),
  z.object({ seq: z.number().int().positive(), type: z.literal('member_profile'), body: memberProfileSchema }).strict(),
  z.object({ seq: z.number().int().positive(), type: z.literal('member_balance'), body: balanceSchema }).strict(),
  z.object({ seq: z.number().int().positive(), type: z.literal('erasure'), body: erasureSchema }).strict(),
  z.object({ seq: z.number().int().positive(), type: z.literal('rules_version'), body: rulesVersionSchema }).strict(),
  z.object({ seq: z.number().int().positive(), type: z.literal('coupon'), body: couponSchema }).strict(),
  z.object({ seq: z.number().int().positive(), type: z.literal('catalogue_version'), body: catalogueVersionSchema }).strict(),
]);
export type DownlinkChange = z.output<typeof downlinkChangeSchema>;
export type DownlinkChangeType = DownlinkChange['type'];
export const downlinkBodySchemas = {
  tier: tierSchema,
  rule: ruleSchema,
  campaign: campaignSchema,
  member_profile: memberProfileSchema,
  member_balance: balanceSchema,
  erasure: erasureSchema,
  rules_version: rulesVersionSchema,
  coupon: couponSchema,
  catalogue_version: catalogueVersionSchema,
} as const;

/**
 * Forward compatibility of the downlink (edge-sync/README.md, "Downlink compatibility"). Stores are
 * updated over weeks, so an HQ may send a change type, or a body shape, that an older store app does
 * not know. The page's envelope and each change's `{seq, type, body}` are frozen: a store parses
 * those leniently and only then each change with its strict schema, so one change it cannot read is
 * kept aside (deferred) instead of failing the whole page and stalling the feed.
 */
const downlinkTypeName = z.string().regex(/^[a-z][a-z0-9_.]{0,63}$/, 'a change type name');
export const downlinkEnvelopeChangeSchema = z.object({ seq: z.number().int().positive(), type: downlinkTypeName, body: z.unknown() }).strict();
/** One change as HQ sent it: its body is not checked yet (parseDownlinkChange does that). */
export type DownlinkEnvelopeChange = z.output<typeof downlinkEnvelopeChangeSchema>;
const downlinkPageShape = {
  v: z.literal(WIRE_VERSION),
  changes: z.array(downlinkEnvelopeChangeSchema).max(1000),
  cursor: z.number().int().min(0),
  hasMore: z.boolean(),
  hqTime: isoTime,
};
/** What a store reads from GET /v1/downlink: the frozen envelope only. */
export const downlinkPageSchema = z.object(downlinkPageShape).strict();
export type DownlinkPage = z.output<typeof downlinkPageSchema>;

export function isKnownDownlinkType(type: string): type is DownlinkChangeType {
  return Object.hasOwn(downlinkBodySchemas, type);
}

/** Why a change cannot be applied by this app version, in words without any of the body's values. */
export type DownlinkParseResult = { ok: true; change: DownlinkChange } | { ok: false; reason: string };

/** A change checked with the strict schema of its type, or why this app version cannot apply it. */
export function parseDownlinkChange(raw: DownlinkEnvelopeChange): DownlinkParseResult {
  if (!isKnownDownlinkType(raw.type)) return { ok: false, reason: 'unknown type' };
  const parsed = downlinkChangeSchema.safeParse(raw);
  if (parsed.success) return { ok: true, change: parsed.data };
  // zod's messages name the field and the expected shape, never the value received.
  const issue = parsed.error.issues[0];
  return { ok: false, reason: `body not understood: ${issue?.path.map(String).join('.') || 'body'}: ${issue?.message ?? 'invalid'}`.slice(0, 300) };
}

/**
 * What HQ answers: the same envelope, and every change of a type this HQ knows must pass its strict
 * schema (HQ's own last check before anything leaves). A change of a type this HQ does not know
 * (written by a newer HQ, then rolled back) is passed on as stored, for the stores to defer or apply.
 */
export const downlinkResponseSchema = z
  .object(downlinkPageShape)
  .strict()
  .superRefine((page, ctx) => {
    page.changes.forEach((change, i) => {
      if (!isKnownDownlinkType(change.type)) return;
      const parsed = downlinkChangeSchema.safeParse(change);
      for (const issue of parsed.error?.issues ?? []) ctx.addIssue({ code: 'custom', message: issue.message, path: ['changes', i, ...issue.path] });
    });
  });
export type DownlinkResponse = z.output<typeof downlinkResponseSchema>;

/** GET /v1/downlink?after=&limit=: digits only, so a cursor beyond 2^53 (after=1e20) is an input error, not a 500. */
export const downlinkQuerySchema = z.object({
  after: z.string().regex(/^\d{1,15}$/, 'must be a cursor of 0..999999999999999').default('0').transform(Number),
  limit: z
    .string()
    .regex(/^\d{1,4}$/, 'must be 1..1000')
    .default('500')
    .transform(Number)
    .pipe(z.number().min(1, 'must be 1..1000').max(1000, 'must be 1..1000')),
});

// ---- errors -------------------------------------------------------------------------------------

export const wireErrorCodeSchema = z.enum([
  'MALFORMED',
  'UNSUPPORTED_VERSION',
  'PAYLOAD_TOO_LARGE',
  'UNAUTHENTICATED',
  'BAD_SIGNATURE',
  'CLOCK_SKEW',
  'REPLAYED',
  'FORBIDDEN',
  'TOKEN_INVALID',
  'TOKEN_EXPIRED',
  'TOKEN_USED',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'RATE_LIMITED',
  'BIOMETRIC_SUSPECTED',
  // Issue 12: device-bound identity and member ownership (each refusal changes nothing at HQ).
  /** 403: the batch's originId is not the one bound to this device (or belongs to another store). */
  'ORIGIN_MISMATCH',
  /** 409: the event id is already HQ's for different content from this origin. */
  'EVENT_ID_REUSED',
  /** 409: the event id (or a sequence notice's id) belongs to another origin's event. */
  'EVENT_ID_TAKEN',
  /** 403: only the member's home store may create, change or merge them. */
  'NOT_HOME_STORE',
  /** 422: a cross-store points change above the per-event or per-day bound. */
  'POINTS_LIMIT',
  /** 422: a cross-store redemption larger than the member's chain balance. */
  'INSUFFICIENT_BALANCE',
  /** 409: a redemption's op id stands for another member, store or amount, or was already used by another event. */
  'OP_ID_MISMATCH',
  'INTERNAL',
]);
/** Refusals that concern one event of a batch: the uploader isolates and parks that event, as for a 400. */
export const EVENT_SCOPED_ERROR_CODES: readonly WireErrorCode[] = ['MALFORMED', 'EVENT_ID_REUSED', 'EVENT_ID_TAKEN', 'NOT_HOME_STORE', 'POINTS_LIMIT', 'INSUFFICIENT_BALANCE', 'OP_ID_MISMATCH', 'BIOMETRIC_SUSPECTED'];
export type WireErrorCode = z.output<typeof wireErrorCodeSchema>;
export const wireErrorSchema = z
  .object({ v: z.literal(WIRE_VERSION), error: z.object({ code: wireErrorCodeSchema, message: z.string().max(500) }).strict(), hqTime: isoTime })
  .strict();
export type WireError = z.output<typeof wireErrorSchema>;
