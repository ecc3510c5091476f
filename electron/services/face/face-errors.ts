/**
 * Stable error codes of the face domain. The UI switches on them; the CLI prints them.
 * Bad input never crashes the worker: each case ends in one of these (or an explicit result).
 */
export const FaceErrorCode = {
  /** Zero bytes, or a base64 string that decodes to nothing. */
  IMAGE_EMPTY: 'FACE_IMAGE_EMPTY',
  /** Not an image format we decode (text, random bytes, PDF …). */
  IMAGE_UNSUPPORTED: 'FACE_IMAGE_UNSUPPORTED',
  /** A known format whose data is broken or cut off. */
  IMAGE_CORRUPT: 'FACE_IMAGE_CORRUPT',
  /** A camera frame sent as pixels whose width, height, stride or byte length do not fit together (or are out of bounds). */
  FRAME_INVALID: 'FACE_FRAME_INVALID',
  /** Width × height above the configured pixel limit; refused from the header, before decoding. */
  IMAGE_TOO_LARGE: 'FACE_IMAGE_TOO_LARGE',
  /** Models missing, or their sha256 differs from native-models/manifest.json. */
  MODELS_UNAVAILABLE: 'FACE_MODELS_UNAVAILABLE',
  MODEL_INTEGRITY: 'FACE_MODEL_INTEGRITY',
  /** Enrolment refused: the member has no recorded face consent. */
  CONSENT_REQUIRED: 'FACE_CONSENT_REQUIRED',
  /** Enrolment refused: not enough usable face images/frames. */
  ENROLMENT_INSUFFICIENT: 'FACE_ENROLMENT_INSUFFICIENT',
  /** Enrolment refused: the face already belongs to another enrolled member. */
  ENROLMENT_CONFLICT: 'FACE_ENROLMENT_CONFLICT',
  /** Enrolment from a session whose recent frames failed liveness. */
  LIVENESS_FAILED: 'FACE_LIVENESS_FAILED',
  /** No analysis session with that id (or it expired). */
  SESSION_UNKNOWN: 'FACE_SESSION_UNKNOWN',
  /** The template key cannot be read or is insecure. */
  KEY_UNAVAILABLE: 'FACE_KEY_UNAVAILABLE',
  /** Enrolment photos that do not show the same person. */
  ENROLMENT_INCONSISTENT: 'FACE_ENROLMENT_INCONSISTENT',
  /** A photo for enrolment with no face / several faces / a face too poor to use. */
  NO_FACE: 'FACE_NOT_FOUND',
} as const;

export type FaceErrorCodeValue = (typeof FaceErrorCode)[keyof typeof FaceErrorCode];
