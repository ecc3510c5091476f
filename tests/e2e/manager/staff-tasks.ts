import type { Page } from '@playwright/test';
import { catalogues } from '../../../renderer/src/i18n/catalogue.js';
import { expect, type Lang } from '../support/fixtures.js';
import type { KioskHost } from '../support/host.js';
import { must, signInOnScreen, staffIdByName } from '../support/arrange.js';

/** Fills `{name}` in a catalogue text, as the renderer does. */
export const fill = (text: string, params: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (whole, k: string) => (k in params ? String(params[k]) : whole));

/** Signs in where the manager screen asks for the PIN. */
export async function signInAsManager(page: Page) {
  await signInOnScreen(page, 'manager');
  await expect(page.getByTestId('manager')).toBeVisible();
}

/**
 * Deactivating staff asks first (cancel keeps them active), and a PIN reset makes the new PIN
 * work and the old one fail, checked by signing in over the host's own transport.
 */
export async function staffTasks(page: Page, host: KioskHost, lang: Lang, shot: (name: string) => Promise<unknown>) {
  const text = catalogues[lang];
  await page.getByTestId('tab-staff').click();
  const pin = { old: '4711', new: '8642' };
  const name = `E2E ${lang}`;
  await page.getByTestId('staff-create-name').fill(name);
  await page.getByTestId('staff-create-pin').fill(pin.old);
  await page.getByTestId('staff-create-submit').click();
  const row = page.getByTestId(`staff-row-${name}`);
  await expect(row.getByTestId('staff-state')).toHaveText(text['staff.active']);

  // PIN reset
  await row.getByTestId('staff-pin-reset').click();
  await expect(page.getByTestId('staff-pin-reset-form')).toContainText(fill(text['staff.pinReset.title'], { name }));
  await page.getByTestId('staff-pin-reset-input').fill(pin.new);
  await shot('staff-pin-reset');
  await page.getByTestId('staff-pin-reset-submit').click();
  await expect(page.getByTestId('staff-pin-reset-done')).toHaveText(fill(text['staff.pinReset.done'], { name }));
  // Sign-in names the account: the new PIN opens it, the old one is now wrong.
  const staffId = await staffIdByName(host, name, `e2e-pin-check-${lang}`);
  expect((await host.call('staff.signIn', { staffId, pin: pin.new }, `e2e-pin-check-${lang}`)).ok).toBe(true);
  const withOld = await host.call('staff.signIn', { staffId, pin: pin.old }, `e2e-pin-check-${lang}`);
  expect(withOld.ok ? 'signed in' : withOld.error.code).toBe('PIN_INCORRECT');

  // Deactivation: asked first; Cancel (which has the focus) keeps the account.
  await row.getByTestId('staff-toggle').click();
  await expect(page.getByTestId('confirm-body')).toHaveText(fill(text['confirm.deactivateStaff.body'], { name }));
  await expect(page.getByTestId('confirm-cancel')).toBeFocused();
  await shot('staff-confirm-deactivate');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('confirm-dialog')).toHaveCount(0);
  await expect(row.getByTestId('staff-state')).toHaveText(text['staff.active']);
  await row.getByTestId('staff-toggle').click();
  await page.getByTestId('confirm-ok').click();
  await expect(row.getByTestId('staff-state')).toHaveText(text['staff.inactive']);
  expect((await must(host.call<Array<{ staffId: string }>>('staff.roster', {}))).map((e) => e.staffId)).not.toContain(staffId);
  const afterDeactivation = await host.call('staff.signIn', { staffId, pin: pin.new }, `e2e-pin-check-${lang}`);
  expect(afterDeactivation.ok ? 'signed in' : afterDeactivation.error.code).toBe('PIN_INCORRECT');
}
