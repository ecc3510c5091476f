import { DEMO } from './support/arrange.js';
import { artifactPath } from './support/paths.js';
import { expect, test } from './support/fixtures.js';

test('scratch: phone check-in then cashier', async ({ openKiosk }) => {
  const cashier = await openKiosk({ clip: null, route: 'cashier' });
  await cashier.getByTestId('staff-pin').fill(DEMO.cashierPin);
  await cashier.getByTestId('staff-sign-in-submit').click();
  await expect(cashier.getByTestId('cashier-waiting')).toBeVisible();
  const kiosk = await openKiosk({ clip: null, route: 'kiosk' });
  await expect(kiosk.getByTestId('camera-unavailable')).toBeVisible();
  await kiosk.getByTestId('fallback-phone').click();
  for (const d of DEMO.chen.phone) await kiosk.getByTestId(`keypad-${d}`).click();
  await kiosk.getByTestId('keypad-submit').click();
  await expect(kiosk.getByTestId('checkin-result')).toBeVisible();
  await kiosk.screenshot({ path: artifactPath('scratch-phone') });
  await expect(cashier.getByTestId('member-card')).toBeVisible();
  await cashier.getByTestId('item-name-0').fill('冰美式');
  await cashier.getByTestId('item-price-0').fill('28');
  await expect(cashier.getByTestId('purchase-quote')).toBeVisible();
  await cashier.getByTestId('purchase-submit').click();
  await expect(cashier.getByTestId('purchase-recorded')).toBeVisible();
  await cashier.screenshot({ path: artifactPath('scratch-cashier'), fullPage: true });
});
