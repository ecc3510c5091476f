import { useI18n } from '../../i18n/i18n-context.js';
import { useRedeemable } from './use-redeemable.js';

/**
 * The member bank beside the points on the cashier card (issue 13): with HQ reachable, the figure is
 * the chain's balance (HQ authorises each redemption); while HQ is unreachable, how much this store may
 * still let the member redeem (the offline allowance left). Nothing without the bank (local points only).
 */
export function BankPoints({ memberId, balance }: { memberId: string; balance: number }) {
  const { t, number } = useI18n();
  const r = useRedeemable(memberId, balance);
  if (!r || r.basis === 'local') return null;
  return (
    <span className={`badge ${r.basis === 'online' ? 'badge-ok' : 'badge-warn'}`} data-testid="card-bank" data-basis={r.basis} data-spendable={r.spendable}>
      {r.basis === 'online' ? t('cashier.card.bankOnline') : t('cashier.card.bankOffline', { points: number(r.spendable) })}
    </span>
  );
}
