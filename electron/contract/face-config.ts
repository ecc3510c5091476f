import { z } from 'zod';
import { CALIBRATED_TARGET_FPIR, CALIBRATED_THRESHOLDS } from './face-thresholds.generated.js';

/**
 * The `face` section of the kiosk configuration (electron/core/config.ts assembles it). It lives in
 * the contract, beside the loyalty and devices sections, so core can assemble the configuration
 * without depending on the face service. The 1:N thresholds are the output of
 * `npm run face -- calibrate ../shared/eval/lfw-dev --ship` (face-thresholds.generated.ts; a test
 * fails on a hand edit); a store recalibrates with `--data-dir` (see face/README.md "Calibration").
 */
const thresholdStepSchema = z
  .object({
    /** This threshold applies while the number of enrolled people is at most this. */
    maxGallerySize: z.number().int().positive(),
    /** Cosine similarity the best member must reach. */
    threshold: z.number().min(-1).max(1),
  })
  .strict();

export const faceConfigSchema = z
  .object({
    /** null = the models bundled with the app (native-models/). */
    modelsDir: z.string().nullable().default(null),
    /** onnxruntime intra-op threads per model session in the worker. */
    threads: z.number().int().min(1).max(16).default(1),
    /** Frames and photos above this many pixels are refused from their header. */
    maxImagePixels: z.number().int().positive().default(40_000_000),
    /** Camera frames are downscaled to this longer side before detection. */
    frameMaxSide: z.number().int().min(160).max(640).default(640),
    detectorScoreThreshold: z.number().min(0.1).max(0.99).default(0.75),
    /** Embed the mirror image too for photos (enrolment, CLI, eval): the author's LFW protocol. */
    flip: z.boolean().default(true),
    /**
     * The same for live frames. Off by default: it costs a second embedder run per frame, and the
     * decision already averages several frames. The mirror trick is test-time augmentation in the
     * same embedding space, so flipped templates and unflipped probes compare fine (LFW dev: 99.17%
     * mixed vs 99.33% both flipped; see README).
     */
    flipFrames: z.boolean().default(false),
    quality: z
      .object({
        minFacePx: z.number().min(8).default(64),
        minBrightness: z.number().min(0).max(255).default(40),
        maxBrightness: z.number().min(0).max(255).default(230),
        minSharpness: z.number().min(0).default(15),
        maxYaw: z.number().min(0).max(2).default(0.35),
        pitchRange: z.tuple([z.number(), z.number()]).default([0.15, 0.85]),
        edgeTolerance: z.number().min(0).max(1).default(0.05),
      })
      .strict()
      .prefault({}),
    liveness: z
      .object({
        enabled: z.boolean().default(true),
        /** Mean fused live probability over the decision frames must reach this. */
        threshold: z.number().min(0).max(1).default(0.6),
        /** Any single frame below this marks the attempt as a spoof (a replay that flickers live once is still refused). */
        frameFloor: z.number().min(0).max(1).default(0.3),
        /**
         * Optional active cue (issue 16; face/active-cue.ts): when the window's mean live score falls in
         * `band` [low, high), the kiosk asks the person to turn their head slightly and the engine
         * decides only once the landmarks' yaw has changed by `minYawChange` (same face, every frame
         * above `frameFloor`) within `timeoutMs`; otherwise `liveness_failed`. With the band at or above
         * `threshold` (the default) the cue only adds a check to faces that would pass; a band reaching
         * below it gives a genuine face in poor light a second chance, and lets a replayed video that
         * turns through (README "Active cue").
         */
        cue: z
          .object({
            enabled: z.boolean().default(false),
            band: z
              .tuple([z.number().min(0).max(1), z.number().min(0).max(1)])
              .refine(([low, high]) => low < high, 'band: low must be below high')
              .default([0.6, 0.8]),
            minYawChange: z.number().min(0.02).max(1).default(0.15),
            timeoutMs: z.number().int().min(1000).max(60_000).default(6000),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    decision: z
      .object({
        /** Consecutive usable frames combined into one decision. */
        frames: z.number().int().min(1).max(10).default(3),
        /**
         * After a decision (identified / unknown) the session holds it for this long while the same
         * face stays in view: those frames skip liveness and search (they are not decision frames,
         * README "Decision frames"); then a fresh window of live frames decides again. 0 = never hold.
         */
        holdMs: z.number().int().min(0).max(60_000).default(2000),
        /** Frames older than this do not count towards a decision. */
        windowMs: z.number().int().min(200).default(3000),
        /** Cosine gap between the best and the second-best member. */
        minMargin: z.number().min(0).max(1).default(0.05),
        /** How long a confirmed match stays available to check-in. */
        confirmedTtlMs: z.number().int().min(1000).default(60_000),
      })
      .strict()
      .prefault({}),
    /** 1:1 verification threshold (cosine); also used by `face eval` as the configured threshold. */
    verifyThreshold: z.number().min(-1).max(1).default(0.3),
    /**
     * Open-set FPIR per decision the 1:N thresholds are calibrated for. `face calibrate` reads it
     * (unless --target-fpir is given) and writes it beside the thresholds it computed.
     */
    targetFpir: z.number().gt(0).lt(1).default(CALIBRATED_TARGET_FPIR),
    /** Open-set 1:N thresholds by gallery size: `face calibrate` output (see README). */
    thresholds: z
      .array(thresholdStepSchema)
      .min(1)
      .default(CALIBRATED_THRESHOLDS.map((s) => ({ ...s }))),
    enrolment: z
      .object({
        /** Usable frames/photos needed for an enrolment. */
        minImages: z.number().int().min(1).max(10).default(1),
        framesFromSession: z.number().int().min(1).max(10).default(3),
        maxTemplatesPerMember: z.number().int().min(1).max(20).default(5),
      })
      .strict()
      .prefault({}),
    rejections: z
      .object({
        /** Most recent "not this member" probes kept per member as negative evidence. */
        maxPerMember: z.number().int().min(0).max(100).default(20),
        /**
         * Days a "not this member" probe counts as negative evidence; then it is deleted (the probe is
         * kept for this long only). Each later confirmed phone/QR check-in of the member also
         * outweighs one earlier rejection (see face/face-rejections.ts).
         */
        expireAfterDays: z.number().int().min(1).max(365).default(30),
      })
      .strict()
      .prefault({}),
    /**
     * Recognition that improves with visits (issue 16): a confident, live visit confirmed by a
     * face check-in of a member with no "not me" on record becomes a template, within
     * enrolment.maxTemplatesPerMember (the most redundant visit template is replaced; the enrolment
     * template never). Values chosen with the visit simulation (face/README.md).
     */
    visits: z
      .object({
        enabled: z.boolean().default(true),
        /** The visit must score this much above the identification threshold for the gallery size. */
        scoreAboveThreshold: z.number().min(0).max(1).default(0.05),
        /** …and lead the runner-up by at least this. */
        minMargin: z.number().min(0).max(1).default(0.1),
      })
      .strict()
      .prefault({}),
    /** Template key file for browser-hosted mode; null = <dataDir>/keys/face-templates.key. */
    keyFile: z.string().nullable().default(null),
  })
  .strict();

export type FaceConfig = z.output<typeof faceConfigSchema>;

export function defaultFaceConfig(): FaceConfig {
  return faceConfigSchema.parse({});
}
