import type { Migration } from '../migration.js';

export const migration0013: Migration = {
  version: 13,
  name: 'audit-retention',
  sql: `
    -- The audit log stays append-only, with one exception: the retention timer may delete rows that
    -- are at least 365 days older than the newest row (the configured period, retention.auditLogDays,
    -- cannot be shorter). Measured against the newest row, not the wall clock, so a wrong system
    -- clock cannot open recent history to deletion; the timer appends its own 'retention.run' row first.
    DROP TRIGGER audit_log_no_delete;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      WHEN NOT (julianday(OLD.at) <= julianday((SELECT at FROM audit_log ORDER BY id DESC LIMIT 1)) - 365)
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only (retention deletes only rows older than 365 days)'); END;
  `,
};
