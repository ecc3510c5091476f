import { AppError } from '../../contract/result.js';
import type { AuditFilter } from './audit-repository.js';
import { localDayEnd, localDayStart } from './local-day-bounds.js';

export interface AuditQuery {
  memberId?: string | undefined;
  beforeId?: number | undefined;
  action?: string | undefined;
  staffId?: string | undefined;
  /** Store-local calendar dates, both days included. */
  fromDate?: string | undefined;
  toDate?: string | undefined;
  limit: number;
}

const isRealDate = (d: string) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);

/** The manager's date filter in the store's days; a reversed or impossible range is DATE_RANGE_INVALID. */
export function auditFilter(q: AuditQuery, timeZone: string): AuditFilter {
  for (const d of [q.fromDate, q.toDate]) {
    if (d !== undefined && !isRealDate(d)) throw new AppError('DATE_RANGE_INVALID', 'Not a calendar date', { details: { date: d } });
  }
  if (q.fromDate !== undefined && q.toDate !== undefined && q.fromDate > q.toDate) {
    throw new AppError('DATE_RANGE_INVALID', 'The start date is after the end date');
  }
  return {
    memberId: q.memberId,
    beforeId: q.beforeId,
    action: q.action,
    staffId: q.staffId,
    since: q.fromDate === undefined ? undefined : localDayStart(q.fromDate, timeZone).toISOString(),
    until: q.toDate === undefined ? undefined : localDayEnd(q.toDate, timeZone).toISOString(),
    limit: q.limit,
  };
}
