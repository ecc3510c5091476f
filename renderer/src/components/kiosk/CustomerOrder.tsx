import { useEvent } from '../../hooks/use-call.js';
import { useI18n } from '../../i18n/i18n-context.js';

/** An order older than this on the customer display is a forgotten one, not the sale in progress. */
const STALE_MS = 15 * 60_000;

/** The running total of the sale the cashier is entering, on the customer display of a two-screen counter. */
export function CustomerOrder() {
  const { t, locale, money } = useI18n();
  const order = useEvent('counter.order');
  if (!order || order.lines.length === 0 || Date.now() - Date.parse(order.at) > STALE_MS) return null;
  return (
    <section className="kiosk-card customer-order" aria-live="polite" data-testid="customer-order">
      <h2>{t('counter.customer.title')}</h2>
      <ul className="list">
        {order.lines.map((line, i) => (
          <li key={i} className="row customer-order-line" data-testid="customer-order-line">
            <span>{t('cashier.card.favouriteLine', { name: line.name[locale], qty: line.qty })}</span>
            <span>{money(line.amountFen)}</span>
          </li>
        ))}
      </ul>
      {order.savedFen > 0 ? <p className="muted" data-testid="customer-order-saved">{t('counter.customer.saved', { amount: money(order.savedFen) })}</p> : null}
      <p className="customer-order-total" data-testid="customer-order-total">
        {t('counter.customer.toPay', { amount: money(order.paidFen) })}
      </p>
    </section>
  );
}
