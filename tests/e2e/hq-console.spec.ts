import { chromium, expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { DEMO, must, signInOnScreen, signInStaff } from './support/arrange.js';
import { startKioskHost, type KioskHost } from './support/host.js';
import { createFirstAdmin, provisionStoreDataDir, startHqProcess, type HqProcess } from './support/hq-stack.js';
import { artifactPath, chromiumPath } from './support/paths.js';

/**
 * Issue 13 "Done when": the HQ console end to end, in Debian's Chromium, against a real HQ on
 * PostgreSQL (scratch database) with two store processes provisioned against it (`npm run provision`
 * with one-time tokens). Steps run in order on one chain: the first admin's setup link, a second
 * staff member locked out by wrong passwords, stores and tokens, a churn-risk campaign reaching the
 * cashier card, a new tier table applied by both stores, a member of one store served at the other
 * (cashier lookup through HQ's member bank, kiosk check-in, purchase) and their history from both stores, an
 * erasure request filed and carried out; then
 * screenshots of every console page in the three languages (tests/e2e/artifacts/run/hq-console-*.png;
 * the chosen ones are tracked in tests/e2e/artifacts/).
 */
test.describe.configure({ mode: 'serial' });

const CHAIN = 'chain-e2e';
const EAST = { storeId: 'store-east', name: '东门店' };
const WEST = { storeId: 'store-west', name: '西湖店' };
const ADMIN = { username: 'admin', displayName: '李经理', password: 'correct-horse-battery-9' };
/** 张伟 in the demo store: a valuable customer whose last visit was 120 days ago (churn risk at HQ's default 90 days). */
const CHURNED = { name: '张伟', phone: '13800138003' };
const LANGS = ['zh-CN', 'zh-TW', 'en'] as const;
const PAGES = ['dashboard', 'stores', 'members', 'rules', 'items', 'campaigns', 'erasure', 'staff', 'audit'] as const;
const QUIET_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=zh-CN'];

let hq: HqProcess;
let east: KioskHost;
let west: KioskHost;
let browser: Browser;
let adminContext: BrowserContext;
let console_: Page;

/** A chain calendar date (Asia/Shanghai) `days` from the moment the test runs: campaign validity around "now". */
function chainDate(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + days * 86_400_000));
}

async function newContext(): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
}

async function openPage(page: Page, id: (typeof PAGES)[number]): Promise<void> {
  await page.getByTestId(`nav-${id}`).click();
  await expect(page.getByTestId(`page-${id}`)).toBeVisible();
  await expect(page.getByRole('status').filter({ has: page.locator('.spinner') })).toHaveCount(0);
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: artifactPath(`hq-console-${name}`), fullPage: true });
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  hq = await startHqProcess();
  const eastDir = provisionStoreDataDir(hq, CHAIN, EAST.storeId, EAST.name);
  const westDir = provisionStoreDataDir(hq, CHAIN, WEST.storeId, WEST.name);
  // Both stores are demo stores (members, visits, staff PINs), uploading to HQ as soon as they start.
  [east, west] = await Promise.all([startKioskHost([], undefined, eastDir), startKioskHost([], undefined, westDir)]);
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: QUIET_FLAGS });
  adminContext = await newContext();
  console_ = await adminContext.newPage();
});

test.afterAll(async () => {
  await browser?.close();
  await Promise.all([east?.stop(), west?.stop()]);
  await hq?.stop();
});

test('the first admin opens the one-time setup link, sets a password and is signed in', async () => {
  const link = createFirstAdmin(hq, CHAIN, ADMIN.username);
  await console_.goto(link);
  await expect(console_.getByTestId('page-setup')).toBeVisible();
  for (const lang of LANGS) {
    await console_.getByTestId(`locale-${lang}`).click();
    await expect(console_.locator('html')).toHaveAttribute('lang', lang);
    await shoot(console_, `${lang}-setup`);
  }
  await console_.getByTestId('locale-zh-CN').click();
  await console_.getByLabel('显示名称').fill(ADMIN.displayName);
  await console_.getByLabel('新密码（至少 12 位）').fill(ADMIN.password);
  await console_.getByLabel('再次输入新密码').fill(ADMIN.password);
  await console_.getByTestId('setup-submit').click();
  await expect(console_.getByTestId('signed-in-as')).toContainText(ADMIN.displayName);
  // The spent token is gone from the address bar.
  expect(console_.url()).not.toContain('token=');
  // A chain admin sees every page.
  for (const id of PAGES) await expect(console_.getByTestId(`nav-${id}`)).toBeVisible();
});

