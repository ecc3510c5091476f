import type { Page } from '@playwright/test';
import { catalogues } from '../../../renderer/src/i18n/catalogue.js';
import { expect, type Lang } from '../support/fixtures.js';
import type { KioskHost } from '../support/host.js';
import { createMember, DEMO, must, signInStaff } from '../support/arrange.js';
import { fill } from './staff-tasks.js';

const ARRANGE_CLIENT = 'e2e-arrange-manager';
const balanceOf = async (host: KioskHost, phone: string) => (await must(host.call<{ pointsBalance: number }>('members.lookupByPhone', { phone }, ARRANGE_CLIENT))).pointsBalance;

/**
 * With 王芳's editor open: a duplicate 王芳 (joined again with another phone, 30 points) is merged
 * into her after a confirmation, and her balance grows by exactly those points. Then 陈静 gets a
 * points correction with a reason and a coupon.
 */
export async function memberCareTasks(page: Page, host: KioskHost, lang: Lang, shot: (name: string) => Promise<unknown>) {
  const text = catalogues[lang];
  const number = (n: number) => new Intl.NumberFormat(lang).format(n);
  await must(signInStaff(host, 'manager', ARRANGE_CLIENT));
  const duplicatePhone = '13612340000';
  const duplicate = await createMember(host, DEMO.wang.name, duplicatePhone);
  await must(host.call('loyalty.adjustPoints', { opId: `e2e-dup-points-${lang}`, memberId: duplicate.memberId, delta: 30, reason: '旧卡积分' }, ARRANGE_CLIENT));
  const wangBefore = await balanceOf(host, DEMO.wang.phone);

  await page.getByTestId('merge-query').fill(DEMO.wang.name);
  await page.getByTestId('merge-search').click();
  const candidates = page.getByTestId('merge-candidates').locator('li');
  await expect(candidates).toHaveCount(1);
  await expect(candidates.first()).toContainText('136****0000');
  await candidates.first().getByTestId('merge-choose').click();
  await expect(page.getByTestId('confirm-body')).toHaveText(fill(text['confirm.merge.body'], { duplicate: DEMO.wang.name, duplicatePhone: '136****0000', keep: DEMO.wang.name, keepPhone: '138****8001' }));
  await shot('members-confirm-merge');
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('merge-done')).toHaveText(fill(text['manage.merge.done'], { name: DEMO.wang.name, points: number(wangBefore + 30) }));
  expect(await balanceOf(host, DEMO.wang.phone)).toBe(wangBefore + 30);

  await page.getByTestId('members-query').fill(DEMO.chen.name);
  await page.getByTestId('members-search').click();
  await page.getByTestId(`member-row-${DEMO.chen.name}`).getByRole('button').click();
  const chenBefore = await balanceOf(host, DEMO.chen.phone);
  await page.getByTestId('points-delta').fill('-5');
  await expect(page.getByTestId('points-submit')).toBeDisabled(); // no reason yet
  await page.getByTestId('points-reason').fill('重复计分更正');
  await page.getByTestId('points-submit').click();
  await expect(page.getByTestId('points-done')).toHaveText(fill(text['manage.points.done'], { points: number(chenBefore - 5) }));
  expect(await balanceOf(host, DEMO.chen.phone)).toBe(chenBefore - 5);

  await page.getByTestId('coupon-title').fill('满50减10');
  await page.getByTestId('coupon-amount').fill('10');
  await page.getByTestId('coupon-min-spend').fill('50');
  await page.getByTestId('coupon-submit').click();
  await expect(page.getByTestId('coupon-done')).toContainText('满50减10');
  const card = await must(host.call<{ coupons: Array<{ title: string; amountOffFen: number; minSpendFen: number }> }>('members.getCard', { memberId: await chenId(host) }, ARRANGE_CLIENT));
  expect(card.coupons).toContainEqual(expect.objectContaining({ title: '满50减10', amountOffFen: 1_000, minSpendFen: 5_000 }));
  await page.getByTestId('coupon-issue').scrollIntoViewIfNeeded();
  await shot('members-points-coupon');
}

const chenId = async (host: KioskHost) => (await must(host.call<{ memberId: string }>('members.lookupByPhone', { phone: DEMO.chen.phone }, ARRANGE_CLIENT))).memberId;
