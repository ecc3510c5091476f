import { artifactPath } from './support/paths.js';
import { expect, test } from './support/fixtures.js';

test('the status page shows the result of a real contract call (system.getInfo)', async ({ host, openKiosk }) => {
  const page = await openKiosk({ clip: null });
  const info = page.getByTestId('system-info');
  await expect(info).toBeVisible();
  await expect(page.getByTestId('system-transport')).toHaveText('浏览器（本机服务）');
  const direct = await host.call<{ store: { name: string }; schemaVersion: number }>('system.getInfo', {});
  if (!direct.ok) throw new Error(direct.error.message);
  await expect(page.getByTestId('system-store-name')).toHaveText(direct.value.store.name);
  await expect(page.getByTestId('system-schema-version')).toHaveText(String(direct.value.schemaVersion));
  await page.screenshot({ path: artifactPath('00-system-info'), fullPage: true });
});
