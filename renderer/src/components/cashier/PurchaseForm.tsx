import { useEffect, useMemo, useRef, useState } from 'react';
import type { ArgsOf, ErrorInfo, ResultOf } from '../../../../electron/contract/index.js';
import { useInvoke } from '../../hooks/use-call.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { parseYuanToFen } from '../../i18n/money-input.js';
import { ErrorNotice } from '../ErrorNotice.js';
import { Kbd } from '../Kbd.js';
import type { MemberCardData } from './MemberCard.js';
import { couponOffText } from './coupon-text.js';
import { addItem, changeQty, emptyDraft, maxRedeemablePoints, otherLine, spendablePoints, type DraftLine, type OrderDraft } from '../../counter/order-draft.js';
import { ItemGrid, type CatalogueItem } from './ItemGrid.js';
import { useShortcut } from '../../hooks/use-shortcut.js';
import { useRedeemable } from './use-redeemable.js';

type Quote = ResultOf<'purchases.quote'>;
export type PurchaseResult = ResultOf<'purchases.record'>;

/** Rows as typed → the contract's items, or null while any row is incomplete or invalid. */
export function itemsFromRows(rows: DraftLine[]): ArgsOf<'purchases.record'>['items'] | null {
  const items = [];
  for (const row of rows) {
    const name = row.name.trim();
    const qty = Number(row.qty);
    const unitPriceFen = parseYuanToFen(row.price);
    if (!name || !Number.isInteger(qty) || qty < 1 || unitPriceFen === null) return null;
    // The catalogue id is the sku, so habits and favourites see one item whatever its name; an "other"
    // line keeps a stable sku per typed name (as purchases before the catalogue did).
    items.push({ sku: row.itemId ?? `item:${name.toLowerCase()}`, name, qty, unitPriceFen });
  }
  return items.length > 0 ? items : null;
}

interface PurchaseFormProps {
  card: MemberCardData;
  /** The store's active catalogue (the grid); an empty one leaves "other" lines only. */
  catalogue: CatalogueItem[];
  /** The member's order as entered so far: kept by the console, so it survives the queue. */
  draft: OrderDraft;
  onDraftChange(draft: OrderDraft): void;
  onRecorded(result: PurchaseResult): void;
}

/**
 * Items, points and coupon, then an explicit two-step checkout: "结账" (F8) shows what will be charged and
 * only "确认收款" records it. Not a <form>: Enter in a field never records a sale.
 */
