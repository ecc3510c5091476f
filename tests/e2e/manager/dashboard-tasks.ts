import type { Page } from '@playwright/test';
import { catalogues } from '../../../renderer/src/i18n/catalogue.js';
import { expect, type Lang } from '../support/fixtures.js';

/**
 * The dashboard compares each figure with the previous period and its charts have ticked axes:
 * the month view of the demo store (months of history) shows a comparison under the revenue and
 * labelled ticks from 0 on each chart's y axis.
 */
export async function dashboardTasks(page: Page, lang: Lang, shot: (name: string) => Promise<unknown>) {
  const text = catalogues[lang];
  await page.getByTestId('tab-dashboard').click();
  await page.getByTestId('period-month').click();
  const previousWord = text['dashboard.previousValue'].split('{value}')[0]?.replace(/[:：]\s*$/, '') ?? '';
  await expect(page.getByTestId('kpi-revenue-vs')).toHaveAttribute('title', new RegExp(`^${previousWord}`));
  await expect(page.getByTestId('kpi-active-vs')).toBeVisible();
  // Revenue has months of history (several ticks); check-ins per hour may peak at 1 (ticks 0 and 1, never 0.5).
  for (const [chart, least] of [['chart-revenue', 3], ['chart-checkins-hour', 2]] as const) {
    const ticks = page.getByTestId(chart).getByTestId('chart-y-tick');
    await expect.poll(() => ticks.count()).toBeGreaterThanOrEqual(least);
    const labels = await ticks.allTextContents();
    expect(labels[0]).toMatch(/0/);
    expect(new Set(labels).size).toBe(labels.length);
  }
  await expect(page.getByTestId('chart-checkins-hour').getByTestId('chart-x-axis').locator('text')).toHaveCount(7);
  // Every day of the month so far has its dot on the revenue line (on the 1st, one day and no line to draw).
  await expect.poll(() => page.getByTestId('chart-revenue').getByTestId('chart-dot').count()).toBeGreaterThanOrEqual(1);
  await shot('dashboard-month');
}
