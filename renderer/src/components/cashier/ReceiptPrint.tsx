import { useState } from 'react';
import type { ErrorInfo } from '../../../../electron/contract/index.js';
import { useInvoke } from '../../hooks/use-call.js';
import { usePrinterStatus } from '../../hooks/use-printer-status.js';
import { usePrintJob } from '../../hooks/use-print-job.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { ErrorNotice } from '../ErrorNotice.js';

/**
 * The receipt for the purchase just recorded: print (optionally opening the cash drawer), follow the
 * job in the print queue, reprint a marked copy. The purchase is recorded whatever the printer does.
 */
export function ReceiptPrint({ purchaseId }: { purchaseId: string }) {
  const { t } = useI18n();
  const invoke = useInvoke();
  const printer = usePrinterStatus();
  const { job, track } = usePrintJob();
  const [openDrawer, setOpenDrawer] = useState(false);
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [hasNoPrinter, setNoPrinter] = useState(false);

  const print = async () => {
    setBusy(true);
    setError(null);
    const envelope = await invoke('receipts.printPurchaseReceipt', { purchaseId, openCashDrawer: openDrawer });
    setBusy(false);
    if (envelope.ok) return track(envelope.value.job);
    if (envelope.error.code === 'PRINTER_NOT_CONFIGURED') return setNoPrinter(true);
    setError(envelope.error);
  };
  const reprint = async () => {
    if (!job) return;
    setBusy(true);
    setError(null);
    const envelope = await invoke('printing.reprint', { jobId: job.id });
    setBusy(false);
    if (envelope.ok) track(envelope.value.job);
    else setError(envelope.error);
  };

  if (hasNoPrinter || (!job && printer?.printer.state === 'not-configured')) {
    return (
      <p className="muted" data-testid="receipt-no-printer">
        {t('cashier.receipt.unavailable')}
      </p>
    );
  }
  const isFinished = job?.state === 'printed' || job?.state === 'failed';
  return (
    <div className="receipt-print" data-testid="receipt-panel">
      {job ? (
        <p className={job.state === 'failed' ? 'notice notice-warn' : job.state === 'printed' ? 'notice notice-ok' : 'notice notice-info'} data-testid="receipt-job" data-state={job.state} data-job-id={job.id}>
          {t(job.reprintOf ? 'cashier.receipt.reprintJob' : 'cashier.receipt.job', { state: t(`cashier.receipt.state.${job.state}`) })}
        </p>
      ) : null}
      {job?.state === 'failed' && job.mayHavePrinted ? <p className="notice notice-warn" data-testid="receipt-may-have-printed">{t('cashier.receipt.mayHavePrinted')}</p> : null}
      {error ? <ErrorNotice error={error} testId="receipt-error" /> : null}
      <div className="row">
        {!job ? (
          <>
            <label className="row">
              <input type="checkbox" checked={openDrawer} onChange={(e) => setOpenDrawer(e.target.checked)} data-testid="receipt-open-drawer" />
              {t('cashier.receipt.openDrawer')}
            </label>
            <button type="button" className="button button-primary" onClick={() => void print()} disabled={isBusy} data-testid="receipt-print">
              {t('cashier.receipt.print')}
            </button>
          </>
        ) : null}
        {job && isFinished ? (
          <button type="button" className="button" onClick={() => void reprint()} disabled={isBusy} data-testid="receipt-reprint">
            {t('cashier.receipt.reprint')}
          </button>
        ) : null}
      </div>
    </div>
  );
}