export function PurchaseForm({ card, catalogue, draft, onDraftChange, onRecorded }: PurchaseFormProps) {
  const { t, money, number, date, locale } = useI18n();
  const invoke = useInvoke();
  const rows = draft.lines;
  const redeem = draft.redeem;
  const couponId = draft.couponId;
  const setRows = (f: (rs: DraftLine[]) => DraftLine[]) => onDraftChange({ ...draft, lines: f(draft.lines) });
  const setRedeem = (value: string) => onDraftChange({ ...draft, redeem: value });
  const setCouponId = (value: string) => onDraftChange({ ...draft, couponId: value });
  const [isConfirming, setConfirming] = useState(false);
  const [quote, setQuote] = useState<Quote | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [isBusy, setBusy] = useState(false);
  // One operation id per purchase being entered: a retry after a lost reply cannot record it twice.
  const opIdRef = useRef<string>(crypto.randomUUID());

  const items = useMemo(() => itemsFromRows(rows), [rows]);
  const redeemPoints = redeem.trim() === '' ? 0 : /^\d+$/.test(redeem.trim()) ? Number(redeem.trim()) : NaN;
  const args = useMemo(() => {
    if (!items || Number.isNaN(redeemPoints)) return null;
    return {
      memberId: card.member.memberId,
      items,
      ...(redeemPoints > 0 ? { redeemPoints } : {}),
      ...(couponId ? { couponId } : {}),
    };
  }, [items, redeemPoints, couponId, card.member.memberId]);

  useEffect(() => {
    opIdRef.current = crypto.randomUUID();
    setConfirming(false);
    if (!args) {
      setQuote(null);
      return;
    }
    let isCurrent = true;
    const timer = setTimeout(() => {
      void invoke('purchases.quote', args).then((envelope) => {
        if (!isCurrent) return;
        if (envelope.ok) {
          setQuote(envelope.value);
          setError(null);
        } else {
          setQuote(null);
          setError(envelope.error);
        }
      });
    }, 250);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [args, invoke]);

  const record = async () => {
    if (!args || isBusy) return;
    setBusy(true);
    const envelope = await invoke('purchases.record', { opId: opIdRef.current, ...args });
    setBusy(false);
    setConfirming(false);
    if (!envelope.ok) return setError(envelope.error);
    onRecorded(envelope.value);
    onDraftChange(emptyDraft());
  };
  const canCheckOut = args !== null && quote !== null && !isBusy;

  // The customer display shows the order as it is entered (two-screen counter); cleared when it ends.
  const memberId = card.member.memberId;
  useEffect(() => {
    const lines = rows.flatMap((r) => {
      const unit = parseYuanToFen(r.price);
      const qty = Number(r.qty);
      if (unit === null || !Number.isInteger(qty) || qty < 1 || !r.name.trim()) return [];
      const item = r.itemId ? catalogue.find((i) => i.itemId === r.itemId) : undefined;
      const name = item ? item.name : { 'zh-CN': r.name.trim(), 'zh-TW': r.name.trim(), en: r.name.trim() };
      return [{ name, qty, amountFen: unit * qty }];
    });
    const totalFen = quote?.totalFen ?? lines.reduce((s, l) => s + l.amountFen, 0);
    const paidFen = quote?.paidFen ?? totalFen;
    void invoke('counter.showOrder', { memberId, lines, totalFen, savedFen: Math.max(0, totalFen - paidFen), paidFen });
  }, [quote, rows, catalogue, memberId, invoke]);
  useEffect(() => () => void invoke('counter.showOrder', { memberId: null, lines: [], totalFen: 0, savedFen: 0, paidFen: 0 }), [invoke]);
  useShortcut('F8', () => {
    if (canCheckOut) setConfirming(true);
  });
  useShortcut('Escape', () => setConfirming(false));

  const add = (item: CatalogueItem) => onDraftChange(addItem(draft, { itemId: item.itemId, recordedName: item.name['zh-CN'], priceFen: item.priceFen }));
  const byId = new Map(catalogue.map((i) => [i.itemId, i]));
  const favouriteIds = card.favouriteItems.map((f) => f.sku).filter((sku) => byId.has(sku));
  // What is due before points: the quote without its redemption.
  const dueFen = quote ? quote.paidFen + quote.redeemedFen : 0;
  // With the chain's member bank on, "max" is capped by the bank's figure (the one the card's badge shows):
  // the chain's balance online, the store's offline allowance left while HQ is unreachable.
  const bank = useRedeemable(memberId, card.member.pointsBalance);
  const maxPoints = maxRedeemablePoints(card.member.pointsBalance, card.pointsValueFen, dueFen, spendablePoints(card.member.pointsBalance, bank));

  const update = (key: number, patch: Partial<DraftLine>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const hasBadPrice = rows.some((r) => r.price.trim() !== '' && parseYuanToFen(r.price) === null);

  return (
    <section className="panel purchase-form" data-testid="purchase-form">
      <h2>{t('cashier.purchase.title')}</h2>
      <ItemGrid items={catalogue} favouriteIds={favouriteIds} onAdd={add} />
      {rows.length > 0 ? (
        <table className="table order-lines" data-testid="order-lines">
          <thead>
            <tr>
              <th>{t('cashier.purchase.item')}</th>
              <th>{t('cashier.purchase.qty')}</th>
              <th>{t('cashier.purchase.price')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) =>
              row.itemId !== null ? (
                <tr key={row.key} data-testid="order-line" data-item-id={row.itemId}>
                  <td>{byId.get(row.itemId)?.name[locale] ?? row.name}</td>
                  <td className="row">
                    <button type="button" className="button" onClick={() => onDraftChange(changeQty(draft, row.key, -1))} aria-label={t('counter.items.less')} data-testid="line-less">
                      −
                    </button>
                    <span data-testid="line-qty">{row.qty}</span>
                    <button type="button" className="button" onClick={() => onDraftChange(changeQty(draft, row.key, 1))} aria-label={t('counter.items.more')} data-testid="line-more">
                      +
                    </button>
                  </td>
                  <td>{money(parseYuanToFen(row.price) ?? 0)}</td>
                  <td />
                </tr>
              ) : (
                <tr key={row.key} data-testid="order-line" data-item-id="">
                  <td>
                    <input className="input" value={row.name} onChange={(e) => update(row.key, { name: e.target.value })} placeholder={t('counter.items.otherName')} aria-label={t('cashier.purchase.item')} data-testid={`item-name-${i}`} />
                  </td>
                  <td>
                    <input className="input input-qty" inputMode="numeric" value={row.qty} onChange={(e) => update(row.key, { qty: e.target.value.replace(/\D/g, '') })} aria-label={t('cashier.purchase.qty')} data-testid={`item-qty-${i}`} />
                  </td>
                  <td>
                    <input className="input" inputMode="decimal" value={row.price} onChange={(e) => update(row.key, { price: e.target.value })} aria-label={t('cashier.purchase.price')} data-testid={`item-price-${i}`} />
                  </td>
                  <td>
                    <button type="button" className="button button-link" onClick={() => setRows((rs) => rs.filter((r) => r.key !== row.key))}>
                      {t('cashier.purchase.removeItem')}
                    </button>
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      ) : null}
      {hasBadPrice ? <p className="notice notice-warn">{t('cashier.purchase.amountInvalid')}</p> : null}
      <button type="button" className="button" onClick={() => setRows((rs) => [...rs, otherLine()])} data-testid="add-other">
        {t('counter.items.other')}
      </button>
      <div className="grid-2 purchase-extras">
        <div className="field">
          <label htmlFor="redeem-points">{t('cashier.purchase.redeemPoints')}</label>
          <div className="row">
            <input id="redeem-points" className="input" inputMode="numeric" value={redeem} onChange={(e) => setRedeem(e.target.value.replace(/\D/g, ''))} data-testid="redeem-points" />
            <button type="button" className="button" disabled={maxPoints <= 0} onClick={() => setRedeem(String(maxPoints))} data-testid="redeem-max">
              {t('counter.items.redeemMax', { points: number(maxPoints) })}
            </button>
          </div>
        </div>
        <div className="field">
          <label htmlFor="coupon">{t('cashier.purchase.coupon')}</label>
          <select id="coupon" className="input" value={couponId} onChange={(e) => setCouponId(e.target.value)} data-testid="coupon-select">
            <option value="">{t('cashier.purchase.noCoupon')}</option>
            {card.coupons.map((c) => (
              // A coupon whose start is still ahead is listed but cannot be chosen (the till would refuse it: COUPON_NOT_YET_VALID).
              <option key={c.couponId} value={c.couponId} disabled={!c.isUsableNow}>
                {c.title} ({couponOffText(c, { t, money, date })}){!c.isUsableNow && c.validFrom !== null ? ` · ${t('cashier.card.couponFrom', { date: date(c.validFrom) })}` : ''}
              </option>
            ))}
          </select>
        </div>
      </div>
      {quote ? (
        <dl className="quote" data-testid="purchase-quote">
          <div><dt>{t('cashier.purchase.total')}</dt><dd>{money(quote.totalFen)}</dd></div>
          {quote.discountFen > 0 ? <div><dt>{t('cashier.purchase.discount')}</dt><dd>-{money(quote.discountFen)}</dd></div> : null}
          {quote.couponFen > 0 ? <div><dt>{t('cashier.purchase.couponOff')}</dt><dd>-{money(quote.couponFen)}</dd></div> : null}
          {quote.redeemedFen > 0 ? <div><dt>{t('cashier.purchase.redeemed')}</dt><dd>-{money(quote.redeemedFen)}</dd></div> : null}
          <div className="quote-total"><dt>{t('cashier.purchase.toPay')}</dt><dd data-testid="quote-paid">{money(quote.paidFen)}</dd></div>
          <div><dt /><dd className="muted">{t('cashier.purchase.pointsEarned', { points: number(quote.pointsEarned + quote.referralBonusPoints) })}</dd></div>
        </dl>
      ) : null}
      {error ? <ErrorNotice error={error} testId="purchase-error" /> : null}
      {isConfirming && quote ? (
        <div className="notice notice-info checkout-confirm" role="alertdialog" aria-label={t('counter.checkout.title')} data-testid="checkout-confirm">
          <strong>{t('counter.checkout.charge', { amount: money(quote.paidFen) })}</strong>
          <button type="button" className="button button-primary button-big" disabled={isBusy} onClick={() => void record()} data-testid="purchase-confirm">
            {t('counter.checkout.confirm')}
          </button>
          <button type="button" className="button" onClick={() => setConfirming(false)} data-testid="purchase-cancel">
            {t('common.cancel')}
          </button>
        </div>
      ) : (
        <button type="button" className="button button-primary button-big" disabled={!canCheckOut} onClick={() => setConfirming(true)} data-testid="purchase-submit">
          {t('counter.checkout.start')} <Kbd k="F8" />
        </button>
      )}
    </section>
  );
}
