import type { Locator, Page } from '@playwright/test';
import { catalogues } from '../../renderer/src/i18n/catalogue.js';
import { DEMO, signInOnScreen } from './support/arrange.js';
import { makeClip } from './support/clips.js';
import { enrolMemberFromPhotos, face, waitForFaceEngine } from './support/face-arrange.js';
import { expect, test } from './support/fixtures.js';
import { installGreetProbe, readGreetMs, recordFigure, recordGreetMs } from './support/greet-probe.js';
import { artifactPath } from './support/paths.js';

/**
 * The member-facing portrait kiosk (1080×1920, `?mode=kiosk`): camera above, actions in the lower
 * third, member-sized type and targets, no staff navigation, joining without the camera through
 * the on-screen keyboard. Times per task are measured here, by Playwright, and kept for `npm run bench`.
 */
const PORTRAIT = { width: 1080, height: 1920 };
const zh = catalogues['zh-CN'];

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  if (!b) throw new Error('element has no box');
  return b;
}

/** Computed font size in px of an element's text. */
async function fontPx(locator: Locator): Promise<number> {
  return locator.evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
}

/** Every visible button and text input on the page is at least 72 px tall. */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, input:not([type="checkbox"]), [role="button"]')]
      .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
      .map((el) => ({ id: el.getAttribute('data-testid') ?? el.textContent?.trim() ?? el.tagName, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.height < 72 || r.width < 72)
      .map(({ id, r }) => `${id} ${Math.round(r.width)}×${Math.round(r.height)}`),
  );
}

test('portrait kiosk: camera above, actions in the lower third, no staff navigation, member-sized type', async ({ openKiosk }) => {
  const page = await openKiosk({ clip: null, route: 'kiosk', mode: 'kiosk', viewport: PORTRAIT });
  await expect(page.getByTestId('kiosk-attract')).toBeVisible();
  await expect(page.locator('nav')).toHaveCount(0);
  await expect(page.getByTestId('nav-cashier')).toHaveCount(0);

  const camera = await box(page.getByTestId('camera'));
  const phone = await box(page.getByTestId('fallback-phone'));
  const join = await box(page.getByTestId('kiosk-join-offer'));
  // The camera spans the width above everything else, tall enough for a whole face.
  expect(camera.width).toBeGreaterThan(PORTRAIT.width * 0.9);
  expect(camera.height).toBeGreaterThan(PORTRAIT.height * 0.3);
  expect(camera.y + camera.height).toBeLessThanOrEqual(join.y);
  // What members tap is in the lower third, and on screen.
  for (const target of [phone, join]) {
    expect(target.y).toBeGreaterThan((PORTRAIT.height * 2) / 3);
    expect(target.y + target.height).toBeLessThanOrEqual(PORTRAIT.height);
    expect(target.height).toBeGreaterThanOrEqual(72);
  }
  const body = await fontPx(page.getByTestId('kiosk-attract').locator('p').first());
  expect(body).toBeGreaterThanOrEqual(28);
  expect(body).toBeLessThanOrEqual(32);
  expect(await smallTargets(page)).toEqual([]);
  await page.screenshot({ path: artifactPath('portrait-1-welcome') });

  // Staff reach their screens through the PIN corner, never through navigation on screen.
  await page.getByTestId('staff-corner').click();
  await expect(page.getByTestId('staff-corner-dialog')).toBeVisible();
  await signInOnScreen(page, 'cashier');
  await page.getByTestId('staff-go-cashier').click();
  await expect(page.getByTestId('screen-cashier')).toBeVisible();
  await expect(page.getByTestId('nav-kiosk')).toHaveCount(0);
});

