/**
 * The order being entered for one member. The console keeps one draft per member, so turning to the
 * next person in the queue and back never loses what was typed.
 */
export interface DraftLine {
  key: number;
  name: string;
  qty: string;
  price: string;
}

export interface OrderDraft {
  lines: DraftLine[];
  redeem: string;
  couponId: string;
}

let nextKey = 1;
export const emptyLine = (): DraftLine => ({ key: nextKey++, name: '', qty: '1', price: '' });
export const emptyDraft = (): OrderDraft => ({ lines: [emptyLine()], redeem: '', couponId: '' });

/** Anything typed or chosen: such an order must not be swapped away by someone else's arrival. */
export function isOrderOpen(draft: OrderDraft | undefined): boolean {
  if (!draft) return false;
  return draft.redeem.trim() !== '' || draft.couponId !== '' || draft.lines.some((l) => l.name.trim() !== '' || l.price.trim() !== '');
}
