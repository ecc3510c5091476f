import type { TicketOffer, TicketStatus } from './kiosk-types.js';
import { useI18n } from '../../i18n/i18n-context.js';

/**
 * The optional ticket after a check-in: its queue number and the job's progress, or why there is
 * no ticket (no printer, printer out of paper …). Whatever happens here, the check-in is recorded.
 */
export function TicketPanel({ offer, ticket }: { offer: TicketOffer; ticket: TicketStatus }) {
  const { t } = useI18n();
  const queueNumber = 'queueNumber' in ticket ? ticket.queueNumber : null;
  return (
    <div className="ticket-panel row" data-testid="ticket-panel" data-status={ticket.status}>
      {queueNumber ? (
        <p className="ticket-number" data-testid="ticket-queue-number">
          {t('kiosk.ticket.queueNumber', { number: queueNumber })}
        </p>
      ) : null}
      {ticket.status === 'queued' ? <p className="notice notice-info" data-testid="ticket-printing">{t('kiosk.ticket.printing')}</p> : null}
      {ticket.status === 'printed' ? <p className="notice notice-ok" data-testid="ticket-printed">{t('kiosk.ticket.printed')}</p> : null}
      {ticket.status === 'failed' ? (
        <p className="notice notice-warn" data-testid="ticket-failed" data-code={ticket.code}>
          {t('kiosk.ticket.failed')}
        </p>
      ) : null}
      {ticket.status === 'not-today' ? <p className="notice notice-warn" data-testid="ticket-not-today">{t('kiosk.ticket.notToday')}</p> : null}
      {ticket.status === 'no-printer' || (ticket.status === 'idle' && offer.kind === 'none') ? (
        <p className="muted" data-testid="kiosk-printer-state" data-state="not-configured">
          {t('kiosk.printer.none')}
        </p>
      ) : null}
      {offer.kind === 'blocked' && ticket.status !== 'printed' && ticket.status !== 'queued' ? (
        <p className="notice notice-warn" data-testid="kiosk-printer-state" data-state={offer.state}>
          {offer.state === 'paper-out' ? t('kiosk.printer.outOfPaper') : t('kiosk.printer.state', { state: t(`printer.state.${offer.state}`) })}
        </p>
      ) : null}
    </div>
  );
}

/** "Print my ticket", beside "Done": only while a printer can print and no ticket is on its way. */
export function TicketButton({ offer, ticket, onPrint }: { offer: TicketOffer; ticket: TicketStatus; onPrint(): void }) {
  const { t } = useI18n();
  const canAsk = offer.kind === 'available' && (ticket.status === 'idle' || ticket.status === 'requesting' || ticket.status === 'failed');
  if (!canAsk) return null;
  return (
    <button type="button" className="button button-big" onClick={onPrint} disabled={ticket.status === 'requesting'} data-testid="ticket-button">
      {ticket.status === 'requesting' ? t('kiosk.ticket.printing') : t('kiosk.ticket.print')}
    </button>
  );
}
