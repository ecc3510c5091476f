import type { faceCalls } from '../../contract/face.js';
import type { StaffSession } from '../../contract/handlers.js';
import { AppError } from '../../contract/result.js';
import type { DomainHandlers } from '../../core/service-context.js';
import { FaceErrorCode } from './face-errors.js';
import type { FaceService } from './face-service.js';

export interface FaceDeps {
  face: FaceService;
  /** True for a member who joined at this store in the last few minutes (self-enrolment while joining). */
  /** The member was created by this kiosk client moments ago (the self-enrolment right is the creating client's). */
  isJustJoined: (memberId: string, clientId: string) => boolean;
}

const DATA_URL_PREFIX = /^data:image\/[a-z0-9.+-]+;base64,/i;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Strict base64 (optionally a data: URL): Buffer.from would silently skip garbage characters. */
export function decodeBase64Image(text: string): Uint8Array {
  const body = text.replace(DATA_URL_PREFIX, '').replace(/\s+/g, '');
  if (!BASE64.test(body) || body.length % 4 === 1) throw new AppError('INVALID_ARGUMENT', 'The image is not valid base64');
  const bytes = Buffer.from(body, 'base64');
  if (bytes.length === 0) throw new AppError(FaceErrorCode.IMAGE_EMPTY, 'The image is empty');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Remembers which sessions were announced, so a confirmed session's later frames do not announce again. */
const ANNOUNCED_LIMIT = 256;

/**
 * Writes one audit row for a face action (enrolment, template deletion, "not me"). Details carry
 * ids and counts only: never a template, an image or a score vector.
 */
export type FaceAuditRecorder = (
  session: StaffSession | null,
  action: 'face.enrol' | 'face.templates_delete' | 'face.reject_match' | 'face.clear_rejections',
  memberId: string,
  detail: Record<string, string | number | null>,
) => void;

export interface FaceIdentifiedNotice {
  sessionId: string;
  memberId: string;
  confidence: number;
}

export function createFaceHandlers(
  deps: FaceDeps,
  onIdentified: (notice: FaceIdentifiedNotice) => void = () => {},
  recordAudit: FaceAuditRecorder = () => {},
): DomainHandlers<keyof typeof faceCalls> {
  const { face } = deps;
  const announced = new Set<string>();
  const announce = (sessionId: string, result: Awaited<ReturnType<FaceService['analyzeFrame']>>) => {
    if (result.status === 'identified' && result.match && !announced.has(sessionId)) {
      announced.add(sessionId);
      if (announced.size > ANNOUNCED_LIMIT) announced.delete(announced.values().next().value as string);
      onIdentified({ sessionId, memberId: result.match.memberId, confidence: result.match.confidence });
    }
    return result;
  };
  return {
    'face.analyzeFrame': async (args) => announce(args.sessionId, await face.analyzeFrame(args.sessionId, decodeBase64Image(args.jpegBase64))),
    'face.analyzeRawFrame': async (args) => announce(args.sessionId, await face.analyzeFrame(args.sessionId, args.frame)),
    'face.endSession': (args) => ({ ended: face.endSession(args.sessionId) }),
    'face.enrollFromSession': async (args, call) => {
      // Without staff, a kiosk could otherwise attach a stranger's face to any member it can name.
      if (!call.session && !(deps.isJustJoined(args.memberId, call.clientId) && face.countTemplates(args.memberId) === 0)) {
        throw new AppError('FORBIDDEN', 'Only a member who has just joined here can enrol without staff; ask a staff member');
      }
      const result = await face.enrollFromSession(args.sessionId, args.memberId, call.session?.staffId ?? null);
      recordAudit(call.session, 'face.enrol', args.memberId, { source: 'session', templatesAdded: result.templatesAdded });
      return result;
    },
    'face.enrollFromPhotos': async (args, call) => {
      const result = await face.enrollFromPhotos(args.memberId, args.imagesBase64.map(decodeBase64Image), {
        source: 'photo',
        staffId: call.session?.staffId ?? null,
      });
      recordAudit(call.session, 'face.enrol', args.memberId, { source: 'photo', templatesAdded: result.templatesAdded });
      return result;
    },
    'face.rejectMatch': (args, call) => {
      if (!call.session && face.getConfirmedMatch(args.sessionId)?.memberId !== args.memberId) {
        throw new AppError('FORBIDDEN', 'At the kiosk only the member being shown can be rejected');
      }
      const result = face.rejectMatch(args.sessionId, args.memberId, call.session?.staffId ?? null);
      recordAudit(call.session, 'face.reject_match', args.memberId, { sessionId: args.sessionId });
      return result;
    },
    'face.listRejections': () => face.listRejections(),
    'face.clearRejections': (args, call) => {
      const cleared = face.clearRejections(args.memberId, call.session?.staffId ?? null);
      recordAudit(call.session, 'face.clear_rejections', args.memberId, { cleared });
      return { cleared };
    },
    'face.listStaleTemplateMembers': () => face.listStaleTemplateMembers(),
    'face.deleteMemberFaceData': (args, call) => {
      const templatesDeleted = face.deleteTemplatesForMember(args.memberId);
      recordAudit(call.session, 'face.templates_delete', args.memberId, { templatesDeleted });
      return { templatesDeleted };
    },
    'face.getStatus': () => face.getStatus(),
  };
}
