/**
 * The order being entered for one member. The console keeps one draft per member, so turning to the
 * next person in the queue and back never loses what was entered. Lines come from the item
 * catalogue (`itemId` set: the purchase's sku, so habits and favourites key on the item, whatever
 * the language) or, as "other", are typed by hand.
 */
export interface DraftLine {
  key: number;
  /** The catalogue item; null for an "other" line typed by hand. */
  itemId: string | null;
  name: string;
  qty: string;
  /** Yuan as typed (or the catalogue price, formatted the same way). */
  price: string;
}

export interface OrderDraft {
  lines: DraftLine[];
  redeem: string;
  couponId: string;
}

export interface CatalogueEntry {
  itemId: string;
  /** The name recorded on the purchase (the store's language), whatever the screen's language. */
  recordedName: string;
  priceFen: number;
}

let nextKey = 1;
export const otherLine = (): DraftLine => ({ key: nextKey++, itemId: null, name: '', qty: '1', price: '' });
export const emptyDraft = (): OrderDraft => ({ lines: [], redeem: '', couponId: '' });

export function fenToYuanText(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/** Tap-to-add: a second tap on the same item adds one to its line. */
export function addItem(draft: OrderDraft, item: CatalogueEntry): OrderDraft {
  const existing = draft.lines.find((l) => l.itemId === item.itemId);
  if (existing) return changeQty(draft, existing.key, 1);
  return { ...draft, lines: [...draft.lines, { key: nextKey++, itemId: item.itemId, name: item.recordedName, qty: '1', price: fenToYuanText(item.priceFen) }] };
}

/** −/+ on a line; a line taken down to zero is removed. */
export function changeQty(draft: OrderDraft, key: number, delta: number): OrderDraft {
  const lines = draft.lines.flatMap((l) => {
    if (l.key !== key) return [l];
    const qty = (Number(l.qty) || 0) + delta;
    return qty < 1 ? [] : [{ ...l, qty: String(qty) }];
  });
  return { ...draft, lines };
}

/** Anything entered or chosen: such an order must not be swapped away by someone else's arrival. */
export function isOrderOpen(draft: OrderDraft | undefined): boolean {
  if (!draft) return false;
  return draft.redeem.trim() !== '' || draft.couponId !== '' || draft.lines.some((l) => l.itemId !== null || l.name.trim() !== '' || l.price.trim() !== '');
}

/**
 * What the member bank lets this till redeem for a member (purchases.redeemable): `local` without the
 * bank, `online` with HQ reachable (the chain's balance), `offline` while HQ is unreachable (the store's
 * offline allowance left, never more than the balance).
 */
export interface TillRedeemable {
  basis: 'local' | 'online' | 'offline';
  spendable: number;
}

/**
 * The points the till may let go of: the bank's figure when the chain's bank is on (the one the card's
 * bank badge shows), else the card's own balance. Unknown yet (still asking, or the call failed): the
 * card's balance, as without the bank; the service still refuses more than the bank allows.
 */
export function spendablePoints(cardBalance: number, bank: TillRedeemable | null): number {
  if (!bank || bank.basis === 'local') return cardBalance;
  return Math.max(0, bank.spendable);
}

/**
 * Points to redeem so their value covers at most what is due, valued at the rate of the card's balance
 * (its points and what they are worth), and never more than `spendable` (spendablePoints).
 */
export function maxRedeemablePoints(balance: number, balanceValueFen: number, dueFen: number, spendable: number = balance): number {
  if (balance <= 0 || balanceValueFen <= 0 || dueFen <= 0 || spendable <= 0) return 0;
  return Math.min(spendable, Math.floor((balance * dueFen) / balanceValueFen));
}
