import { z } from 'zod';
import { call } from './define.js';
import { rawFrameProblem } from './raw-frame.js';

/**
 * The face domain's slice of the contract. Camera frames travel as pixels (face.analyzeRawFrame) or,
 * for compatibility and for photos, as base64 JPEG in plain JSON. Nothing biometric ever
 * comes back: results carry ids, scores, boxes and guidance codes only.
 */
const memberId = z.string().min(1).max(128);
const sessionId = z.string().min(1).max(128);
/** ~12 MB of base64 ≈ 9 MB of image: far above a camera frame, below anything abusive. */
const imageBase64 = z.string().min(1).max(12_000_000);

/**
 * A camera frame as pixels (issue 16), the kiosk camera's usual path: no JPEG encode in the renderer,
 * no decode in the engine. Electron IPC carries the bytes as they are (structured clone); the
 * browser-hosted transport sends them in a binary body (contract/binary-args.ts), never as JSON.
 * Bad dimensions are refused here with a message that says what does not fit.
 */
export const rawFrameSchema = z
  .object({
    width: z.number().int(),
    height: z.number().int(),
    /** Bytes per row as sent (ImageData: width × 4). */
    stride: z.number().int(),
    format: z.enum(['rgba', 'rgb']),
    pixels: z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'pixels must be bytes (a Uint8Array)'),
  })
  .strict()
  .superRefine((f, ctx) => {
    const problem = rawFrameProblem({ ...f, byteLength: f.pixels.byteLength });
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem, path: ['pixels'] });
  });

export const faceQualityIssueSchema = z.enum(['FACE_TOO_SMALL', 'FACE_AT_EDGE', 'TOO_DARK', 'TOO_BRIGHT', 'BLURRED', 'TURNED_AWAY', 'MULTIPLE_FACES']);

export const faceFrameStatusSchema = z.enum([
  /** No face in the frame. */
  'no_face',
  /** A face, but the member must fix something (see `guidance`). */
  'guidance',
  /** The presentation looks like a photo or a screen. */
  'liveness_failed',
  /** Collecting frames for a decision (`framesCollected` of `framesNeeded`). */
  'identifying',
  'identified',
  /** A live, usable face that matches nobody: "not a member yet". */
  'unknown',
  /** A newer frame of the same session replaced this one before it was processed. */
  'dropped',
  /** The passive liveness score is uncertain: the person is asked to do `cue` before a decision (optional, config face.liveness.cue). */
  'cue',
]);

export const faceBoxSchema = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });

export const faceFrameResultSchema = z.object({
  status: faceFrameStatusSchema,
  guidance: z.array(faceQualityIssueSchema),
  faceCount: z.number().int().min(0),
  /** The primary face's box as fractions (0..1) of the frame, for the on-screen outline. */
  primaryBox: faceBoxSchema.nullable(),
  liveness: z.number().min(0).max(1).nullable(),
  framesCollected: z.number().int().min(0),
  framesNeeded: z.number().int().min(1),
  match: z.object({ memberId, confidence: z.number(), margin: z.number() }).nullable(),
  /** Why an `unknown` result: no enrolled match, two members too close, or an empty gallery. */
  reason: z.enum(['NO_MATCH', 'AMBIGUOUS', 'EMPTY_GALLERY', 'REJECTED_BEFORE']).nullable(),
  droppedFrames: z.number().int().min(0),
  processingMs: z.number().min(0),
  /** With status 'cue': what the kiosk asks (turn the head slightly); the engine checks it from the landmarks. */
  cue: z.enum(['TURN_HEAD']).optional(),
});

export const faceEnrolResultSchema = z.object({
  memberId,
  templatesAdded: z.number().int().min(0),
  templatesTotal: z.number().int().min(0),
  imagesUsed: z.number().int().min(0),
  /** One entry per submitted image that could not be used, with its error or guidance code. */
  skipped: z.array(z.object({ index: z.number().int(), code: z.string() })),
  modelVersion: z.string(),
});

