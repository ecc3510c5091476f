import type { z } from 'zod';
import type { faceEnrolResultSchema, faceFrameResultSchema, faceStatusSchema } from '../../contract/face.js';
import type { FaceConfig } from '../../contract/face-config.js';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { Db } from '../../db/connection.js';
import type { FaceEngine, FaceInput } from './face-engine.js';
import type { RejectionSummary } from './face-rejections.js';
import type { GalleryIndex, MemberScore } from './gallery-index.js';
import type { TemplateKeyProvider } from './template-crypto.js';

// The face service's public types, apart from its parts so that every part can use them.

export type FrameResult = z.output<typeof faceFrameResultSchema>;
export type EnrolResult = z.output<typeof faceEnrolResultSchema>;
export type FaceStatus = z.output<typeof faceStatusSchema>;

export interface FaceServiceContext {
  db: Db;
  config: FaceConfig;
  log: Logger;
  clock: Clock;
  /** Called whenever the status a UI shows may have changed (worker state, gallery size). */
  onStatus?: (status: FaceStatus) => void;
}

export interface FaceServiceDeps {
  engine: FaceEngine;
  keyProvider: TemplateKeyProvider;
  /** Recorded, not withdrawn face consent (the membership domain implements it). */
  hasFaceConsent(memberId: string): boolean;
  index?: GalleryIndex;
  /** The face vault (per-member keys, erasure log); by default keys/face-vault.sqlite beside the store file, owned by the service. */
  vault?: Db;
}

export interface Identification {
  status: 'identified' | 'unknown';
  match: { memberId: string; confidence: number; margin: number } | null;
  reason: FrameResult['reason'];
  threshold: number;
  candidates: MemberScore[];
}

export interface FaceService {
  /** Loads the gallery into memory and starts loading models in the worker (does not wait for them). */
  start(): Promise<void>;
  /** (Re)loads the models in the engine; called at start and whenever a restarted worker is ready. */
  warmUp(): Promise<void>;
  /** A camera frame: encoded bytes (JPEG) or pixels (RawFrame, the kiosk camera's path). */
  analyzeFrame(sessionId: string, frame: FaceInput): Promise<FrameResult>;
  endSession(sessionId: string): boolean;
  enrollFromSession(sessionId: string, memberId: string, staffId?: string | null): Promise<EnrolResult>;
  enrollFromPhotos(memberId: string, images: Uint8Array[], options?: { source?: 'photo' | 'cli'; staffId?: string | null }): Promise<EnrolResult>;
  /** One still image against the gallery (CLI, diagnostics): no liveness, single frame. */
  identifyPhoto(bytes: Uint8Array): Promise<Identification & { faceCount: number }>;
  rejectMatch(sessionId: string, memberId: string, staffId: string | null): { recorded: boolean; rejectionsForMember: number };
  /** A confirmed phone/QR check-in of the member outweighs one earlier "not me" (see face-rejections.ts). */
  noteConfirmedCheckin(memberId: string, method: 'phone' | 'qr', checkinId: string): { outweighed: boolean; remaining: number };
  /** Staff review of rejection evidence (member ids, counts, dates; never a probe). */
  listRejections(): RejectionSummary[];
  /**
   * A face check-in was recorded for the member this session confirmed: if the visit was confident
   * (visit-learning.ts), its probe becomes a template. Never throws for a visit that does not qualify.
   */
  learnFromVisit(sessionId: string, memberId: string): { learned: boolean; reason: string | null };
  /** Members whose templates are all of a superseded model: a staff re-enrol prompt. */
  listStaleTemplateMembers(): Array<{ memberId: string; templates: number; modelVersions: string[] }>;
  clearRejections(memberId: string, staffId: string | null): number;
  /** Retention timer: deletes every "not me" probe older than rejections.expireAfterDays, looked up or not. */
  purgeExpiredRejections(): number;
  getConfirmedMatch(sessionId: string): { memberId: string; confidence: number } | null;
  deleteTemplatesForMember(memberId: string): number;
  /** How many templates a member has enrolled (0 = no face data). */
  countTemplates(memberId: string): number;
  countPeopleWithFaceData(): number;
  getStatus(): FaceStatus;
  close(): Promise<void>;
}
