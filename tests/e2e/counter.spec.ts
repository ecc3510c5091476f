import { catalogues } from '../../renderer/src/i18n/catalogue.js';
import { DEMO, must, signInStaff, signInOnScreen } from './support/arrange.js';
import { makeClip } from './support/clips.js';
import { enrolMemberFromPhotos, face, waitForFaceEngine } from './support/face-arrange.js';
import { expect, test } from './support/fixtures.js';
import { artifactPath } from './support/paths.js';

const zh = catalogues['zh-CN'];

/** A keyboard-wedge scanner's burst, replayed in the page (CDP round trips are slower than a scanner). */
async function scan(page: import('@playwright/test').Page, code: string) {
  await page.evaluate((text) => {
    for (const key of [...text, 'Enter']) window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  }, code);
}

test('(c1) two pages, one store: a member recognised at the customer display waits as "next" while the cashier is mid-order, and the order survives', async ({ host, openKiosk }) => {
  await waitForFaceEngine(host);
  const lisaId = await enrolMemberFromPhotos(host, 'Lisa', '13600000051', [face('lisa-debruine__pose3.jpg')]);
  const cashier = await openKiosk({ clip: null, route: 'cashier' });
  // The cashier's main display is 1920×1080; the customer display stays at the fixture's 1280×800.
  await cashier.setViewportSize({ width: 1920, height: 1080 });
  await signInOnScreen(cashier, 'cashier');
  // Autofocus: the lookup box takes typing at once.
  await expect(cashier.getByTestId('lookup-input')).toBeFocused();
  await expect(cashier.getByTestId('shortcut-bar')).toContainText(zh['counter.shortcut.lookup']);
  await cashier.keyboard.type(DEMO.wang.phone);
  await cashier.keyboard.press('Enter');
  await expect(cashier.getByTestId('card-name')).toHaveText(DEMO.wang.name);
  await expect(cashier.getByTestId('lookup-input')).toHaveValue('');
  const wangId = await cashier.getByTestId('member-card').getAttribute('data-member-id');
  await cashier.locator('[data-testid="catalogue-item"][data-item-id="LATTE"]').click();
  await cashier.getByTestId('add-other').click();
  await cashier.getByTestId('item-name-1').fill('燕麦奶');
  await cashier.getByTestId('item-price-1').fill('3');

  // Lisa walks up to the customer display and is recognised there.
  const display = await openKiosk({ clip: makeClip({ photo: face('lisa-debruine__pose1.jpg'), leadInSeconds: 2.5 }), route: 'kiosk' });
  await expect(display.getByTestId('kiosk-greeting')).toHaveAttribute('data-member-id', lisaId);
  const next = cashier.getByTestId('next-member');
  await expect(next).toHaveAttribute('data-member-id', lisaId);
  await expect(next.getByTestId('next-name')).toHaveText('Lisa');
  await expect(next).toContainText(zh['counter.next.label']);
  // 王芳's order is untouched.
  await expect(cashier.getByTestId('member-card')).toHaveAttribute('data-member-id', wangId ?? '');
  await expect(cashier.getByTestId('order-line').first()).toHaveAttribute('data-item-id', 'LATTE');
  await expect(cashier.getByTestId('item-name-1')).toHaveValue('燕麦奶');
  await expect(cashier.getByTestId('item-price-1')).toHaveValue('3');
  await cashier.screenshot({ path: artifactPath('c1-cashier-next-in-line'), fullPage: true });
  await display.screenshot({ path: artifactPath('c1-customer-display-greeting') });

  // F4 serves Lisa; 王芳's order is held, and comes back intact.
  await cashier.keyboard.press('F4');
  await expect(cashier.getByTestId('member-card')).toHaveAttribute('data-member-id', lisaId);
  await expect(cashier.getByTestId('next-member')).toHaveAttribute('data-held', 'true');
  await cashier.getByTestId('next-serve').click();
  await expect(cashier.getByTestId('member-card')).toHaveAttribute('data-member-id', wangId ?? '');
  await expect(cashier.getByTestId('order-line').first()).toHaveAttribute('data-item-id', 'LATTE');
  await expect(cashier.getByTestId('item-name-1')).toHaveValue('燕麦奶');
  await expect(cashier.getByTestId('item-price-1')).toHaveValue('3');
});

