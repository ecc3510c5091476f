import type { ErrorInfo } from '../../../../electron/contract/index.js';
import type { PrintJob } from '../../hooks/use-print-job.js';
import { useI18n } from '../../i18n/i18n-context.js';
import type { MessageKey } from '../../i18n/messages/zh-CN.js';
import { ErrorNotice } from '../ErrorNotice.js';

/** Where a member document (card, erasure receipt) is in the print queue, or why it did not queue. */
export function MemberPrintStatus({ job, error, jobKey, testId }: { job: PrintJob | null; error: ErrorInfo | null; jobKey: MessageKey; testId: string }) {
  const { t } = useI18n();
  return (
    <>
      {job ? (
        <p className={job.state === 'failed' ? 'notice notice-warn' : job.state === 'printed' ? 'notice notice-ok' : 'notice notice-info'} data-testid={testId} data-state={job.state}>
          {t(jobKey, { state: t(`memberPrint.state.${job.state}`) })}
        </p>
      ) : null}
      {error ? <ErrorNotice error={error} testId={`${testId}-error`} /> : null}
    </>
  );
}
