import type { Page } from '@playwright/test';
import { catalogues } from '../../../renderer/src/i18n/catalogue.js';
import { expect, type Lang } from '../support/fixtures.js';
import { DEMO } from '../support/arrange.js';
import { fill } from './staff-tasks.js';

/** The member names in the list, in order. */
const listedNames = (page: Page) => page.getByTestId('members-results').locator('tbody tr td:first-child').allInnerTexts();

/**
 * Browsing the demo store's members: all six listed, "not for 90+ days" finds exactly the two who
 * stopped coming (张伟 four months, 赵敏 100 days), the search text narrows to one, and withdrawing
 * 王芳's face consent asks first.
 */
export async function memberTasks(page: Page, lang: Lang, shot: (name: string) => Promise<unknown>) {
  const text = catalogues[lang];
  await page.getByTestId('tab-members').click();
  await expect(page.getByTestId('members-total')).toHaveText(fill(text['members.total'], { count: 6 }));
  await shot('members-all');

  await page.getByTestId('members-filter-visited').selectOption('over90');
  await expect(page.getByTestId('members-total')).toHaveText(fill(text['members.total'], { count: 2 }));
  expect((await listedNames(page)).sort()).toEqual(['张伟', '赵敏'].sort());
  await shot('members-filter-over90');
  await page.getByTestId('members-filter-visited').selectOption('any');

  await page.getByTestId('members-filter-face').selectOption('yes');
  await expect(page.getByTestId('members-total')).toHaveText(fill(text['members.total'], { count: 0 }));
  await page.getByTestId('members-filter-face').selectOption('any');

  await page.getByTestId('members-query').fill(DEMO.wang.name);
  await page.getByTestId('members-search').click();
  await expect(page.getByTestId('members-total')).toHaveText(fill(text['members.total'], { count: 1 }));
  await page.getByTestId(`member-row-${DEMO.wang.name}`).getByRole('button').click();
  await expect(page.getByTestId('member-editor')).toBeVisible();

  // 王芳 agreed to face recognition in the demo: withdrawing deletes face data, so it is asked.
  await page.getByTestId('withdraw-face').click();
  await expect(page.getByTestId('confirm-body')).toHaveText(fill(text['confirm.withdrawFace.body'], { name: DEMO.wang.name }));
  await shot('members-confirm-withdraw-face');
  await page.getByTestId('confirm-cancel').click();
  await expect(page.getByTestId('withdraw-face')).toBeVisible();
  await page.getByTestId('withdraw-face').click();
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('withdraw-face')).toHaveCount(0);
  await expect(page.getByTestId('member-consents')).toContainText(text['members.consent.withdrawn']);
}
