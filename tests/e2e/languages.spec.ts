import type { Page } from '@playwright/test';
import { catalogues, type MessageKey } from '../../renderer/src/i18n/catalogue.js';
import { managerTabs } from '../../renderer/src/screens/Manager/ManagerScreen.js';
import { DEMO, signInOnScreen } from './support/arrange.js';
import { expect, test, type Lang } from './support/fixtures.js';
import { artifactPath } from './support/paths.js';

/** A message key left untranslated on screen looks like "kiosk.attract.title". */
const RAW_KEY = /\b(?:app|nav|common|status|about|kiosk|join|cashier|manager|staff|members|churn|rules|erasure|devices|audit|dashboard|locale)\.[A-Za-z][\w.-]*\b/;

async function expectTranslated(page: Page, lang: Lang, testId: string, key: MessageKey) {
  await expect(page.getByTestId(testId)).toContainText(catalogues[lang][key]);
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(RAW_KEY);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

const LANGS: Lang[] = ['zh-CN', 'zh-TW', 'en'];

for (const [i, lang] of LANGS.entries()) {
  test(`(6) every screen renders in ${lang}`, async ({ openKiosk }) => {
    const page = await openKiosk({ clip: null, lang });
    const shot = (name: string) => page.screenshot({ path: artifactPath(`6-${lang}-${name}`), fullPage: true });

    await expectTranslated(page, lang, 'system-info', 'about.title');
    await shot('about');

    await page.getByTestId('nav-kiosk').click();
    await expectTranslated(page, lang, 'kiosk-attract', 'kiosk.attract.title');
    await expect(page.getByTestId('camera-unavailable')).toContainText(catalogues[lang]['kiosk.camera.unavailable']);
    await shot('kiosk');
    await page.getByTestId('fallback-phone').click();
    await expectTranslated(page, lang, 'phone-keypad', 'kiosk.phone.title');
    await shot('kiosk-phone');

    await page.getByTestId('nav-join').click();
    await expectTranslated(page, lang, 'join-details', 'join.details.title');
    await page.getByTestId('join-name').fill(`Test ${lang}`);
    await page.getByTestId('join-phone').fill(`1370000000${i}`);
    await page.getByTestId('join-submit').click();
    await expectTranslated(page, lang, 'face-consent', 'join.consent.text');
    await shot('join-consent');

    await page.getByTestId('nav-cashier').click();
    await expectTranslated(page, lang, 'staff-sign-in', 'staff.signIn.title');
    await signInOnScreen(page, 'manager');
    await page.getByTestId('lookup-input').fill(DEMO.chen.phone);
    await page.getByTestId('lookup-submit').click();
    await expectTranslated(page, lang, 'member-card', 'cashier.card.allergies');
    await shot('cashier');

    await page.getByTestId('nav-manager').click();
    for (const tab of managerTabs) {
      await page.getByTestId(`tab-${tab}`).click();
      await expectTranslated(page, lang, `tab-${tab}`, `manager.tab.${tab}`);
      await expect(page.getByTestId(`manager-${tab}`)).toBeVisible();
      await shot(`manager-${tab}`);
    }
  });
}