test('wrong passwords lock the account, and the sign-in page says until when', async () => {
  await openPage(console_, 'staff');
  await console_.getByTestId('staff-username').fill('ops.zhao');
  await console_.getByTestId('staff-display-name').fill('赵运营');
  await console_.getByTestId('staff-add').click();
  const link = (await console_.getByTestId('setup-link').textContent()) ?? '';
  expect(link).toContain('/console/setup#token=');

  const opsContext = await newContext();
  try {
    const ops = await opsContext.newPage();
    await ops.goto(link);
    await ops.getByLabel('显示名称').fill('赵运营');
    await ops.getByLabel('新密码（至少 12 位）').fill('ops-password-2026');
    await ops.getByLabel('再次输入新密码').fill('ops-password-2026');
    await ops.getByTestId('setup-submit').click();
    // Operations: no staff page, no audit log.
    await expect(ops.getByTestId('nav-dashboard')).toBeVisible();
    await expect(ops.getByTestId('nav-staff')).toHaveCount(0);
    await expect(ops.getByTestId('nav-audit')).toHaveCount(0);
    await ops.getByTestId('sign-out').click();

    const error = ops.getByTestId('error');
    for (let attempt = 1; attempt <= 12; attempt++) {
      await ops.getByLabel('用户名').fill('ops.zhao');
      await ops.getByLabel('密码', { exact: true }).fill(`wrong-${attempt}`);
      await ops.getByTestId('signin-submit').click();
      await expect(error).toBeVisible();
      if ((await error.getAttribute('data-code')) === 'LOCKED_OUT') break;
      await expect(error).toHaveAttribute('data-code', 'BAD_CREDENTIALS');
    }
    await expect(error).toHaveAttribute('data-code', 'LOCKED_OUT');
    for (const lang of LANGS) {
      await ops.getByTestId(`locale-${lang}`).click();
      await shoot(ops, `${lang}-signin-locked`);
    }
    // Even the right password waits out the lockout.
    await ops.getByTestId('locale-zh-CN').click();
    await ops.getByLabel('用户名').fill('ops.zhao');
    await ops.getByLabel('密码', { exact: true }).fill('ops-password-2026');
    await ops.getByTestId('signin-submit').click();
    await expect(error).toHaveAttribute('data-code', 'LOCKED_OUT');
  } finally {
    await opsContext.close();
  }
});