export const faceStatusSchema = z.object({
  state: z.enum(['ready', 'starting', 'restarting', 'down', 'disabled']),
  modelsLoaded: z.boolean(),
  modelVersion: z.string().nullable(),
  lastError: z.string().nullable(),
  gallery: z.object({
    people: z.number().int(),
    templates: z.number().int(),
    /** Stored templates made by another model version: ignored until the member re-enrols. */
    otherModelTemplates: z.number().int(),
    unreadableTemplates: z.number().int(),
  }),
  /** Must be shown to the store: ≥ 100,000 requires a regulatory filing. */
  peopleWithFaceData: z.number().int(),
  thresholds: z.object({
    identify: z.number(),
    verify: z.number(),
    minMargin: z.number(),
    liveness: z.number(),
    decisionFrames: z.number().int(),
  }),
  livenessEnabled: z.boolean(),
  droppedFrames: z.number().int(),
});

export const faceCalls = {
  'face.analyzeFrame': call(z.object({ sessionId, jpegBase64: imageBase64 }).strict(), faceFrameResultSchema),
  /** The same as face.analyzeFrame for a frame sent as pixels (the kiosk camera; JPEG stays accepted above). */
  'face.analyzeRawFrame': call(z.object({ sessionId, frame: rawFrameSchema }).strict(), faceFrameResultSchema),
  'face.endSession': call(z.object({ sessionId }).strict(), z.object({ ended: z.boolean() })),
  /**
   * Enrols the face seen in a camera session. Staff may enrol any member with recorded consent; at the
   * kiosk without staff, only a member who has just joined there (and has no face enrolled yet).
   */
  'face.enrollFromSession': call(z.object({ sessionId, memberId }).strict(), faceEnrolResultSchema),
  'face.enrollFromPhotos': call(
    z
      .object({
        memberId,
        imagesBase64: z.array(imageBase64).min(1).max(10),
      })
      .strict(),
    faceEnrolResultSchema,
    'staff',
  ),
  /**
   * "Not this member": staff may reject any match of a session; the member at the kiosk ("not me")
   * only the match the session is currently showing.
   */
  'face.rejectMatch': call(z.object({ sessionId, memberId }).strict(), z.object({ recorded: z.boolean(), rejectionsForMember: z.number().int() })),
  /**
   * Staff review of "not this member" evidence (issue 16): who has some, how much, since when and
   * when the oldest expires. Never a probe. Evidence also decays by itself (config
   * face.rejections.expireAfterDays) and each later phone/QR check-in of the member outweighs one.
   */
  'face.listRejections': call(
    z.object({}).strict(),
    z.array(z.object({ memberId, count: z.number().int().min(1), oldestAt: z.string(), newestAt: z.string(), expiresAt: z.string() })),
    'manager',
  ),
  /** Staff clear a member's "not this member" evidence (a mistaken tap): probes deleted. */
  'face.clearRejections': call(z.object({ memberId }).strict(), z.object({ cleared: z.number().int().min(0) }), 'manager'),
  /**
   * Members whose templates are all of a superseded model version (issue 16): face recognition no
   * longer works for them until they are re-enrolled (staff prompt) — a visit can only refresh a
   * member who still has a current-model template.
   */
  'face.listStaleTemplateMembers': call(
    z.object({}).strict(),
    z.array(z.object({ memberId, templates: z.number().int().min(1), modelVersions: z.array(z.string()) })),
    'manager',
  ),
  'face.deleteMemberFaceData': call(z.object({ memberId }).strict(), z.object({ templatesDeleted: z.number().int() }), 'manager'),
  'face.getStatus': call(z.object({}).strict(), faceStatusSchema),
};

export const faceEvents = {
  'face.status': faceStatusSchema,
  /**
   * A face session confirmed a member (once per session), before the member taps anything: the
   * cashier console shows them at once (as "next" while another order is open). Ids and a score only.
   */
  'face.identified': z.object({ sessionId, memberId, confidence: z.number(), at: z.string() }),
};
