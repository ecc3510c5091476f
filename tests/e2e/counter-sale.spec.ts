import { catalogues } from '../../renderer/src/i18n/catalogue.js';
import { DEMO, must, signInStaff, signInOnScreen } from './support/arrange.js';
import { expect, test } from './support/fixtures.js';
import { recordFigure } from './support/greet-probe.js';
import { artifactPath } from './support/paths.js';

const zh = catalogues['zh-CN'];

// The store has a network receipt printer (a real TCP ESC/POS fake): "receipt printed" is read off the paper.
test.use({ withPrinter: true });

test('(c4) a 2-item sale from the item grid with points redemption, its receipt, then a refund with the manager PIN', async ({ host, printer, openKiosk }) => {
  if (!printer) throw new Error('the printer fixture did not start');
  await expect.poll(async () => (await must(host.call<{ printer: { state: string } }>('printing.getStatus', {}))).printer.state, { timeout: 20_000 }).toBe('ready');
  const cashier = await openKiosk({ clip: null, route: 'cashier' });
  await signInOnScreen(cashier, 'cashier');
  await expect(cashier.getByTestId('cashier-waiting')).toBeVisible();

  // 王芳 checks in at the customer display by phone: the member is identified.
  const display = await openKiosk({ clip: null, route: 'kiosk' });
  await display.getByTestId('fallback-phone').click();
  await display.keyboard.type(DEMO.wang.phone);
  await display.keyboard.press('Enter');
  await expect(display.getByTestId('checkin-result')).toBeVisible();
  await expect(cashier.getByTestId('card-name')).toHaveText(DEMO.wang.name);
  const memberId = (await cashier.getByTestId('member-card').getAttribute('data-member-id')) ?? '';
  await must(signInStaff(host, 'manager', 'e2e-arrange-staff'));
  const before = await must(host.call<{ member: { pointsBalance: number } }>('members.getCard', { memberId }, 'e2e-arrange-staff'));
  expect(before.member.pointsBalance).toBeGreaterThan(0);

  // From here every cashier action counts: taps and key presses until the receipt is on paper.
  let interactions = 0;
  const act = async (what: () => Promise<void>) => {
    interactions += 1;
    await what();
  };
  const startedAt = Date.now();
  // Her favourite (the Wednesday iced americano regular) is one tap; the croissant comes from the grid.
  await expect(cashier.getByTestId('item-favourites')).toBeVisible();
  await act(() => cashier.locator('[data-testid="favourite-item"][data-item-id="ICED-AMERICANO"]').click());
  await act(() => cashier.locator('[data-testid="catalogue-item"][data-item-id="CROISSANT"]').click());
  await expect(cashier.getByTestId('order-line')).toHaveCount(2);
  await expect(cashier.getByTestId('quote-paid')).toBeVisible();
  await act(() => cashier.getByTestId('redeem-max').click());
  await expect(cashier.getByTestId('purchase-quote')).toContainText(zh['cashier.purchase.redeemed']);
  await cashier.screenshot({ path: artifactPath('c4-sale-grid-redemption'), fullPage: true });
  // The customer display (the other page of the same store) shows the running total as it is entered.
  const paid = (await cashier.getByTestId('quote-paid').textContent()) ?? '';
  await expect(display.getByTestId('customer-order-line')).toHaveCount(2);
  await expect(display.getByTestId('customer-order-total')).toHaveText(zh['counter.customer.toPay'].replace('{amount}', paid));
  await display.screenshot({ path: artifactPath('c4-customer-display-running-total') });
  await act(() => cashier.keyboard.press('F8'));
  await expect(cashier.getByTestId('checkout-confirm')).toBeVisible();
  await act(() => cashier.getByTestId('purchase-confirm').click());
  await expect(cashier.getByTestId('purchase-recorded')).toBeVisible();
  await expect(display.getByTestId('customer-order')).toHaveCount(0);
  await act(() => cashier.getByTestId('receipt-print').click());
  await expect(cashier.getByTestId('receipt-job')).toHaveAttribute('data-state', 'printed');
  const saleMs = Date.now() - startedAt;
  expect(interactions).toBeLessThanOrEqual(8);
  recordFigure('sale_interactions', interactions);
  recordFigure('sale_ms', saleMs);
  test.info().annotations.push({ type: 'sale_interactions', description: String(interactions) });

  // On the paper: both items, by their recorded (store-language) names.
  const receipt = printer.device.receipts().at(-1);
  expect(receipt?.lines.some((l) => l.includes('冰美式'))).toBe(true);
  expect(receipt?.lines.some((l) => l.includes('可颂'))).toBe(true);
  // Recorded with the catalogue ids as skus (habits key on them) and points redeemed.
  const [sale] = await must(host.call<Array<{ purchaseId: string; pointsRedeemed: number; paidFen: number; items: Array<{ sku: string }> }>>('purchases.listForMember', { memberId, limit: 1 }, 'e2e-arrange-staff'));
  expect(sale!.items.map((i) => i.sku).sort()).toEqual(['CROISSANT', 'ICED-AMERICANO']);
  expect(sale!.pointsRedeemed).toBeGreaterThan(0);
  await cashier.screenshot({ path: artifactPath('c4-sale-receipt-printed'), fullPage: true });

  // Refund: a cashier's PIN is refused, the manager's PIN refunds in full.
  const line = cashier.locator(`[data-testid="recent-purchase"][data-purchase-id="${sale!.purchaseId}"]`);
  await line.getByTestId('refund-open').click();
  await line.getByTestId('refund-reason').fill('顾客退货');
  await line.getByTestId('refund-pin').fill(DEMO.cashierPin);
  await line.getByTestId('refund-submit').click();
  await expect(line.getByTestId('refund-error')).toHaveText(zh['counter.refund.error.notManager']);
  await line.getByTestId('refund-pin').fill(DEMO.managerPin);
  await line.getByTestId('refund-submit').click();
  await expect(cashier.getByTestId('refund-done')).toHaveAttribute('data-status', 'refunded');
  await expect(line).toHaveAttribute('data-status', 'refunded');
  await cashier.screenshot({ path: artifactPath('c4-refunded'), fullPage: true });
  const [after] = await must(host.call<Array<{ status: string; refundedFen: number }>>('purchases.listForMember', { memberId, limit: 1 }, 'e2e-arrange-staff'));
  expect(after).toMatchObject({ status: 'refunded', refundedFen: sale!.paidFen });
});
