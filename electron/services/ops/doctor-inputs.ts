import type { z } from 'zod';
import type { cameraReportSchema, doctorCheckSchema, doctorReportSchema, DoctorAdviceCode, DoctorFindingCode } from '../../contract/ops.js';
import type { DisplayInfo } from '../../core/display-layout.js';
import type { AppConfig } from '../../core/config.js';
import type { Db } from '../../db/connection.js';

/** What the doctor looks at and what each check answers (shared by the doctor's check modules). */
export type DoctorCheck = z.output<typeof doctorCheckSchema>;
export type DoctorReport = z.output<typeof doctorReportSchema>;
export type CameraReport = z.output<typeof cameraReportSchema> & { reportedAt: string };

/** What a device service answers about one device. */
export interface DeviceStatus {
  configured: boolean;
  connected: boolean;
  /** e.g. "paper near end", "/dev/ttyUSB0 not found"; never personal data. */
  detail: string;
}
export type DeviceProbe = () => Promise<DeviceStatus>;

export interface StatfsResult {
  bavail: number;
  bsize: number;
  blocks: number;
}

export interface HttpGet {
  (url: string, init: { signal: AbortSignal }): Promise<{ ok: boolean; status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;
}

/**
 * Everything the doctor looks at, injectable so each fault can be simulated in tests
 * (a full disk through `statfs`, an unwritable folder through `writeProbe`, an absent printer
 * through its probe, HQ down through `httpGet` or a closed port).
 */
export interface DoctorInputs {
  dataDir: string;
  config: AppConfig;
  /** The displays the Electron shell sees (absent outside it: the doctor says what is configured). */
  displays?: DisplayInfo[] | null;
  appVersion: string;
  /** The open store database, or null when it could not be opened (the error says why). */
  db: Db | null;
  dbError?: string | null;
  modelsDir: string;
  now: () => Date;
  /** 'cli' when the doctor runs outside the app: the camera belongs to the renderer. */
  camera: CameraReport | null | 'cli';
  printer?: DeviceProbe | null;
  scanner?: DeviceProbe | null;
  /** Whether the device has its HQ credentials (the sync service knows where they live). */
  hqCredentials?: (() => { present: boolean; detail: string }) | null;
  workerState?: (() => { state: string; restarts: number; lastError: string | null }) | null;
  /** Hashes files off the caller's thread (the kiosk worker's 'files.sha256'), or here. */
  hashFiles?: (files: string[]) => Promise<Record<string, string | null>>;
  statfs?: (dir: string) => Promise<StatfsResult>;
  writeProbe?: (dir: string) => void;
  httpGet?: HttpGet;
}


type Params = Record<string, string | number>;
/** A sentence as code + parameters (worded by the renderer) and in English (for the CLI and the support bundle). */
export interface Said<C extends string> {
  code: C;
  text: string;
  params?: Params;
}
export const found = (code: DoctorFindingCode, text: string, params?: Params): Said<DoctorFindingCode> => ({ code, text, ...(params ? { params } : {}) });
export const advise = (code: DoctorAdviceCode, text: string, params?: Params): Said<DoctorAdviceCode> => ({ code, text, ...(params ? { params } : {}) });

export function check(id: string, title: string, status: DoctorCheck['status'], summary: Said<DoctorFindingCode>, action: Said<DoctorAdviceCode> | null = null, data?: DoctorCheck['data']): DoctorCheck {
  const params = { ...summary.params, ...action?.params };
  return {
    id,
    title,
    status,
    summary: summary.text,
    action: action?.text ?? null,
    summaryCode: summary.code,
    actionCode: action?.code ?? null,
    ...(Object.keys(params).length > 0 ? { params } : {}),
    ...(data ? { data } : {}),
  };
}

export function errText(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (!(e instanceof Error)) return String(error);
  return e.code && !e.message.startsWith(e.code) ? `${e.code}: ${e.message}` : e.message;
}

export async function guarded(id: string, title: string, run: () => Promise<DoctorCheck | DoctorCheck[]> | DoctorCheck | DoctorCheck[]): Promise<DoctorCheck[]> {
  try {
    const result = await run();
    return Array.isArray(result) ? result : [result];
  } catch (error) {
    return [check(id, title, 'fail', found('check.failed', `The check itself failed: ${errText(error)}`), advise('check.support', 'Send a support bundle to your IT contact.'))];
  }
}

