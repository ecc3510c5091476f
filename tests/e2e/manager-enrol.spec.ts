import { catalogues } from '../../renderer/src/i18n/catalogue.js';
import { DEMO } from './support/arrange.js';
import { makeClip } from './support/clips.js';
import { face, waitForFaceEngine } from './support/face-arrange.js';
import { expect, test } from './support/fixtures.js';
import { installGreetProbe, readGreetMs, recordGreetMs } from './support/greet-probe.js';
import { artifactPath } from './support/paths.js';

const zh = catalogues['zh-CN'];

test('(7) as a new user would: a manager enrols a member from a photo (consent first), who is then greeted at the kiosk', async ({ host, openKiosk }) => {
  await waitForFaceEngine(host);
  const page = await openKiosk({ clip: null, route: 'manager' });
  await page.getByTestId('staff-pin').fill(DEMO.managerPin);
  await page.getByTestId('staff-sign-in-submit').click();
  await page.getByTestId('tab-members').click();
  await page.getByTestId('members-query').fill('刘洋');
  await page.getByTestId('members-search').click();
  await page.getByTestId('members-results').getByRole('button').first().click();

  // 刘洋 joined by phone and never agreed to face recognition: the consent is recorded first.
  await expect(page.getByTestId('face-enrol')).toContainText(zh['join.consent.text']);
  await page.getByTestId('face-enrol-consent').click();
  await page.getByTestId('face-enrol-files').setInputFiles(face('lisa-debruine__pose3.jpg'));
  await page.getByTestId('face-enrol-submit').click();
  await expect(page.getByTestId('face-enrol-done')).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: artifactPath('7-manager-enrolled-from-photo'), fullPage: true });

  const kiosk = await openKiosk({ clip: makeClip({ photo: face('lisa-debruine__pose1.jpg'), leadInSeconds: 2.5 }), route: 'kiosk', initScript: installGreetProbe });
  await expect(kiosk.getByTestId('greeting-name')).toHaveText(zh['kiosk.greeting'].replace('{name}', '刘洋'));
  recordGreetMs('7-enrolled-from-photo', await readGreetMs(kiosk));
  await kiosk.getByTestId('checkin-button').click();
  // 刘洋 is on a streak in the demo data (the three days before today).
  await expect(kiosk.getByTestId('checkin-streak')).toBeVisible();
  await kiosk.screenshot({ path: artifactPath('7-kiosk-streak-checkin') });
});
