import { chromium, expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { signInOnScreen } from './support/arrange.js';
import { startKioskHost, type KioskHost } from './support/host.js';
import { createFirstAdmin, provisionStoreDataDir, startHqProcess, type HqProcess } from './support/hq-stack.js';
import { artifactPath, chromiumPath } from './support/paths.js';

/**
 * Issue 15 item 3 end to end, in Debian's Chromium: a real HQ on PostgreSQL (scratch database) and a
 * demo store provisioned against it. The chain admin adds an item on the console's Items page and
 * publishes the catalogue; after the store's next sync cycle the item is on the cashier's grid (with
 * HQ's id) and the manager's Items tab says "from head office, version N". Screenshots of the Items
 * page in the three languages and of the manager's tab (tests/e2e/artifacts/run/hq-catalogue-*.png).
 */
test.describe.configure({ mode: 'serial' });

const CHAIN = 'chain-items';
const STORE = { storeId: 'store-items', name: '南门店' };
const ADMIN = { username: 'admin', displayName: '王经理', password: 'correct-horse-battery-7' };
/** A demo member to open at the till (the grid is part of an order). */
const MEMBER = { name: '张伟', phone: '13800138003' };
const ITEM = { id: 'FLAT-WHITE', names: { 'zh-CN': '澳白', 'zh-TW': '澳白', en: 'Flat White' }, category: { 'zh-CN': '咖啡', 'zh-TW': '咖啡', en: 'Coffee' }, price: '30' };
const LANGS = ['zh-CN', 'zh-TW', 'en'] as const;
const QUIET_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=zh-CN'];

let hq: HqProcess;
let store: KioskHost;
let browser: Browser;
let context: BrowserContext;
let console_: Page;
let version = '';

const shoot = (page: Page, name: string) => page.screenshot({ path: artifactPath(`hq-catalogue-${name}`), fullPage: true });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  hq = await startHqProcess();
  const dataDir = provisionStoreDataDir(hq, CHAIN, STORE.storeId, STORE.name);
  store = await startKioskHost([], undefined, dataDir);
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: QUIET_FLAGS });
  context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  console_ = await context.newPage();
});

test.afterAll(async () => {
  await browser?.close();
  await store?.stop();
  await hq?.stop();
});

test('the chain admin adds an item on the Items page and publishes the catalogue to every store', async () => {
  await console_.goto(createFirstAdmin(hq, CHAIN, ADMIN.username));
  await console_.getByLabel('显示名称').fill(ADMIN.displayName);
  await console_.getByLabel('新密码（至少 12 位）').fill(ADMIN.password);
  await console_.getByLabel('再次输入新密码').fill(ADMIN.password);
  await console_.getByTestId('setup-submit').click();
  await expect(console_.getByTestId('signed-in-as')).toContainText(ADMIN.displayName);

  await console_.getByTestId('nav-items').click();
  await expect(console_.getByTestId('page-items')).toBeVisible();
  await console_.getByTestId('item-new').click();
  // Checked before it is sent: nothing typed yet names every problem.
  await console_.getByTestId('item-save').click();
  await expect(console_.getByTestId('item-issues').locator('li')).toHaveCount(3);
  await console_.getByTestId('item-id').fill(ITEM.id);
  await console_.getByTestId('item-price').fill(ITEM.price);
  for (const lang of LANGS) {
    await console_.getByTestId(`item-name-${lang}`).fill(ITEM.names[lang]);
    await console_.getByTestId(`item-category-${lang}`).fill(ITEM.category[lang]);
  }
  await console_.getByTestId('item-save').click();
  await expect(console_.getByTestId('item-saved')).toBeVisible();
  await expect(console_.getByTestId(`item-row-${ITEM.id}`)).toContainText(ITEM.names['zh-CN']);

  await console_.getByTestId('items-publish-button').click();
  const published = console_.getByTestId('items-published');
  await expect(published).toBeVisible();
  version = (await published.getAttribute('data-version')) ?? '';
  expect(version).toMatch(/^\d+$/);
  await expect(console_.getByTestId(`items-version-${version}`)).toBeVisible();
});

test("after the store's next sync cycle the cashier's grid has the item, and HQ sees the store applied it", async () => {
  const cashierContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  try {
    const cashier = await cashierContext.newPage();
    const url = new URL(store.launchUrl);
    url.hash = '/cashier';
    await cashier.goto(url.toString());
    await signInOnScreen(cashier, 'cashier');
    await cashier.getByTestId('lookup-input').fill(MEMBER.phone);
    await cashier.getByTestId('lookup-input').press('Enter');
    await expect(cashier.getByTestId('card-name')).toHaveText(MEMBER.name);
    // The downlink runs every 5 s here; the open grid lists the catalogue again when a version takes effect.
    const item = cashier.locator(`[data-testid="catalogue-item"][data-item-id="${ITEM.id}"]`);
    await expect(item).toBeVisible({ timeout: 60_000 });
    await expect(item).toContainText(ITEM.names['zh-CN']);
    await item.click();
    await shoot(cashier, 'zh-CN-cashier-grid');
  } finally {
    await cashierContext.close();
  }
  // The store's catalogue.applied report reaches HQ with its next upload.
  await expect(async () => {
    await console_.reload();
    await expect(console_.getByTestId(`items-version-${version}`)).toContainText(STORE.name, { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
});

test("the manager's Items tab says the catalogue is head office's version", async () => {
  const managerContext = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  try {
    const manager = await managerContext.newPage();
    const url = new URL(store.launchUrl);
    url.hash = '/manager';
    await manager.goto(url.toString());
    await signInOnScreen(manager, 'manager');
    await manager.getByTestId('tab-items').click();
    await expect(manager.getByTestId('items-hq-version')).toHaveAttribute('data-version', version);
    await expect(manager.getByTestId(`items-row-${ITEM.id}`)).toHaveAttribute('data-source', 'hq');
    // Head office's items have no edit button at the store.
    await expect(manager.getByTestId(`items-edit-${ITEM.id}`)).toHaveCount(0);
    await shoot(manager, 'zh-CN-manager-items');
  } finally {
    await managerContext.close();
  }
});

test('screenshots of the Items page in the three languages', async () => {
  for (const lang of LANGS) {
    await console_.getByTestId(`locale-${lang}`).click();
    await expect(console_.locator('html')).toHaveAttribute('lang', lang);
    await expect(console_.getByTestId('page-items')).toBeVisible();
    await expect(console_.getByTestId('error')).toHaveCount(0);
    await shoot(console_, `${lang}-items`);
  }
});