test('portrait kiosk: phone check-in, then "not found" offers Join and the on-screen keyboard joins without a face', async ({ openKiosk }) => {
  const page = await openKiosk({ clip: null, route: 'kiosk', mode: 'kiosk', viewport: PORTRAIT });
  await expect(page.getByTestId('kiosk-attract')).toBeVisible();

  // Phone check-in: from the first tap to "checked in", every tap counted.
  let taps = 0;
  const tap = async (testId: string) => {
    taps++;
    await page.getByTestId(testId).click();
  };
  const phoneStart = Date.now();
  await tap('fallback-phone');
  for (const digit of DEMO.wang.phone) await tap(`keypad-${digit}`);
  await tap('keypad-submit');
  await expect(page.getByTestId('checkin-result')).toContainText(zh['kiosk.checkin.done']);
  const phoneCheckinMs = Date.now() - phoneStart;
  recordFigure('phone_checkin_ms', phoneCheckinMs);
  recordFigure('phone_checkin_taps', taps);
  test.info().annotations.push({ type: 'phone_checkin_ms', description: `${phoneCheckinMs} ms, ${taps} taps` });
  expect(await smallTargets(page)).toEqual([]);
  await page.screenshot({ path: artifactPath('portrait-2-phone-checked-in') });
  await page.getByTestId('kiosk-finish').click();

  // A number that is not a member: "not found" offers joining right there.
  await page.getByTestId('fallback-phone').click();
  for (const digit of '13700002468') await page.getByTestId(`keypad-${digit}`).click();
  await page.getByTestId('keypad-submit').click();
  await expect(page.getByTestId('phone-not-found')).toBeVisible();
  const joinHere = await box(page.getByTestId('phone-not-found-join'));
  expect(joinHere.height).toBeGreaterThanOrEqual(72);
  await page.screenshot({ path: artifactPath('portrait-3-phone-not-found') });
  await page.getByTestId('phone-cancel').click();

  // Join without a face, from the welcome screen, typing 李娜 in pinyin on the on-screen keyboard.
  taps = 0;
  const joinStart = Date.now();
  await tap('kiosk-join-offer');
  await expect(page.getByTestId('join-details')).toBeVisible();
  await expect(page.getByTestId('osk')).toHaveAttribute('data-mode', 'pinyin');
  const label = await fontPx(page.locator('label[for="join-name"]'));
  expect(label).toBeGreaterThanOrEqual(28);
  await tap('osk-key-l');
  await tap('osk-key-i');
  await expect(page.getByTestId('osk-candidate-0')).toHaveText('李');
  await page.screenshot({ path: artifactPath('portrait-4-join-pinyin') });
  await tap('osk-candidate-0');
  await tap('osk-key-n');
  await tap('osk-key-a');
  await expect(page.getByTestId('osk-candidate-0')).toHaveText('娜');
  await tap('osk-candidate-0');
  await expect(page.getByTestId('join-name')).toHaveValue('李娜');
  await tap('join-phone');
  await expect(page.getByTestId('osk')).toHaveAttribute('data-mode', 'digits');
  for (const digit of '13700002468') await tap(`osk-key-${digit}`);
  await expect(page.getByTestId('join-phone')).toHaveValue('13700002468');
  expect(await smallTargets(page)).toEqual([]);
  await page.screenshot({ path: artifactPath('portrait-5-join-details') });
  await tap('join-submit');

  await expect(page.getByTestId('face-consent')).toBeVisible();
  expect(await fontPx(page.getByTestId('consent-text'))).toBeGreaterThanOrEqual(28);
  for (const id of ['consent-agree', 'consent-decline']) expect((await box(page.getByTestId(id))).height).toBeGreaterThanOrEqual(72);
  expect(await smallTargets(page)).toEqual([]);
  await page.screenshot({ path: artifactPath('portrait-6-consent') });
  await tap('consent-decline');
  await expect(page.getByTestId('join-done')).toBeVisible();
  const joinMs = Date.now() - joinStart;
  recordFigure('join_without_face_ms', joinMs);
  recordFigure('join_without_face_taps', taps);
  test.info().annotations.push({ type: 'join_without_face_ms', description: `${joinMs} ms, ${taps} taps` });
  await expect(page.getByTestId('join-done')).toContainText('李娜');
  await page.screenshot({ path: artifactPath('portrait-7-joined') });
});

test('portrait kiosk: a member is greeted within 500 ms of the face appearing', async ({ host, openKiosk }) => {
  await waitForFaceEngine(host);
  const memberId = await enrolMemberFromPhotos(host, '丽莎', '13600000077', [face('lisa-debruine__pose3.jpg')]);
  const clip = makeClip({ photo: face('lisa-debruine__pose1.jpg'), leadInSeconds: 2.5 });
  const page = await openKiosk({ clip, route: 'kiosk', mode: 'kiosk', viewport: PORTRAIT, initScript: installGreetProbe });
  await expect(page.getByTestId('kiosk-greeting')).toHaveAttribute('data-member-id', memberId);
  const greetMs = await readGreetMs(page);
  recordGreetMs('portrait-greeting', greetMs);
  test.info().annotations.push({ type: 'greet_ms', description: String(greetMs) });
  const checkIn = await box(page.getByTestId('checkin-button'));
  expect(checkIn.y).toBeGreaterThan((PORTRAIT.height * 2) / 3);
  expect(await smallTargets(page)).toEqual([]);
  await page.screenshot({ path: artifactPath('portrait-8-greeted') });
  // The goal (≤ 500 ms) is judged in `npm run bench` from this figure, not by a timed assertion here.
  expect(greetMs).toBeGreaterThan(0);
});
