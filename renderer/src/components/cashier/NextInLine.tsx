import { useCall } from '../../hooks/use-call.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { Kbd } from '../Kbd.js';
import type { Waiting } from '../../counter/counter-queue.js';

/** "Next: 李娜" — members identified while the cashier was busy, and orders put on hold. Never swapped in by themselves. */
export function NextInLine({ waiting, onServe, onDismiss }: { waiting: Waiting[]; onServe(memberId: string): void; onDismiss(memberId: string): void }) {
  const { t } = useI18n();
  if (waiting.length === 0) return null;
  return (
    <ul className="panel next-in-line list" data-testid="next-in-line">
      {waiting.map((w, i) => (
        <li key={w.memberId} className="row" data-testid="next-member" data-member-id={w.memberId} data-held={w.isHeld}>
          <strong>{t(w.isHeld ? 'counter.next.held' : 'counter.next.label')}</strong>
          <WaitingName memberId={w.memberId} />
          <span className="muted">{t(`cashier.card.via.${w.via}`)}</span>
          <button type="button" className="button button-primary" onClick={() => onServe(w.memberId)} data-testid="next-serve">
            {t('counter.next.serve')}
            {i === 0 ? <Kbd k="F4" /> : null}
          </button>
          {w.isHeld ? null : (
            <button type="button" className="button button-link" onClick={() => onDismiss(w.memberId)} data-testid="next-dismiss">
              {t('counter.next.dismiss')}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

function WaitingName({ memberId }: { memberId: string }) {
  const { state } = useCall('members.get', { memberId }, memberId);
  return <span data-testid="next-name">{state.status === 'ok' ? (state.value.name ?? '—') : '…'}</span>;
}
