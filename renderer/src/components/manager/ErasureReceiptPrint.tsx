import { useState } from 'react';
import type { ErrorInfo } from '../../../../electron/contract/index.js';
import { useInvoke } from '../../hooks/use-call.js';
import { usePrintJob } from '../../hooks/use-print-job.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { MemberPrintStatus } from './MemberPrintStatus.js';

/** Prints the erasure receipt for the member to take away (issue 14); the paper names data classes in words. */
export function ErasureReceiptPrint({ memberId }: { memberId: string }) {
  const { t } = useI18n();
  const invoke = useInvoke();
  const { job, track } = usePrintJob();
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const print = async () => {
    setBusy(true);
    setError(null);
    const envelope = await invoke('receipts.printErasureReceipt', { memberId });
    setBusy(false);
    if (envelope.ok) track(envelope.value.job);
    else setError(envelope.error);
  };
  return (
    <>
      <button type="button" className="button" disabled={isBusy} onClick={() => void print()} data-testid="erasure-receipt-print">
        {t('erasure.printReceipt')}
      </button>
      <MemberPrintStatus job={job} error={error} jobKey="erasure.printJob" testId="erasure-receipt-job" />
    </>
  );
}
