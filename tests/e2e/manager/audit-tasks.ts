import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { catalogues } from '../../../renderer/src/i18n/catalogue.js';
import { expect, type Lang } from '../support/fixtures.js';
import { DEMO } from '../support/arrange.js';

const MANAGER_NAME = '李静（店长）';

/**
 * The audit log after the staff and member tasks: the face-consent withdrawal is found by its
 * action, shows the manager's and the member's names, a date range in the far future empties the
 * list, and the CSV export holds the filtered rows in the current language.
 */
export async function auditTasks(page: Page, lang: Lang, shot: (name: string) => Promise<unknown>) {
  const text = catalogues[lang];
  await page.getByTestId('tab-audit').click();
  await expect(page.getByTestId('audit-list')).toBeVisible();
  await page.getByTestId('audit-filter-action').selectOption('consent.withdraw');
  const rows = page.getByTestId('audit-list').locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByTestId('audit-staff')).toHaveText(MANAGER_NAME);
  await expect(rows.first().getByTestId('audit-member')).toHaveText(DEMO.wang.name);
  await expect(rows.first()).toContainText(text['audit.action.consent.withdraw']);
  await shot('audit-filtered');

  const download = page.waitForEvent('download');
  await page.getByTestId('audit-export').click();
  const file = await (await download).path();
  const csv = fs.readFileSync(file, 'utf8');
  const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
  expect(lines[0]).toBe([text['audit.col.at'], text['audit.col.staff'], text['audit.col.action'], text['audit.col.member'], text['audit.col.detail']].join(','));
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(`${MANAGER_NAME},${text['audit.action.consent.withdraw']},${DEMO.wang.name}`);

  // The staff filter: the PIN reset and deactivation were done by the manager, never by the cashier.
  await page.getByTestId('audit-filter-action').selectOption('staff.update');
  await expect(rows).toHaveCount(2);
  const cashier = await page.getByTestId('audit-filter-staff').locator('option', { hasText: '小周' }).getAttribute('value');
  await page.getByTestId('audit-filter-staff').selectOption(cashier ?? '');
  await expect(page.getByTestId('audit-list')).toHaveCount(0);
  await expect(page.getByText(text['audit.empty'])).toBeVisible();
  await page.getByTestId('audit-filter-staff').selectOption('');
  await page.getByTestId('audit-filter-from').fill('2099-01-01');
  await expect(page.getByTestId('audit-list')).toHaveCount(0);
  await page.getByTestId('audit-filter-from').fill('');
  await expect(rows).toHaveCount(2);
}
