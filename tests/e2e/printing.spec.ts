import { catalogues } from '../../renderer/src/i18n/catalogue.js';
import { DEMO, must, signInOnScreen } from './support/arrange.js';
import { expect, test } from './support/fixtures.js';
import { artifactPath } from './support/paths.js';

const zh = catalogues['zh-CN'];

// The store has a network receipt printer: a real TCP server speaking ESC/POS status replies (tests/devices/fakes).
test.use({ withPrinter: true });

test('(8) with a printer: the kiosk prints the member’s ticket with a queue number; the till prints and reprints the receipt', async ({ host, printer, openKiosk }) => {
  if (!printer) throw new Error('the printer fixture did not start');
  await expect.poll(async () => (await must(host.call<{ printer: { state: string } }>('printing.getStatus', {}))).printer.state, { timeout: 20_000 }).toBe('ready');

  const cashier = await openKiosk({ clip: null, route: 'cashier' });
  await signInOnScreen(cashier, 'cashier');
  await expect(cashier.getByTestId('cashier-waiting')).toBeVisible();

  // Kiosk: phone check-in, then the member's own ticket.
  const kiosk = await openKiosk({ clip: null, route: 'kiosk' });
  await kiosk.getByTestId('fallback-phone').click();
  await kiosk.keyboard.type(DEMO.wang.phone);
  await kiosk.keyboard.press('Enter');
  await expect(kiosk.getByTestId('checkin-result')).toBeVisible();
  await expect(kiosk.getByTestId('kiosk-printer-state')).toHaveCount(0);
  await kiosk.getByTestId('ticket-button').click();
  await expect(kiosk.getByTestId('ticket-printed')).toHaveText(zh['kiosk.ticket.printed']);
  const queueText = (await kiosk.getByTestId('ticket-queue-number').textContent()) ?? '';
  const queueNumber = /A\d{3}/.exec(queueText)?.[0];
  expect(queueNumber).toBeDefined();
  expect(queueText).toBe(zh['kiosk.ticket.queueNumber'].replace('{number}', queueNumber!));
  await kiosk.screenshot({ path: artifactPath('8-kiosk-ticket-printed') });
  // On the paper, not just on screen: the printed ticket carries the same number.
  expect(printer.device.receipts().some((r) => r.lines.some((line) => line.includes(queueNumber!)))).toBe(true);

  // Till: the checked-in member's card, a purchase, its receipt (with the cash drawer), then a reprint.
  await expect(cashier.getByTestId('card-name')).toHaveText(DEMO.wang.name);
  await cashier.locator('[data-testid="catalogue-item"][data-item-id="LATTE"]').click();
  await expect(cashier.getByTestId('quote-paid')).toHaveText('¥28.00');
  await cashier.getByTestId('purchase-submit').click();
  await cashier.getByTestId('purchase-confirm').click();
  await expect(cashier.getByTestId('purchase-recorded')).toContainText('¥28.00');
  await cashier.getByTestId('receipt-open-drawer').check();
  await cashier.getByTestId('receipt-print').click();
  const printedState = zh['cashier.receipt.state.printed'];
  await expect(cashier.getByTestId('receipt-job')).toHaveAttribute('data-state', 'printed');
  await expect(cashier.getByTestId('receipt-job')).toHaveText(zh['cashier.receipt.job'].replace('{state}', printedState));
  const firstJob = await cashier.getByTestId('receipt-job').getAttribute('data-job-id');
  await cashier.getByTestId('receipt-reprint').click();
  await expect(cashier.getByTestId('receipt-job')).not.toHaveAttribute('data-job-id', firstJob ?? '');
  await expect(cashier.getByTestId('receipt-job')).toHaveText(zh['cashier.receipt.reprintJob'].replace('{state}', printedState));
  await cashier.screenshot({ path: artifactPath('8-cashier-receipt-reprinted'), fullPage: true });

  const receipts = printer.device.receipts();
  expect(receipts).toHaveLength(3);
  // The receipt opened the cash drawer as asked; the reprint is marked as such on the paper.
  expect(receipts[1]!.drawerPulses).toBeGreaterThanOrEqual(1);
  // The store prints in zh-CN: the reprint mark is 补打, first and last line.
  expect(receipts[2]!.lines[0]).toContain('补打');
  expect(receipts[1]!.lines.some((line) => line.includes('补打'))).toBe(false);
});
