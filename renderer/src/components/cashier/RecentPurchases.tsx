import { useState } from 'react';
import { useCall } from '../../hooks/use-call.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { ErrorNotice } from '../ErrorNotice.js';
import { RefundDialog, type RefundResult } from './RefundDialog.js';

/** The member's latest purchases with a refund for each (manager PIN), newest first. */
export function RecentPurchases({ memberId, reloadKey, itemName, onRefunded }: { memberId: string; reloadKey: number; itemName(sku: string, recorded: string): string; onRefunded(result: RefundResult): void }) {
  const { t, money, dateTime } = useI18n();
  const [generation, setGeneration] = useState(0);
  const { state } = useCall('purchases.listForMember', { memberId, limit: 5 }, `${memberId}-${reloadKey}-${generation}`);
  const [refunding, setRefunding] = useState<string | null>(null);
  if (state.status === 'error') return <ErrorNotice error={state.error} testId="purchases-error" />;
  if (state.status !== 'ok' || state.value.length === 0) return null;
  return (
    <section className="panel" data-testid="recent-purchases">
      <h3>{t('counter.purchases.title')}</h3>
      <ul className="list">
        {state.value.map((p) => (
          <li key={p.purchaseId} data-testid="recent-purchase" data-purchase-id={p.purchaseId} data-status={p.status}>
            <div className="row">
              <span className="muted">{dateTime(p.at)}</span>
              <span>{p.items.map((i) => t('cashier.card.favouriteLine', { name: itemName(i.sku, i.name), qty: i.qty })).join('、')}</span>
              <strong>{money(p.paidFen)}</strong>
              {p.refundedFen > 0 ? <span className="badge badge-warn">{t('counter.purchases.refunded', { amount: money(p.refundedFen) })}</span> : null}
              {p.status !== 'refunded' && refunding !== p.purchaseId ? (
                <button type="button" className="button button-link" onClick={() => setRefunding(p.purchaseId)} data-testid="refund-open">
                  {t('counter.refund.open')}
                </button>
              ) : null}
            </div>
            {refunding === p.purchaseId ? (
              <RefundDialog
                purchase={p}
                isVoid={false}
                onCancel={() => setRefunding(null)}
                onDone={(result) => {
                  setRefunding(null);
                  setGeneration((g) => g + 1);
                  onRefunded(result);
                }}
              />
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
