import type { Page } from '@playwright/test';
import { catalogues } from '../../../renderer/src/i18n/catalogue.js';
import { expect, type Lang } from '../support/fixtures.js';

/**
 * Backups and the rest of store maintenance: no drill yet is a warning; a backup is listed; the
 * restore drill restores it and finds the six active demo members (the merged duplicate is not
 * active); the support bundle is written; the camera choice is kept on this terminal.
 */
export async function maintenanceTasks(page: Page, lang: Lang, shot: (name: string) => Promise<unknown>) {
  const text = catalogues[lang];
  await page.getByTestId('tab-maintenance').click();
  await expect(page.getByTestId('drill-status')).toHaveText(text['maint.drill.never']);
  await expect(page.getByTestId('restore-drill')).toBeDisabled();
  await page.getByTestId('backup-now').click();
  await expect(page.getByTestId('backup-list').locator('tbody tr')).toHaveCount(1);
  await page.getByTestId('restore-drill').click();
  await expect(page.getByTestId('drill-status')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('drill-status')).toContainText(new Intl.NumberFormat(lang).format(6));

  await page.getByTestId('support-bundle-make').click();
  await expect(page.getByTestId('support-bundle-done')).toContainText('.tar.gz');

  // Chromium's fake capture device is this terminal's one camera.
  const choice = page.getByTestId('camera-choice');
  const values = await choice.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
  expect(values.length).toBe(2);
  await choice.selectOption(values[1] ?? '');
  await expect(page.getByTestId('camera-saved')).toBeVisible();
  const stored = await page.evaluate(() => localStorage.getItem('kiosk.camera.preferred'));
  expect(JSON.parse(stored ?? 'null')).toMatchObject({ deviceId: values[1] });
  await shot('maintenance');
}
