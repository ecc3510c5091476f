import { makeClip } from './support/clips.js';
import { expect, SCREENS, test, type Lang } from './support/fixtures.js';
import { artifactPath } from './support/paths.js';
import { auditTasks } from './manager/audit-tasks.js';
import { dashboardTasks } from './manager/dashboard-tasks.js';
import { maintenanceTasks } from './manager/maintenance-tasks.js';
import { memberCareTasks } from './manager/member-care-tasks.js';
import { memberTasks } from './manager/member-tasks.js';
import { signInAsManager, staffTasks } from './manager/staff-tasks.js';

/**
 * Issue 15 (part C): the manager's tasks, done through the UI as a manager would, in each
 * language, on the back-office PC's 1920×1080 screen, with a screenshot of every step (tests/e2e/artifacts/run/15c-<lang>-*.png, untracked;
 * `npm run artifacts:update` copies the chosen ones up into the tracked tests/e2e/artifacts/).
 */
const LANGS: Lang[] = ['zh-CN', 'zh-TW', 'en'];

for (const lang of LANGS) {
  test(`(15c) the manager's tasks in ${lang}`, async ({ host, openKiosk }) => {
    // A camera with nobody in front of it: the maintenance tab lists it for the camera choice.
    const page = await openKiosk({ clip: makeClip({ photo: null, leadInSeconds: 1, faceSeconds: 1 }), route: 'manager', lang, viewport: SCREENS.desktop });
    const shot = (name: string) => page.screenshot({ path: artifactPath(`15c-${lang}-${name}`), fullPage: true });
    await signInAsManager(page);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    await staffTasks(page, host, lang, shot);
    await memberTasks(page, lang, shot);
    await memberCareTasks(page, host, lang, shot);
    await auditTasks(page, lang, shot);
    await maintenanceTasks(page, lang, shot);
    await dashboardTasks(page, lang, shot);
  });
}
