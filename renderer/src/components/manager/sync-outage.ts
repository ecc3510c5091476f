import type { EventPayload } from '../../../../electron/contract/index.js';
import type { MessageKey, MessageParams } from '../../i18n/catalogue.js';

type UploadStatus = EventPayload<'sync.uploadStatus'>;

export interface OutageFormatters {
  dateTime(iso: string): string;
  time(iso: string): string;
  ago(ms: number): string;
  fromNow(ms: number): string;
}

export interface OutageLine {
  key: MessageKey;
  params?: MessageParams;
}

/**
 * The sync panel's account of an outage, in words: since when HQ has been unreachable and when the
 * uploader tries next (or that it is trying now, or that nothing will try because sync is not
 * running). Nothing when uploads are getting through.
 */
export function syncOutageLines(upload: UploadStatus, nowMs: number, f: OutageFormatters): OutageLine[] {
  if (upload.unreachableSince === null) return [];
  const since: OutageLine = {
    key: 'devices.sync.unreachableSince',
    params: { since: f.dateTime(upload.unreachableSince), ago: f.ago(Math.max(0, nowMs - Date.parse(upload.unreachableSince))) },
  };
  if (upload.state === 'stopped' || upload.state === 'not_provisioned') return [since, { key: 'devices.sync.nextAttemptNone' }];
  if (upload.state === 'uploading' || upload.nextAttemptAt === null) return [since, { key: 'devices.sync.nextAttemptNow' }];
  const inMs = Date.parse(upload.nextAttemptAt) - nowMs;
  if (inMs <= 0) return [since, { key: 'devices.sync.nextAttemptNow' }];
  return [since, { key: 'devices.sync.nextAttempt', params: { in: f.fromNow(inMs), at: f.time(upload.nextAttemptAt) } }];
}
