import { catalogues } from '../../renderer/src/i18n/catalogue.js';
import { DEMO, must, signInStaff, signInOnScreen } from './support/arrange.js';
import { makeClip } from './support/clips.js';
import { enrolMemberFromPhotos, face, waitForFaceEngine } from './support/face-arrange.js';
import { expect, test } from './support/fixtures.js';
import { installGreetProbe } from './support/greet-probe.js';
import { artifactPath } from './support/paths.js';

const zh = catalogues['zh-CN'];
const MANAGER = 'e2e-not-me-manager';

test('(16) a member who taps "not me" by mistake is recognised again after one phone check-in', async ({ host, openKiosk }) => {
  await waitForFaceEngine(host);
  const phone = '13600000016';
  const memberId = await enrolMemberFromPhotos(host, 'Lisa', phone, [face('lisa-debruine__pose3.jpg')]);
  const clip = makeClip({ photo: face('lisa-debruine__pose1.jpg'), leadInSeconds: 2.5 });
  await must(signInStaff(host, 'manager', MANAGER));
  const rejections = async () => must(host.call<Array<{ memberId: string; count: number }>>('face.listRejections', {}, MANAGER));

  // Greeted, then "not me" by mistake: the kiosk offers the phone keypad instead.
  const page = await openKiosk({ clip, route: 'kiosk', initScript: installGreetProbe });
  await expect(page.getByTestId('kiosk-greeting')).toHaveAttribute('data-member-id', memberId);
  await page.getByTestId('kiosk-not-me').click();
  await expect(page.getByTestId('phone-keypad')).toBeVisible();
  expect(await rejections()).toEqual([expect.objectContaining({ memberId, count: 1 })]);

  // Meanwhile the same face at another kiosk is not greeted as Lisa: the rejection counts.
  const meanwhile = await openKiosk({ clip, route: 'kiosk', initScript: installGreetProbe });
  await expect(meanwhile.getByTestId('kiosk-unknown')).toBeVisible();
  await expect(meanwhile.getByTestId('kiosk-greeting')).toHaveCount(0);
  await meanwhile.close();

  // She checks in with her phone number: a confirmed check-in of that member.
  for (const digit of phone) await page.getByTestId(`keypad-${digit}`).click();
  await page.getByTestId('keypad-submit').click();
  await expect(page.getByTestId('checkin-result')).toContainText(zh['kiosk.checkin.done']);
  await expect(page.getByTestId('kiosk-member')).toHaveAttribute('data-via', 'phone');
  expect(await rejections()).toEqual([]);
  await page.screenshot({ path: artifactPath('16-not-me-then-phone') });

  // Next visit: recognised by face again.
  const later = await openKiosk({ clip, route: 'kiosk', initScript: installGreetProbe });
  await expect(later.getByTestId('kiosk-greeting')).toHaveAttribute('data-member-id', memberId);
  await later.screenshot({ path: artifactPath('16-recognised-again') });
});

test('(16b) a manager reviews the "not me" record in the devices page and clears it: recognised again', async ({ host, openKiosk }) => {
  await waitForFaceEngine(host);
  const memberId = await enrolMemberFromPhotos(host, 'Lisa', '13600000017', [face('lisa-debruine__pose3.jpg')]);
  const clip = makeClip({ photo: face('lisa-debruine__pose1.jpg'), leadInSeconds: 2.5 });
  const kiosk = await openKiosk({ clip, route: 'kiosk', initScript: installGreetProbe });
  await expect(kiosk.getByTestId('kiosk-greeting')).toHaveAttribute('data-member-id', memberId);
  await kiosk.getByTestId('kiosk-not-me').click();
  await expect(kiosk.getByTestId('phone-keypad')).toBeVisible();
  await kiosk.close();

  const manager = await openKiosk({ clip: null, route: 'manager' });
  await signInOnScreen(manager, 'manager');
  await manager.getByTestId('tab-devices').click();
  const row = manager.getByTestId('face-review-rejections').locator(`tr[data-member-id="${memberId}"]`);
  await expect(row).toContainText('Lisa');
  await manager.screenshot({ path: artifactPath('16b-face-review'), fullPage: true });
  await row.getByTestId('face-review-clear').click();
  await expect(manager.getByTestId('face-review')).toContainText(zh['faceReview.rejections.cleared'].replace('{count}', '1'));
  await expect(manager.getByTestId('face-review')).toContainText(zh['faceReview.rejections.none']);

  const later = await openKiosk({ clip, route: 'kiosk', initScript: installGreetProbe });
  await expect(later.getByTestId('kiosk-greeting')).toHaveAttribute('data-member-id', memberId);
});
