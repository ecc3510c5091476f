import type { ResultOf } from '../../../../electron/contract/index.js';
import { useCall } from '../../hooks/use-call.js';

/**
 * What the member bank lets this till redeem for a member (purchases.redeemable), or null until known.
 * The card's bank badge and the purchase form's "max" button read the same figure; it is asked again
 * whenever the member's balance changes (after a sale, a pull from HQ).
 */
export function useRedeemable(memberId: string, balance: number): ResultOf<'purchases.redeemable'> | null {
  const { state } = useCall('purchases.redeemable', { memberId }, `${memberId}-${balance}`);
  return state.status === 'ok' ? state.value : null;
}
