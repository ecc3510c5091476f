import type { Page } from '@playwright/test';
import { managerTabs } from '../../renderer/src/screens/Manager/ManagerScreen.js';
import { SIMPLIFIED_ONLY, untranslatedTexts } from '../support/untranslated-text.js';
import { collectPageTexts } from './support/page-texts.js';
import { DEMO, signInOnScreen } from './support/arrange.js';
import { expect, test, type Lang } from './support/fixtures.js';

/**
 * "No untranslated strings": every screen, in each locale, shows no string that is not in the
 * current language (defined in tests/support/untranslated-text.ts). Each screen is checked once
 * it has settled on a known element, and failures name the screen and the text.
 */
const LANGS: Lang[] = ['zh-CN', 'zh-TW', 'en'];

async function check(page: Page, lang: Lang, screen: string, found: string[]) {
  const texts = await page.evaluate(collectPageTexts);
  expect(texts.length, `${screen} shows text`).toBeGreaterThan(3);
  for (const problem of untranslatedTexts(texts, lang, SIMPLIFIED_ONLY)) found.push(`[${screen}] ${problem}`);
}

for (const [i, lang] of LANGS.entries()) {
  test(`no untranslated string on any screen in ${lang}`, async ({ openKiosk }) => {
    test.setTimeout(180_000);
    const page = await openKiosk({ clip: null, lang });
    const found: string[] = [];
    await expect(page.getByTestId('system-info')).toBeVisible();
    await check(page, lang, 'about', found);

    await page.getByTestId('nav-kiosk').click();
    await expect(page.getByTestId('kiosk-attract')).toBeVisible();
    await check(page, lang, 'kiosk', found);
    await page.getByTestId('fallback-phone').click();
    for (const d of '13900000009') await page.getByTestId(`keypad-${d}`).click();
    await page.getByTestId('keypad-submit').click();
    await expect(page.getByTestId('phone-not-found')).toBeVisible();
    await check(page, lang, 'kiosk-phone-not-found', found);
    await page.getByTestId('phone-cancel').click();
    // A member's greeting and check-in (王芳: habits with item names, benefits, tier, points).
    await page.getByTestId('fallback-phone').click();
    for (const d of DEMO.wang.phone) await page.getByTestId(`keypad-${d}`).click();
    await page.getByTestId('keypad-submit').click();
    await expect(page.getByTestId('checkin-result')).toBeVisible();
    await check(page, lang, 'kiosk-checked-in', found);
    await page.getByTestId('kiosk-finish').click();
    await page.getByTestId('fallback-qr').click();
    await check(page, lang, 'kiosk-qr', found);

    await page.getByTestId('nav-join').click();
    await expect(page.getByTestId('join-details')).toBeVisible();
    await page.getByTestId('join-submit').click();
    await expect(page.getByTestId('join-problem')).toBeVisible();
    await check(page, lang, 'join-details', found);
    await page.getByTestId('join-name').fill(['李娜', '李娜', '李娜'][i] ?? '李娜');
    await page.getByTestId('join-phone').fill(`1370000100${i}`);
    await page.getByTestId('join-submit').click();
    await expect(page.getByTestId('face-consent')).toBeVisible();
    await check(page, lang, 'join-consent', found);
    await page.getByTestId('consent-decline').click();
    await expect(page.getByTestId('join-done')).toBeVisible();
    await check(page, lang, 'join-done', found);

    await page.getByTestId('nav-cashier').click();
    await expect(page.getByTestId('staff-sign-in')).toBeVisible();
    await check(page, lang, 'staff-sign-in', found);
    await page.getByTestId('staff-tile').filter({ hasText: DEMO.cashierName }).click();
    await page.getByTestId('staff-pin').fill('9999');
    await page.getByTestId('staff-sign-in-submit').click();
    await expect(page.getByTestId('staff-pin-wrong')).toBeVisible();
    await check(page, lang, 'staff-wrong-pin', found);
    await page.getByTestId('staff-choose-other').click();
    await signInOnScreen(page, 'manager');
    await page.getByTestId('lookup-input').fill('x'.repeat(41));
    await page.getByTestId('lookup-submit').click();
    // Longer than any name or number: the console answers "no member" itself, in the page's language.
    await expect(page.getByTestId('lookup-none')).toBeVisible();
    await check(page, lang, 'cashier-bad-query', found);
    await page.getByTestId('lookup-input').fill(DEMO.chen.phone);
    await page.getByTestId('lookup-submit').click();
    await expect(page.getByTestId('member-card')).toBeVisible();
    await check(page, lang, 'cashier-member', found);

    await page.getByTestId('nav-manager').click();
    for (const tab of managerTabs) {
      await page.getByTestId(`tab-${tab}`).click();
      await expect(page.getByTestId(`manager-${tab}`)).toBeVisible();
      await page.waitForLoadState('networkidle');
      await check(page, lang, `manager-${tab}`, found);
    }
    await page.getByTestId('tab-devices').click();
    await page.getByTestId('doctor-run').click();
    await expect(page.getByTestId('doctor-report')).toBeVisible({ timeout: 60_000 });
    await check(page, lang, 'manager-doctor', found);

    expect(found).toEqual([]);
  });
}