test('(c2) scan-to-member: a member code scanned anywhere on the console, or typed into the lookup box, opens that member', async ({ host, openKiosk }) => {
  await must(signInStaff(host, 'cashier', 'e2e-scan'));
  const [chen] = await must(host.call<Array<{ memberId: string }>>('members.search', { query: DEMO.chen.name, limit: 1 }, 'e2e-scan'));
  const [wang] = await must(host.call<Array<{ memberId: string }>>('members.search', { query: DEMO.wang.name, limit: 1 }, 'e2e-scan'));
  const chenCode = (await must(host.call<{ code: string }>('members.issueCode', { memberId: chen!.memberId }, 'e2e-scan'))).code;
  const wangCode = (await must(host.call<{ code: string }>('members.issueCode', { memberId: wang!.memberId }, 'e2e-scan'))).code;

  const cashier = await openKiosk({ clip: null, route: 'cashier' });
  await signInOnScreen(cashier, 'cashier');
  await expect(cashier.getByTestId('cashier-waiting')).toBeVisible();
  // Focus away from any field: the scan lands on the page.
  await cashier.getByTestId('shortcut-bar').click();
  await scan(cashier, chenCode);
  await expect(cashier.getByTestId('member-card')).toHaveAttribute('data-member-id', chen!.memberId);
  await expect(cashier.getByTestId('card-via')).toContainText(zh['cashier.card.via.qr']);
  await cashier.screenshot({ path: artifactPath('c2-scan-to-member'), fullPage: true });

  // The same code in the lookup box (a scanner with the box focused) is a member code, not a 40-character search.
  await cashier.keyboard.press('F2');
  await expect(cashier.getByTestId('lookup-input')).toBeFocused();
  await cashier.getByTestId('lookup-input').fill(wangCode);
  await cashier.keyboard.press('Enter');
  await expect(cashier.getByTestId('member-card')).toHaveAttribute('data-member-id', wang!.memberId);
  await expect(cashier.getByTestId('lookup-input')).toHaveValue('');
  await expect(cashier.locator('[data-testid="member-lookup"] .notice-error')).toHaveCount(0);
});

test('(c3) "not this member" at the till rejects the face match and voids the check-in it awarded, with its points', async ({ host, openKiosk }) => {
  await waitForFaceEngine(host);
  const lisaId = await enrolMemberFromPhotos(host, 'Lisa', '13600000053', [face('lisa-debruine__pose3.jpg')]);
  const cashier = await openKiosk({ clip: null, route: 'cashier' });
  await signInOnScreen(cashier, 'cashier');
  const display = await openKiosk({ clip: makeClip({ photo: face('lisa-debruine__pose1.jpg'), leadInSeconds: 2.5 }), route: 'kiosk' });
  await expect(display.getByTestId('kiosk-greeting')).toHaveAttribute('data-member-id', lisaId);
  await display.getByTestId('checkin-button').click();
  await expect(display.getByTestId('checkin-result')).toBeVisible();
  await expect(cashier.getByTestId('member-card')).toHaveAttribute('data-member-id', lisaId);
  const before = await must(host.call<{ checkedInToday: boolean; member: { pointsBalance: number } }>('members.getCard', { memberId: lisaId }, 'e2e-arrange-staff'));
  expect(before.checkedInToday).toBe(true);
  expect(before.member.pointsBalance).toBeGreaterThan(0);

  const rejected = cashier.waitForResponse((r) => r.url().includes('/api/call/face.rejectMatch'));
  const voided = cashier.waitForResponse((r) => r.url().includes('/api/call/checkin.void'));
  await cashier.getByTestId('not-this-member').click();
  expect(await (await rejected).json()).toMatchObject({ ok: true, value: { recorded: true } });
  expect(await (await voided).json()).toMatchObject({ ok: true, value: { memberId: lisaId, pointsReversed: before.member.pointsBalance } });
  await expect(cashier.getByTestId('cashier-waiting')).toBeVisible();
  const after = await must(host.call<{ checkedInToday: boolean; member: { pointsBalance: number } }>('members.getCard', { memberId: lisaId }, 'e2e-arrange-staff'));
  expect(after.checkedInToday).toBe(false);
  expect(after.member.pointsBalance).toBe(0);
});
