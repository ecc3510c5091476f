import { useState } from 'react';
import type { ErrorInfo } from '../../../../electron/contract/index.js';
import { useInvoke } from '../../hooks/use-call.js';
import { usePrintJob } from '../../hooks/use-print-job.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { ConfirmDialog, type ConfirmRequest } from '../ConfirmDialog.js';
import { MemberPrintStatus } from './MemberPrintStatus.js';

/**
 * The member's long-lived card (issue 14): print it, or — lost or shared card — reissue it behind a
 * confirmation (the old code stops working at once), then offer to print the new one.
 */
export function MemberCardReissue({ member }: { member: { memberId: string; name: string | null; memberCode: string } }) {
  const { t } = useI18n();
  const invoke = useInvoke();
  const { job, track } = usePrintJob();
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [isReissued, setReissued] = useState(false);
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);

  const print = async () => {
    setBusy(true);
    setError(null);
    const envelope = await invoke('receipts.printMemberCard', { memberId: member.memberId });
    setBusy(false);
    if (envelope.ok) track(envelope.value.job);
    else setError(envelope.error);
  };
  const reissue = async () => {
    setBusy(true);
    setError(null);
    const envelope = await invoke('members.revokeCardCode', { memberId: member.memberId });
    setBusy(false);
    if (!envelope.ok) return setError(envelope.error);
    setReissued(true);
  };

  return (
    <div className="panel" data-testid="member-card-panel">
      <h3>{t('memberCard.title')}</h3>
      <p className="muted">{t('memberCard.help')}</p>
      {isReissued ? (
        <p className="notice notice-ok" data-testid="member-card-reissued">
          {t('memberCard.reissued')}
        </p>
      ) : null}
      <div className="row">
        <button type="button" className={isReissued ? 'button button-primary' : 'button'} disabled={isBusy} onClick={() => void print()} data-testid="member-card-print">
          {t('memberCard.print')}
        </button>
        <button
          type="button"
          className="button"
          disabled={isBusy}
          onClick={() =>
            setConfirm({
              body: t('memberCard.confirmBody', { name: member.name ?? member.memberCode }),
              confirmLabel: t('memberCard.confirmOk'),
              onConfirm: () => void reissue(),
            })
          }
          data-testid="member-card-reissue"
        >
          {t('memberCard.reissue')}
        </button>
      </div>
      <MemberPrintStatus job={job} error={error} jobKey="memberCard.job" testId="member-card-job" />
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </div>
  );
}