test('stores and devices: both provisioned stores report in; a provisioning token is created (shown once) and revoked', async () => {
  await openPage(console_, 'stores');
  await expect(async () => {
    await console_.reload();
    await expect(console_.getByTestId(`store-${EAST.storeId}`)).toBeVisible({ timeout: 2_000 });
    await expect(console_.getByTestId(`store-${WEST.storeId}`)).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await console_.getByTestId(`open-store-${EAST.storeId}`).click();
  await expect(console_.getByTestId('devices-panel')).toContainText('counter-1');
  // The store's own (used) provisioning token is listed first; count after the list has loaded, then
  // wait for the new token's row, since the list reloads after the token is shown.
  const tokens = console_.getByTestId('tokens-panel').locator('tbody tr');
  await expect(tokens.first()).toBeVisible();
  const before = (await tokens.count()) + 1;
  await console_.getByTestId('create-token').click();
  await expect(console_.getByTestId('new-token')).not.toBeEmpty();
  await expect(tokens).toHaveCount(before);
  const revoke = console_.getByTestId('tokens-panel').locator('[data-testid^="revoke-"]').first();
  await revoke.click();
  await console_.getByTestId('tokens-panel').locator('[data-testid$="-confirm"]').click();
  await expect(console_.getByTestId('tokens-panel')).toContainText('已吊销');
  await expect(tokens).toHaveCount(before);
});

test('a campaign for the churn-risk segment puts its coupon on the cashier card at the store', async () => {
  const title = '回流礼券';
  await openPage(console_, 'campaigns');
  await console_.getByTestId('campaign-title').fill(title);
  await console_.getByTestId('segment-churn').check();
  // A percent coupon (issue 13): 15 % off, at most ¥20, from ¥50 up.
  await console_.getByTestId('campaign-kind-percent').check();
  await console_.getByTestId('campaign-value').fill('95');
  await expect(console_.getByTestId('campaign-percent-problem')).toBeVisible();
  await expect(console_.getByTestId('campaign-create')).toBeDisabled();
  await console_.getByTestId('campaign-value').fill('15');
  await expect(console_.getByTestId('campaign-percent-problem')).toHaveCount(0);
  await console_.getByTestId('campaign-max-off').fill('20');
  await console_.getByTestId('campaign-min-spend').fill('50');
  await console_.getByTestId('campaign-budget').fill('100');
  await console_.getByTestId('campaign-from').fill(chainDate(-1));
  await console_.getByTestId('campaign-to').fill(chainDate(30));
  // The churn-risk members are known to HQ once the stores' demo histories are uploaded.
  await expect(async () => {
    await console_.getByTestId('campaign-preview').click();
    await expect(console_.getByTestId('campaign-preview-size')).not.toHaveAttribute('data-members', '0', { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await console_.getByTestId('campaign-create').click();
  await expect(console_.getByTestId('campaign-created')).toBeVisible();
  await expect(console_.getByTestId('campaigns-table')).toContainText(title);
  await expect(console_.getByTestId('campaigns-table')).toContainText('15%');

  const cashierContext = await newContext();
  try {
    const cashier = await cashierContext.newPage();
    const url = new URL(east.launchUrl);
    url.hash = '/cashier';
    await cashier.goto(url.toString());
    await signInOnScreen(cashier, 'cashier');
    // The coupon arrives with the store's next downlink (every 5 s here): look the member up until it shows.
    await expect(async () => {
      await cashier.getByTestId('lookup-input').fill(CHURNED.phone);
      await cashier.getByTestId('lookup-input').press('Enter');
      await expect(cashier.getByTestId('card-name')).toHaveText(CHURNED.name, { timeout: 2_000 });
      await expect(cashier.getByTestId('card-coupons')).toContainText(title, { timeout: 2_000 });
      await expect(cashier.getByTestId('card-coupons')).toContainText('15%', { timeout: 2_000 });
    }).toPass({ timeout: 60_000 });
  } finally {
    await cashierContext.close();
  }
});

test('a new tier table is published and both stores apply it in their next sync cycle', async () => {
  await openPage(console_, 'rules');
  await console_.getByTestId('rules-start-eyewear').click();
  await console_.getByTestId('tier-1-spend').fill('1500');
  await expect(console_.getByTestId('rules-issues')).toHaveCount(0);
  await console_.getByTestId('rules-preview').click();
  await expect(console_.getByTestId('rules-preview-result')).toBeVisible();
  await console_.getByTestId('rules-publish-button').click();
  const published = console_.getByTestId('rules-published');
  await expect(published).toBeVisible();
  const version = await published.getAttribute('data-version');
  expect(version).toMatch(/^\d+$/);
  // The versions list names who published it (the staff id only as the tooltip).
  await expect(async () => {
    await console_.reload();
    await expect(console_.getByTestId(`rules-version-${version}-by`)).toHaveText(ADMIN.displayName, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await openPage(console_, 'stores');
  await expect(async () => {
    await console_.reload();
    await expect(console_.getByTestId(`store-${EAST.storeId}`)).toContainText(`v${version}`, { timeout: 2_000 });
    await expect(console_.getByTestId(`store-${WEST.storeId}`)).toContainText(`v${version}`, { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
});

test("a member of one store is served at the other; HQ's member page shows their history from both stores; an erasure is filed and carried out", async () => {
  const member = { name: '周敏', phone: '13700137001' };
  const { memberId } = await must(east.call<{ memberId: string }>('members.create', { opId: 'e2e-hq-join', name: member.name, phone: member.phone }));
  await must(east.call('checkin.byPhone', { opId: 'e2e-hq-checkin-east', phone: member.phone }));

  // HQ knows the member once the store's next upload is in.
  await expect(async () => {
    await openPage(console_, 'members');
    await console_.getByTestId('member-query').fill(member.phone);
    await console_.getByTestId('member-search').click();
    await expect(console_.getByTestId(`open-member-${memberId}`)).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });

  // West's cashier types the number: unknown at West, found through HQ's member bank, opened with their home store.
  const cashierContext = await newContext();
  try {
    const cashier = await cashierContext.newPage();
    const url = new URL(west.launchUrl);
    url.hash = '/cashier';
    await cashier.goto(url.toString());
    await signInOnScreen(cashier, 'cashier');
    await cashier.getByTestId('lookup-input').fill(member.phone);
    await cashier.getByTestId('lookup-input').press('Enter');
    await expect(cashier.getByTestId('card-name')).toHaveText(member.name);
    await expect(cashier.getByTestId('card-home-store')).toHaveAttribute('data-store-id', EAST.storeId);
    await expect(cashier.getByTestId('card-no-face-here')).toBeVisible();
    await shoot(cashier, 'zh-CN-west-cashier-member-of-east');
  } finally {
    await cashierContext.close();
  }
  // At West the member checks in at the kiosk and buys: West's own events for the same member id.
  await must(west.call('checkin.byPhone', { opId: 'e2e-hq-checkin-west', phone: member.phone }, 'e2e-west-kiosk'));
  await must(signInStaff(west, 'cashier', 'e2e-west-till'));
  await must(west.call('purchases.record', { opId: 'e2e-hq-buy-west', memberId, items: [{ sku: 'E2E-LENS', name: '镜片', qty: 1, unitPriceFen: 38_000 }] }, 'e2e-west-till'));

  await console_.getByTestId(`open-member-${memberId}`).click();
  await expect(console_.getByTestId('member-name')).toHaveText(member.name);
  await expect(async () => {
    await console_.reload();
    const checkIns = console_.getByTestId('member-checkins');
    await expect(checkIns.locator(`tr[data-store="${EAST.storeId}"]`)).toBeVisible({ timeout: 2_000 });
    await expect(checkIns.locator(`tr[data-store="${WEST.storeId}"]`)).toBeVisible({ timeout: 2_000 });
    await expect(console_.getByTestId('member-ledger').locator(`tr[data-store="${WEST.storeId}"]`).first()).toBeVisible({ timeout: 2_000 });
    // The points the purchase at West earned (its own upload may come a little later).
    await expect(console_.getByTestId('member-ledger').locator(`tr[data-store="${WEST.storeId}"] td[data-reason="earn"]`).first()).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  // Stores by name, each id as the tooltip; ledger reasons in words, never the raw code.
  const eastCheckIns = console_.getByTestId('member-checkins').locator(`tr[data-store="${EAST.storeId}"] [data-store-id="${EAST.storeId}"]`);
  await expect(eastCheckIns).toHaveText(EAST.name);
  await expect(eastCheckIns).toHaveAttribute('title', EAST.storeId);
  await expect(console_.getByTestId('member-checkins').locator(`tr[data-store="${WEST.storeId}"] [data-store-id="${WEST.storeId}"]`)).toHaveText(WEST.name);
  await expect(console_.getByTestId('member-ledger').locator(`tr[data-store="${WEST.storeId}"] [data-store-id="${WEST.storeId}"]`).first()).toHaveText(WEST.name);
  await expect(console_.getByTestId('page-member').locator('.facts').locator(`[data-store-id="${EAST.storeId}"]`)).toHaveText(EAST.name);
  await expect(console_.getByTestId('member-ledger').locator(`tr[data-store="${WEST.storeId}"] td[data-reason="earn"]`).first()).toHaveText('消费积分');
  const reasons = await console_.getByTestId('member-ledger').locator('td[data-reason]').evaluateAll((cells) => cells.map((c) => [c.getAttribute('data-reason'), c.textContent]));
  expect(reasons.length).toBeGreaterThan(0);
  expect(reasons.filter(([code, text]) => code === text)).toEqual([]);
  await shoot(console_, 'zh-CN-member-profile');

  // Filed from the profile, then carried out on the erasure page.
  await console_.getByTestId('member-file-erasure').click();
  await console_.getByTestId('erasure-submit').click();
  const filed = console_.getByTestId('erasure-filed');
  await expect(filed).toBeVisible();
  const eventId = (await filed.getAttribute('data-event-id')) ?? '';
  await openPage(console_, 'erasure');
  const row = console_.getByTestId(`erasure-${eventId}`);
  await expect(row).toHaveAttribute('data-status', 'pending');
  await expect(row.locator(`[data-store-id="${EAST.storeId}"]`)).toHaveText(EAST.name);
  await row.getByTestId(`complete-${eventId}`).click();
  await row.getByTestId(`complete-${eventId}-confirm`).click();
  await expect(console_.getByTestId('erasure-completed')).toBeVisible();
  await expect(row).toHaveAttribute('data-status', 'carried_out');
});

test('screenshots of every console page in the three languages', async () => {
  for (const lang of LANGS) {
    await console_.getByTestId(`locale-${lang}`).click();
    await expect(console_.locator('html')).toHaveAttribute('lang', lang);
    for (const id of PAGES) {
      await openPage(console_, id);
      if (id === 'stores') await console_.getByTestId(`open-store-${EAST.storeId}`).click();
      await expect(console_.getByTestId('error')).toHaveCount(0);
      await shoot(console_, `${lang}-${id}`);
    }
  }
});
